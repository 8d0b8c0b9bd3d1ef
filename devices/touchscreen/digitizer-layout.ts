import { err, ok, type Result } from '../../core/result.ts';
import { reportKey, type ReportDescriptor, type ReportField } from '../common/hid/report-descriptor.ts';
import type { DigitizerLayoutError } from './errors.ts';

export const USAGE_PAGE_DIGITIZER = 0x0d;
export const USAGE_TOUCH_SCREEN = 0x04;
const GENERIC_DESKTOP = 0x01;
const X = 0x30;
const Y = 0x31;
const TIP_SWITCH = 0x42;
const IN_RANGE = 0x32;
const CONFIDENCE = 0x47;
const CONTACT_ID = 0x51;
const CONTACT_COUNT = 0x54;

/** Where one finger's values sit in the touch report. */
export interface ContactSlot {
  x: ReportField;
  y: ReportField;
  tip: ReportField | null;
  inRange: ReportField | null;
  confidence: ReportField | null;
  contactId: ReportField | null;
}

export interface DigitizerLayout {
  /** 0 when the device uses no report IDs. */
  reportId: number;
  /** Payload bytes of the touch report (without the report ID). */
  reportBytes: number;
  slots: ContactSlot[];
  /** Present on multi-touch screens; drives hybrid mode (contacts spread over several reports). */
  contactCount: ReportField | null;
}

/**
 * Finds the touch report in a parsed descriptor: the input report of the touch-screen application
 * collection (0x0D/0x04) that carries X and Y, with one slot per finger collection.
 */
export function digitizerLayout(descriptor: ReportDescriptor): Result<DigitizerLayout, DigitizerLayoutError> {
  const app =
    descriptor.applications.find((a) => a.usagePage === USAGE_PAGE_DIGITIZER && a.usage === USAGE_TOUCH_SCREEN) ??
    descriptor.applications.find((a) => a.usagePage === USAGE_PAGE_DIGITIZER);
  if (!app) return err({ code: 'noTouchCollection', detail: 'no digitizer (usage page 0x0D) application collection' });
  const inApp = descriptor.fields.filter((f) => f.kind === 'input' && f.collections[0]?.index === app.index);
  for (const reportId of app.inputReportIds) {
    const fields = inApp.filter((f) => f.reportId === reportId);
    const groups = new Map<number, ReportField[]>();
    const top: ReportField[] = [];
    for (const f of fields) {
      const inner = f.collections.at(-1)!;
      if (inner.index === app.index) top.push(f);
      else groups.set(inner.index, [...(groups.get(inner.index) ?? []), f]);
    }
    const is = (f: ReportField, page: number, usage: number) => f.usagePage === page && f.usage === usage && f.arrayUsages === null;
    const find = (fs: ReportField[], page: number, usage: number) => fs.find((f) => is(f, page, usage)) ?? null;
    const slots: ContactSlot[] = [];
    // Single-touch screens often put X/Y straight in the application collection.
    for (const fs of [...groups.values(), top]) {
      const x = find(fs, GENERIC_DESKTOP, X);
      const y = find(fs, GENERIC_DESKTOP, Y);
      if (!x || !y || x.logicalMax <= x.logicalMin || y.logicalMax <= y.logicalMin) continue;
      slots.push({
        x,
        y,
        tip: find(fs, USAGE_PAGE_DIGITIZER, TIP_SWITCH),
        inRange: find(fs, USAGE_PAGE_DIGITIZER, IN_RANGE),
        confidence: find(fs, USAGE_PAGE_DIGITIZER, CONFIDENCE),
        contactId: find(fs, USAGE_PAGE_DIGITIZER, CONTACT_ID),
      });
    }
    if (slots.length === 0) continue;
    const contactCount = find(fields, USAGE_PAGE_DIGITIZER, CONTACT_COUNT);
    return ok({ reportId, reportBytes: descriptor.reportBytes.get(reportKey('input', reportId)) ?? 0, slots, contactCount });
  }
  return err({ code: 'noCoordinates', detail: 'the touch-screen collection has no input report with X and Y' });
}
