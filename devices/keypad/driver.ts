import { EventEmitter } from 'node:events';
import type { DeviceStatus, DeviceSummary } from '../../core/device-status.ts';
import type { HidWatch } from '../common/hid/hid-watch.ts';
import { parseReportDescriptor } from '../common/hid/report-descriptor.ts';
import type { HidConnection } from '../common/hid/types.ts';
import { describeKeypadError } from './errors.ts';
import { keypadLayout } from './keypad-layout.ts';
import { KeypadParser } from './keypad-parser.ts';
import type { KeypadEvents } from './types.ts';

export interface KeypadDriverOptions {
  watch: HidWatch | null;
  mode: string;
  now?: () => number;
}

/**
 * The accessibility keypad: finds it on the HID bus, reads its key layout from its report
 * descriptor, and emits one `key` per key press with its meaning. Unplugging it only makes it
 * `noDevice`: the touchscreen and the rest of the kiosk are untouched.
 */
export class KeypadDriver extends EventEmitter<KeypadEvents> {
  readonly #watch: HidWatch | null;
  readonly #mode: string;
  readonly #now: () => number;
  #parser: KeypadParser | null = null;
  #layoutProblem: string | null = null;
  #lastStatus: DeviceStatus;
  #badReports = 0;
  #presses = 0;
  #closed = false;

  constructor(options: KeypadDriverOptions) {
    super();
    this.#watch = options.watch;
    this.#mode = options.mode;
    this.#now = options.now ?? Date.now;
    this.#lastStatus = this.#compose();
    const watch = this.#watch;
    if (watch) {
      watch.on('attached', (conn) => this.#attach(conn));
      watch.on('detached', () => {
        this.#parser = null;
        this.#layoutProblem = null;
      });
      watch.on('report', (r) => this.#report(r));
      watch.on('status', () => this.#refresh());
    }
  }

  get status(): DeviceStatus {
    return this.#lastStatus;
  }

  summary(): DeviceSummary {
    return { id: 'keypad', mode: this.#mode, status: this.status };
  }

  get badReports(): number {
    return this.#badReports;
  }

  /** Key presses read since start (for the self-test). */
  get presses(): number {
    return this.#presses;
  }

  start(): void {
    if (!this.#watch || this.#closed) return;
    this.#watch.start();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#watch?.close();
  }

  #attach(conn: HidConnection): void {
    this.#parser = null;
    this.#layoutProblem = null;
    if (!conn.reportDescriptor) {
      this.#layoutProblem = 'the platform gives no report descriptor for this device (use the hidraw backend)';
    } else {
      const parsed = parseReportDescriptor(conn.reportDescriptor);
      if (!parsed.ok) this.#layoutProblem = `report descriptor: ${parsed.error.code} at byte ${parsed.error.offset}: ${parsed.error.detail}`;
      else {
        const layout = keypadLayout(parsed.value);
        if (!layout.ok) this.#layoutProblem = describeKeypadError(layout.error);
        else this.#parser = new KeypadParser(layout.value);
      }
    }
    this.#refresh();
  }

  #report(report: Uint8Array): void {
    const parser = this.#parser;
    if (!parser) return;
    const parsed = parser.push(report);
    if (!parsed.ok) {
      this.#badReports++;
      this.emit('badReport', parsed.error);
      return;
    }
    if (parsed.value.kind !== 'keys') return;
    const at = this.#now();
    for (const p of parsed.value.presses) {
      if (!p.meaning) continue;
      this.#presses++;
      this.emit('key', { ...p.meaning, at });
    }
  }

  #compose(): DeviceStatus {
    const base = this.#watch?.status ?? { device: 'noDevice' as const, reasons: ['disabled'], detail: 'keypad mode is "none"', since: new Date(this.#now()).toISOString() };
    if (base.device !== 'online' || !this.#layoutProblem) return base;
    return { device: 'hardwareError', reasons: ['unreadable-reports'], detail: this.#layoutProblem, action: 'maintenance', since: base.since };
  }

  #refresh(): void {
    const next = this.#compose();
    const prev = this.#lastStatus;
    if (next.device === prev.device && next.reasons.join() === prev.reasons.join() && next.detail === prev.detail) return;
    this.#lastStatus = { ...next, since: new Date(this.#now()).toISOString() };
    this.emit('status', this.#lastStatus);
  }
}
