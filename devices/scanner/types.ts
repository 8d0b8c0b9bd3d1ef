import type { DeviceStatus } from '../../core/device-status.ts';
import type { ScanError } from './errors.ts';

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

export type ScanOutcome = { kind: 'scan'; scan: Scan } | { kind: 'rejected'; error: ScanError };

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
