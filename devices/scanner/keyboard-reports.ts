/**
 * Boot-protocol keyboard reports (HID 1.11 appendix B.1: modifiers, reserved, up to six key usages)
 * turned into key presses, the way a host's keyboard driver does: a press is a usage that appears
 * in a report and was not in the previous one, so key rollover ("a", "a b", "b") and scanners that
 * send shift in a report of its own both read right.
 */

export const MOD_LCTRL = 0x01;
export const MOD_LSHIFT = 0x02;
export const MOD_LALT = 0x04;
export const MOD_LGUI = 0x08;
export const MOD_RCTRL = 0x10;
export const MOD_RSHIFT = 0x20;
export const MOD_RALT = 0x40;
export const MOD_RGUI = 0x80;

export type KeyInput =
  | { kind: 'key'; usage: number; shift: boolean; ctrl: boolean; alt: boolean; gui: boolean }
  /** A character typed as Alt + keypad digits (a layout-independent scanner mode). */
  | { kind: 'altCode'; code: number };

export type KeyboardReportResult =
  | { ok: true; inputs: KeyInput[] }
  /** The keyboard said its keys are ambiguous (ErrorRollOver / POSTFail / ErrorUndefined): the report is skipped. */
  | { ok: true; inputs: []; phantom: true }
  | { ok: false; detail: string };

const KEYPAD_DIGIT: ReadonlyMap<number, number> = new Map([
  [0x59, 1], [0x5a, 2], [0x5b, 3], [0x5c, 4], [0x5d, 5], [0x5e, 6], [0x5f, 7], [0x60, 8], [0x61, 9], [0x62, 0],
]);
/** Alt codes are up to four digits (Alt+0nnn is the Windows ANSI form scanners use); longer is not a character. */
const MAX_ALT_DIGITS = 4;

export class KeyboardReportDecoder {
  #previous = new Set<number>();
  #previousAlt = false;
  #altDigits: number[] | null = null;

  /**
   * @param reportId the keyboard report's ID when the device numbers its reports, else null (boot keyboards).
   */
  constructor(private readonly reportId: number | null) {}

  push(report: Uint8Array): KeyboardReportResult {
    let payload = report;
    if (this.reportId !== null) {
      if (report[0] !== this.reportId) return { ok: false, detail: `report ID ${report[0] ?? 'none'} is not the keyboard report ${this.reportId}` };
      payload = report.subarray(1);
    }
    if (payload.length < 3 || payload.length > 64) return { ok: false, detail: `keyboard report of ${payload.length} bytes (3..64 expected)` };
    const modifiers = payload[0]!;
    const keys = [...payload.subarray(2)].filter((k) => k !== 0);
    if (keys.some((k) => k >= 0x01 && k <= 0x03)) return { ok: true, inputs: [], phantom: true };

    const shift = (modifiers & (MOD_LSHIFT | MOD_RSHIFT)) !== 0;
    const ctrl = (modifiers & (MOD_LCTRL | MOD_RCTRL)) !== 0;
    const alt = (modifiers & (MOD_LALT | MOD_RALT)) !== 0;
    const gui = (modifiers & (MOD_LGUI | MOD_RGUI)) !== 0;
    const inputs: KeyInput[] = [];

    // Alt released: an Alt code being typed is complete.
    if (!alt && this.#previousAlt && this.#altDigits !== null) {
      if (this.#altDigits.length > 0) inputs.push({ kind: 'altCode', code: this.#altDigits.reduce((n, d) => n * 10 + d, 0) });
      this.#altDigits = null;
    }
    if (alt && !this.#previousAlt && !ctrl && !shift && !gui) this.#altDigits = [];

    for (const usage of keys) {
      if (this.#previous.has(usage)) continue;
      const digit = KEYPAD_DIGIT.get(usage);
      if (this.#altDigits !== null && alt && !ctrl && !shift && !gui && digit !== undefined && this.#altDigits.length < MAX_ALT_DIGITS) {
        this.#altDigits.push(digit);
        continue;
      }
      // Any other key while Alt is down is a plain Alt+key press (and ends the Alt code).
      this.#altDigits = null;
      inputs.push({ kind: 'key', usage, shift, ctrl, alt, gui });
    }
    this.#previous = new Set(keys);
    this.#previousAlt = alt;
    return { ok: true, inputs };
  }

  reset(): void {
    this.#previous = new Set();
    this.#previousAlt = false;
    this.#altDigits = null;
  }
}
