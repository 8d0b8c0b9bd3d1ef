import { KEYBOARD_LAYOUTS, type KeyboardLayoutName } from './keyboard-layout.ts';
import { KeyboardReportDecoder } from './keyboard-reports.ts';
import { KeyboardScanAssembler, type Terminator } from './keyboard-scan.ts';
import { POS_REPORT_ID, PosScanAssembler } from './pos-reports.ts';
import type { ScanOutcome, ScanProtocol } from './types.ts';

export interface ScanParserOptions {
  protocol: ScanProtocol;
  /** HID POS: the scanned-data report ID (2 on every scanner we know). */
  posReportId?: number;
  /** Keyboard: the keyboard input report ID when the device numbers its reports, null for boot keyboards. */
  keyboardReportId?: number | null;
  layout: KeyboardLayoutName;
  maxLength: number;
  terminator: Terminator;
  interKeyTimeoutMs: number;
}

/**
 * Input reports in, scans and typed rejections out. Pure and clock-driven (the caller passes the
 * time), so it is fuzzed directly and the driver only adds a timer for `deadline()`.
 */
export class ScanParser {
  readonly #protocol: ScanProtocol;
  readonly #posReportId: number;
  readonly #keyboard: KeyboardReportDecoder;
  readonly #keys: KeyboardScanAssembler;
  readonly #pos: PosScanAssembler;
  readonly #keyboardReportId: number | null;
  /** Reports ignored because they carry another report ID (status, attributes, consumer keys). */
  ignoredReports = 0;

  constructor(options: ScanParserOptions) {
    this.#protocol = options.protocol;
    this.#posReportId = options.posReportId ?? POS_REPORT_ID;
    const keyboardReportId = options.keyboardReportId ?? null;
    this.#keyboard = new KeyboardReportDecoder(keyboardReportId);
    this.#keys = new KeyboardScanAssembler(KEYBOARD_LAYOUTS[options.layout], options);
    this.#pos = new PosScanAssembler(options);
    this.#keyboardReportId = keyboardReportId;
  }

  get protocol(): ScanProtocol {
    return this.#protocol;
  }

  push(report: Uint8Array, at: number): ScanOutcome[] {
    if (this.#protocol === 'pos') {
      if (report[0] !== this.#posReportId) {
        this.ignoredReports++;
        return this.#pos.tick(at);
      }
      return this.#pos.push(report, at);
    }
    if (this.#keyboardReportId !== null && report.length > 0 && report[0] !== this.#keyboardReportId) {
      this.ignoredReports++;
      return this.#keys.tick(at);
    }
    const decoded = this.#keyboard.push(report);
    if (!decoded.ok) {
      this.#keyboard.reset();
      return this.#keys.fail('malformedReport', decoded.detail, at);
    }
    const out = this.#keys.tick(at);
    for (const input of decoded.inputs) out.push(...this.#keys.input(input, at));
    return out;
  }

  /** Ends scans whose pause ran out; call at `deadline()`. */
  tick(at: number): ScanOutcome[] {
    return this.#protocol === 'pos' ? this.#pos.tick(at) : this.#keys.tick(at);
  }

  /** When `tick` has something to decide, or null when no scan is under way. */
  deadline(): number | null {
    return this.#protocol === 'pos' ? this.#pos.deadline() : this.#keys.deadline();
  }

  reset(): void {
    this.#keyboard.reset();
    this.#keys.reset();
    this.#pos.reset();
  }
}
