import { EventEmitter } from 'node:events';
import type { DeviceId, DeviceStatus, DeviceSummary } from '../../../core/device-status.ts';
import type { Result } from '../../../core/result.ts';
import type { HidWatch } from './hid-watch.ts';
import { parseReportDescriptor, type ReportDescriptor } from './report-descriptor.ts';
import type { HidConnection } from './types.ts';

/** Reads one input report into what it means, or says why it cannot. */
export interface ReportParser<Value, Problem> {
  push(report: Uint8Array): Result<Value, Problem>;
}

export interface DescribedDriverOptions {
  id: DeviceId;
  watch: HidWatch | null;
  mode: string;
  now?: () => number;
}

type BaseEvents<Problem> = { status: [DeviceStatus]; badReport: [Problem] };

/**
 * A HID device read through its own report descriptor (the touch panel, the accessibility keypad):
 * on every attach the descriptor gives the layout its reports are read with; a device whose
 * descriptor cannot be read is `hardwareError` with the reason; a report that cannot be read is
 * counted and told (`badReport`). The class decides what a report means (`onReport`).
 */
export abstract class DescribedHidDriver<Value, Problem, Events extends Record<keyof Events, unknown[]>> extends EventEmitter<Events & BaseEvents<Problem>> {
  protected readonly watch: HidWatch | null;
  protected readonly now: () => number;
  readonly #id: DeviceId;
  readonly #mode: string;
  #parser: ReportParser<Value, Problem> | null = null;
  #layoutProblem: string | null = null;
  #lastStatus: DeviceStatus;
  #badReports = 0;
  protected closed = false;

  protected constructor(o: DescribedDriverOptions) {
    super();
    this.#id = o.id;
    this.#mode = o.mode;
    this.watch = o.watch;
    this.now = o.now ?? Date.now;
    this.#lastStatus = this.#base();
    const watch = this.watch;
    if (watch) {
      watch.on('attached', (conn) => this.#attach(conn));
      watch.on('detached', () => {
        this.#parser = null;
        this.#layoutProblem = null;
        this.onDetached();
      });
      watch.on('report', (r) => this.#report(r));
      watch.on('status', () => this.refresh());
    }
  }

  /** The parser for this descriptor's layout, or why the layout cannot be read. */
  protected abstract parserFor(descriptor: ReportDescriptor): Result<ReportParser<Value, Problem>, string>;
  /** A report read: what it means for this class. */
  protected abstract onReport(value: Value): void;
  /** The device went away. */
  protected onDetached(): void {}
  /** The status of a device that is online and readable (a class may add its own findings). */
  protected online(base: DeviceStatus): DeviceStatus {
    return base;
  }

  get status(): DeviceStatus {
    return this.#lastStatus;
  }

  summary(): DeviceSummary {
    return { id: this.#id, mode: this.#mode, status: this.status };
  }

  /** Reports that could not be read since start. */
  get badReports(): number {
    return this.#badReports;
  }

  start(): void {
    if (!this.watch || this.closed) return;
    this.watch.start();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.watch?.close();
  }

  /** Works the status out again and tells listeners when it changed. */
  protected refresh(): void {
    const next = this.#compose();
    const prev = this.#lastStatus;
    if (next.device === prev.device && next.reasons.join() === prev.reasons.join() && next.detail === prev.detail) return;
    this.#lastStatus = { ...next, since: new Date(this.now()).toISOString() };
    (this as unknown as EventEmitter<BaseEvents<Problem>>).emit('status', this.#lastStatus);
  }

  #base(): DeviceStatus {
    return this.watch?.status ?? { device: 'noDevice', reasons: ['disabled'], detail: `${this.#id} mode is "none"`, since: new Date(this.now()).toISOString() };
  }

  #compose(): DeviceStatus {
    const base = this.#base();
    if (base.device !== 'online') return base;
    if (this.#layoutProblem) return { device: 'hardwareError', reasons: ['unreadable-reports'], detail: this.#layoutProblem, action: 'maintenance', since: base.since };
    return this.online(base);
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
        const parser = this.parserFor(parsed.value);
        if (!parser.ok) this.#layoutProblem = parser.error;
        else this.#parser = parser.value;
      }
    }
    this.refresh();
  }

  #report(report: Uint8Array): void {
    const parser = this.#parser;
    if (!parser) return;
    const parsed = parser.push(report);
    if (!parsed.ok) {
      this.#badReports++;
      (this as unknown as EventEmitter<BaseEvents<Problem>>).emit('badReport', parsed.error);
      return;
    }
    this.onReport(parsed.value);
  }
}
