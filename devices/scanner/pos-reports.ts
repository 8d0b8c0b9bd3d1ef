import type { ScanOutcome, Symbology } from './types.ts';
import { ScanAssembler } from './scan-assembler.ts';

/**
 * HID POS scanned-data reports (usage page 0x8C, "HID Point of Sale Usage Tables" 1.02), in the
 * layout Honeywell, Zebra, Datalogic and Access-IS scanners send:
 *
 *   [0] report ID (2)   [1] data length (0..56)   [2..4] AIM symbology identifier, e.g. "]Q1"
 *   [5..60] data        [61] vendor symbology id  [62] reserved   [63] bit 0: more data follows
 *
 * Long codes come as several reports; the last one has bit 0 of byte 63 clear.
 */
export const POS_REPORT_ID = 2;
export const POS_REPORT_BYTES = 64;
export const POS_DATA_OFFSET = 5;
export const POS_DATA_MAX = 56;
export const POS_FLAGS_OFFSET = 63;

const utf8 = new TextDecoder('utf-8', { fatal: true });
// C0 and C1 controls and DEL: a kiosk QR is text, and a control character means a misread or an injection attempt.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const SUFFIX = /(\r\n|\r|\n|\t)$/;

export function symbologyOf(aim: string | null): Symbology | null {
  if (!aim || aim[0] !== ']') return null;
  switch (aim[1]) {
    case 'Q': return 'qr';
    case 'd': return 'dataMatrix';
    case 'L': return 'pdf417';
    case 'z': return 'aztec';
    case 'C': return 'code128';
    case 'A': return 'code39';
    case 'E': return 'ean';
    default: return 'other';
  }
}

export class PosScanAssembler extends ScanAssembler {
  #chunks: Uint8Array[] = [];
  #bytes = 0;
  #aim: string | null = null;

  constructor(
    private readonly limits: { maxLength: number; interKeyTimeoutMs: number },
  ) {
    super(limits);
  }

  /** One report with the scanned-data report ID. */
  push(report: Uint8Array, at: number): ScanOutcome[] {
    const out = this.tick(at);
    if (report.length < POS_DATA_OFFSET) return this.#malformed(out, `scanned-data report of ${report.length} bytes`, at, report);
    const length = report[1]!;
    const room = Math.min(POS_DATA_MAX, report.length - POS_DATA_OFFSET);
    if (length > room) return this.#malformed(out, `data length ${length} does not fit a report of ${report.length} bytes`, at, report);
    const more = report.length > POS_FLAGS_OFFSET && (report[POS_FLAGS_OFFSET]! & 1) === 1;
    if (this.lastAt === null && report[2] === 0x5d) this.#aim = String.fromCharCode(report[2]!, report[3]!, report[4]!);
    if (this.lastAt === null && length === 0 && !more) return out; // an empty report: nothing was scanned
    this.lastAt = at;
    this.#bytes += length;
    // UTF-8 needs at most 4 bytes a character: past that the text is too long whatever it holds.
    if (!this.problem && this.#bytes > this.limits.maxLength * 4) this.noteProblem('tooLong', `more than ${this.limits.maxLength} characters`);
    if (!this.problem) this.#chunks.push(report.slice(POS_DATA_OFFSET, POS_DATA_OFFSET + length));
    if (!more) out.push(this.#finish(at));
    return out;
  }

  protected endByPause(at: number): ScanOutcome {
    if (!this.problem) this.noteProblem('incomplete', `"more data follows" after ${this.#bytes} bytes, then nothing for ${this.limits.interKeyTimeoutMs} ms`);
    return this.#finish(at);
  }

  protected dropData(): void {
    this.#chunks = [];
  }

  protected forget(): void {
    this.#chunks = [];
    this.#bytes = 0;
    this.#aim = null;
  }

  #malformed(out: ScanOutcome[], detail: string, at: number, report: Uint8Array): ScanOutcome[] {
    this.lastAt = at;
    this.noteProblem('malformedReport', detail);
    // A bad report whose flags still say "last" ends the scan now; otherwise what follows is absorbed,
    // so the tail of a broken scan is never taken for a scan of its own.
    const last = report.length > POS_FLAGS_OFFSET && (report[POS_FLAGS_OFFSET]! & 1) === 0;
    if (last) out.push(this.#finish(at));
    return out;
  }

  #finish(at: number): ScanOutcome {
    const received = this.#bytes;
    let error = this.problem;
    let text = '';
    if (!error) {
      const joined = new Uint8Array(this.#bytes);
      let o = 0;
      for (const c of this.#chunks) {
        joined.set(c, o);
        o += c.length;
      }
      try {
        text = utf8.decode(joined).replace(SUFFIX, '');
        if (CONTROL.test(text)) error = { code: 'nonPrintable', detail: 'control character in the scanned data' };
        else if ([...text].length > this.limits.maxLength) error = { code: 'tooLong', detail: `more than ${this.limits.maxLength} characters` };
        else if (text.length === 0) error = { code: 'incomplete', detail: 'scan without data' };
      } catch {
        error = { code: 'badEncoding', detail: 'scanned data is not valid UTF-8' };
      }
    }
    const aim = this.#aim;
    this.reset();
    if (error) return { kind: 'rejected', error: { ...error, protocol: 'pos', received, at } };
    return { kind: 'scan', scan: { text, protocol: 'pos', aim, symbology: symbologyOf(aim), at } };
  }
}
