import type { HidDeviceInfo } from '../common/hid/types.ts';
import type { ReportDescriptor } from '../common/hid/report-descriptor.ts';
import { USAGE_KEYBOARD, USAGE_PAGE_BARCODE_SCANNER, USAGE_PAGE_GENERIC_DESKTOP } from '../common/hid/usages.ts';
import { POS_REPORT_ID } from './pos-reports.ts';
import type { ScanProtocol } from './types.ts';


export interface ResolvedProtocol {
  protocol: ScanProtocol;
  posReportId: number;
  keyboardReportId: number | null;
}

/**
 * Decides how to read an opened scanner: the configured protocol, or (`auto`) what its report
 * descriptor or enumeration says it is. Report IDs come from the descriptor when there is one.
 */
export function resolveScanProtocol(configured: ScanProtocol | 'auto', device: HidDeviceInfo, descriptor: ReportDescriptor | null): ResolvedProtocol {
  const posApp = descriptor?.applications.find((a) => a.usagePage === USAGE_PAGE_BARCODE_SCANNER);
  const keyboardApp = descriptor?.applications.find((a) => a.usagePage === USAGE_PAGE_GENERIC_DESKTOP && a.usage === USAGE_KEYBOARD);
  const protocol: ScanProtocol =
    configured !== 'auto' ? configured : posApp || device.usagePage === USAGE_PAGE_BARCODE_SCANNER ? 'pos' : 'keyboard';
  const posIds = posApp?.inputReportIds ?? [];
  const posReportId = posIds.includes(POS_REPORT_ID) ? POS_REPORT_ID : (posIds.find((id) => id !== 0) ?? POS_REPORT_ID);
  const keyboardReportId = keyboardApp?.inputReportIds.find((id) => id !== 0) ?? null;
  return { protocol, posReportId, keyboardReportId };
}
