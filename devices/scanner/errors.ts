import type { ScanProtocol } from './types.ts';

/** Known failures of the scanner: a rejected scan, and why a wait for one ended without a scan. */

export type ScanErrorCode =
  /** More characters than `maxLength`: not a kiosk QR. The excess was not kept. */
  | 'tooLong'
  /** A control character, a key with no character (F1, arrows, Ctrl+…), or a terminator the configuration does not expect. */
  | 'nonPrintable'
  /** The scan stopped half-way: no terminator (keyboard) or a "more data follows" report never followed (HID POS). */
  | 'incomplete'
  /** A report that fits no format this scanner speaks. */
  | 'malformedReport'
  /** HID POS data that is not valid UTF-8. */
  | 'badEncoding';

/** A rejected scan. It never carries the scanned text (it may hold a sign-in token). */
export interface ScanError {
  code: ScanErrorCode;
  detail: string;
  protocol: ScanProtocol;
  /** Characters (keyboard) or bytes (HID POS) received before the rejection. */
  received: number;
  at: number;
}

/** Why `nextScan()` returned without a scan. */
export type ScanWaitError = { code: 'timeOut'; timeoutMs: number } | { code: 'canceled' } | { code: 'closed' };
