import { KEY_ENTER, KEY_TAB, KEYPAD_ENTER, type KeyboardLayout } from './keyboard-layout.ts';
import type { KeyInput } from './keyboard-reports.ts';
import type { ScanOutcome } from './types.ts';
import type { ScanErrorCode } from './errors.ts';
import { ScanAssembler } from './scan-assembler.ts';

/** What ends a scan in keyboard mode: the suffix the scanner is programmed to send. `none` ends a scan by the pause after it. */
export type Terminator = 'enter' | 'tab' | 'enter-or-tab' | 'none';

export interface ScanLimits {
  maxLength: number;
  terminator: Terminator;
  /** A scan arrives as one burst; a pause this long ends it (`none`) or shows it was cut off. */
  interKeyTimeoutMs: number;
}

type Classified = { kind: 'char'; ch: string } | { kind: 'end'; which: 'enter' | 'tab' } | { kind: 'bad'; detail: string };

/**
 * Turns key presses into scans. A scan with any problem is absorbed to its end and rejected whole,
 * so the tail of a broken scan is never taken for a scan of its own. Memory is bounded by `maxLength`.
 */
export class KeyboardScanAssembler extends ScanAssembler {
  #chars: string[] = [];
  #count = 0;

  constructor(
    private readonly layout: KeyboardLayout,
    private readonly limits: ScanLimits,
  ) {
    super(limits);
  }

  input(input: KeyInput, at: number): ScanOutcome[] {
    const out = this.tick(at);
    const c = this.#classify(input);
    if (c.kind === 'end' && this.#accepts(c.which)) {
      if (this.lastAt === null) return out; // a stray Enter/Tab with nothing before it
      out.push(this.#finish(at));
      return out;
    }
    this.lastAt = at;
    if (c.kind === 'end') {
      this.noteProblem('nonPrintable', `${c.which === 'enter' ? 'Enter' : 'Tab'} inside a scan (terminator is "${this.limits.terminator}")`);
      return out;
    }
    if (c.kind === 'bad') {
      this.noteProblem('nonPrintable', c.detail);
      return out;
    }
    this.#count++;
    if (this.problem) return out;
    if (this.#count > this.limits.maxLength) {
      this.noteProblem('tooLong', `more than ${this.limits.maxLength} characters`);
      return out;
    }
    this.#chars.push(c.ch);
    return out;
  }

  /** A report that could not be read arrived: the scan around it is rejected. */
  fail(code: ScanErrorCode, detail: string, at: number): ScanOutcome[] {
    const out = this.tick(at);
    this.lastAt = at;
    this.noteProblem(code, detail);
    return out;
  }

  protected endByPause(at: number): ScanOutcome {
    if (this.limits.terminator === 'none' && !this.problem) return this.#finish(at);
    if (!this.problem) this.noteProblem('incomplete', `no ${this.limits.terminator} after ${this.#count} characters within ${this.limits.interKeyTimeoutMs} ms`);
    return this.#finish(at);
  }

  protected dropData(): void {
    this.#chars = [];
  }

  protected forget(): void {
    this.#chars = [];
    this.#count = 0;
  }

  #finish(at: number): ScanOutcome {
    const error = this.problem;
    const text = this.#chars.join('');
    const received = this.#count;
    this.reset();
    if (error) return { kind: 'rejected', error: { ...error, protocol: 'keyboard', received, at } };
    return { kind: 'scan', scan: { text, protocol: 'keyboard', aim: null, symbology: null, at } };
  }

  #accepts(which: 'enter' | 'tab'): boolean {
    const t = this.limits.terminator;
    return t === 'enter-or-tab' || t === which;
  }

  #classify(input: KeyInput): Classified {
    if (input.kind === 'altCode') {
      if (input.code === 13 || input.code === 10) return { kind: 'end', which: 'enter' };
      if (input.code === 9) return { kind: 'end', which: 'tab' };
      if (input.code >= 0x20 && input.code <= 0x7e) return { kind: 'char', ch: String.fromCharCode(input.code) };
      return { kind: 'bad', detail: 'Alt code outside printable ASCII' };
    }
    if (input.ctrl || input.alt || input.gui) return { kind: 'bad', detail: `key 0x${input.usage.toString(16)} with Ctrl/Alt/GUI held` };
    if (input.usage === KEY_ENTER || input.usage === KEYPAD_ENTER) return { kind: 'end', which: 'enter' };
    if (input.usage === KEY_TAB) return { kind: 'end', which: 'tab' };
    const pair = this.layout.get(input.usage);
    if (!pair) return { kind: 'bad', detail: `key 0x${input.usage.toString(16)} types no character` };
    return { kind: 'char', ch: input.shift ? pair[1] : pair[0] };
  }
}
