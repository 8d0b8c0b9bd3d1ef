import type { DeviceStatus } from '../../core/device-status.ts';

/** How the scanner talks: HID POS (usage page 0x8C) or typing as a keyboard. */
export type ScanProtocol = 'pos' | 'keyboard';

/** A finished scan: the text of the QR on the citizen's SMS/e-mail or on a document slip. */
export interface Scan {
  text: string;
  protocol: ScanProtocol;
  /** AIM symbology identifier such as `]Q1` (HID POS only; keyboard mode does not carry it). */
  aim: string | null;
  symbology: Symbology | null;
  /** Clock time the scan finished. */
  at: number;
}

export type Symbology = 'qr' | 'dataMatrix' | 'pdf417' | 'aztec' | 'code128' | 'code39' | 'ean' | 'other';

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

export type ScanOutcome = { kind: 'scan'; scan: Scan } | { kind: 'rejected'; error: ScanError };

/** Why `nextScan()` returned without a scan. */
export type ScanWaitError = { code: 'timeOut'; timeoutMs: number } | { code: 'canceled' } | { code: 'closed' };

export interface ScannerCapabilities {
  protocols: ScanProtocol[];
  maxLength: number;
}

export interface ScannerEvents {
  scan: [Scan];
  scanRejected: [ScanError];
  /** The same text again within the repeat window (a QR held under the scanner): ignored. */
  scanRepeated: [{ protocol: ScanProtocol; at: number; length: number }];
  status: [DeviceStatus];
  /** The driver closed; waiting calls return `closed`. */
  closed: [];
}
