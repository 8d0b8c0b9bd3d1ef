import { POS_DATA_MAX, POS_DATA_OFFSET, POS_FLAGS_OFFSET, POS_REPORT_BYTES, POS_REPORT_ID } from './pos-reports.ts';

export interface PosScanOptions {
  /** AIM symbology identifier, `]Q1` for a QR code. */
  aim?: string;
  /** Honeywell's own symbology byte (`s` for QR), as in byte 61. */
  vendorSymbology?: number;
  reportId?: number;
  /** Some scanners keep their programmed suffix in HID POS mode too. */
  suffix?: '' | '\r' | '\r\n' | '\t';
}

/** Text or raw bytes → the scanned-data reports a HID POS scanner sends, 56 data bytes a report. */
export function encodePosScan(data: string | Uint8Array, options: PosScanOptions = {}): Uint8Array[] {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data + (options.suffix ?? '')) : data;
  const aim = options.aim ?? ']Q1';
  const reports: Uint8Array[] = [];
  let offset = 0;
  do {
    const chunk = bytes.subarray(offset, offset + POS_DATA_MAX);
    offset += chunk.length;
    const r = new Uint8Array(POS_REPORT_BYTES);
    r[0] = options.reportId ?? POS_REPORT_ID;
    r[1] = chunk.length;
    for (let i = 0; i < 3; i++) r[2 + i] = aim.charCodeAt(i) & 0xff;
    r.set(chunk, POS_DATA_OFFSET);
    r[61] = options.vendorSymbology ?? 0x73;
    r[POS_FLAGS_OFFSET] = offset < bytes.length ? 1 : 0;
    reports.push(r);
  } while (offset < bytes.length);
  return reports;
}
