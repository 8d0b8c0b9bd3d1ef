import { EventEmitter } from 'node:events';
import type { DeviceStatus, DeviceSummary } from '../../core/device-status.ts';
import type { HidWatch } from '../common/hid/hid-watch.ts';
import { parseReportDescriptor } from '../common/hid/report-descriptor.ts';
import type { HidConnection } from '../common/hid/types.ts';
import { ContactTracker } from './contact-tracker.ts';
import { CornerGesture } from './corner-gesture.ts';
import { DigitizerParser } from './digitizer-parser.ts';
import { digitizerLayout } from './digitizer-layout.ts';
import { TouchHealth } from './touch-health.ts';
import type { TouchscreenConfig } from './config.ts';
import type { TouchEvent, TouchHealthReport, TouchscreenEvents } from './types.ts';

export interface TouchscreenDriverOptions {
  watch: HidWatch | null;
  mode: string;
  gesture: TouchscreenConfig['gesture'];
  health: TouchscreenConfig['health'];
  now?: () => number;
}

/**
 * Watches the touch panel's HID digitizer reports for two things only: its health (connected, last
 * touch, dead-zone hints) and the hidden technician corner sequence. Citizens' input never goes
 * through here: the kiosk browser gets touch from the operating system.
 */
export class TouchscreenDriver extends EventEmitter<TouchscreenEvents> {
  readonly #watch: HidWatch | null;
  readonly #mode: string;
  readonly #now: () => number;
  readonly #tracker: ContactTracker;
  readonly #gesture: CornerGesture;
  readonly #health: TouchHealth;
  readonly #checkIntervalMs: number;
  #parser: DigitizerParser | null = null;
  #layoutProblem: string | null = null;
  #lastStatus: DeviceStatus;
  #healthTimer: NodeJS.Timeout | undefined;
  #staleTimer: NodeJS.Timeout | undefined;
  #badReports = 0;
  #closed = false;

  constructor(options: TouchscreenDriverOptions) {
    super();
    this.#watch = options.watch;
    this.#mode = options.mode;
    this.#now = options.now ?? Date.now;
    this.#tracker = new ContactTracker({ maxTapMs: options.gesture.maxTapMs });
    this.#gesture = new CornerGesture(options.gesture);
    this.#health = new TouchHealth(options.health, this.#now());
    this.#checkIntervalMs = options.health.checkIntervalMs;
    this.#lastStatus = this.#compose();
    const watch = this.#watch;
    if (watch) {
      watch.on('attached', (conn) => this.#attach(conn));
      watch.on('detached', () => {
        this.#parser = null;
        this.#layoutProblem = null;
        this.#gesture.reset();
        for (const e of this.#tracker.clear(this.#now())) this.emit('touch', e);
      });
      watch.on('report', (r) => this.#report(r));
      watch.on('status', () => this.#refresh());
    }
  }

  get status(): DeviceStatus {
    return this.#lastStatus;
  }

  summary(): DeviceSummary {
    return { id: 'touchscreen', mode: this.#mode, status: this.status };
  }

  health(): TouchHealthReport {
    return this.#health.assess(this.#now());
  }

  /** Reports that could not be read since start. */
  get badReports(): number {
    return this.#badReports;
  }

  start(): void {
    if (!this.#watch || this.#closed) return;
    this.#watch.start();
    const check = () => {
      this.#refresh();
      this.#healthTimer = setTimeout(check, this.#checkIntervalMs);
    };
    this.#healthTimer = setTimeout(check, this.#checkIntervalMs);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#healthTimer);
    clearTimeout(this.#staleTimer);
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
        const layout = digitizerLayout(parsed.value);
        if (!layout.ok) this.#layoutProblem = layout.error.detail;
        else this.#parser = new DigitizerParser(layout.value);
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
    if (parsed.value.kind === 'otherReport') return;
    const at = this.#now();
    this.#handle(this.#tracker.update(parsed.value.contacts, at));
  }

  #handle(events: TouchEvent[]): void {
    for (const e of events) {
      if (e.kind === 'down') this.#health.touch(e.x, e.y, e.at);
      this.emit('touch', e);
      // Taps with another finger still down are not part of the sequence (a palm, a child's hands).
      if (e.kind === 'up' && e.tap && this.#tracker.active === 0 && this.#gesture.tap(e.x, e.y, e.at)) {
        this.emit('technicianGesture', { at: e.at });
      }
    }
    // A lift report can be lost; the tracker then lifts the finger after a while.
    clearTimeout(this.#staleTimer);
    if (this.#tracker.active > 0 && !this.#closed) this.#staleTimer = setTimeout(() => this.#handle(this.#tracker.tick(this.#now())), 2000);
    if (events.length > 0) this.#refresh();
  }

  #compose(): DeviceStatus {
    const base = this.#watch?.status ?? { device: 'noDevice' as const, reasons: ['disabled'], detail: 'touchscreen mode is "none"', since: new Date(this.#now()).toISOString() };
    if (base.device !== 'online') return base;
    if (this.#layoutProblem) {
      return { device: 'hardwareError', reasons: ['unreadable-reports'], detail: this.#layoutProblem, action: 'maintenance', since: base.since };
    }
    const health = this.#health.assess(this.#now());
    if (health.silentRegions.length === 0) return base;
    const cells = health.silentRegions.map((r) => `r${r.row + 1}c${r.column + 1}`).join(', ');
    return {
      device: 'online',
      reasons: ['touch-regions-silent'],
      detail: `no touch in ${cells} for a long time while the rest of the panel was used: check the panel there`,
      action: 'maintenance',
      since: base.since,
    };
  }

  #refresh(): void {
    const next = this.#compose();
    const prev = this.#lastStatus;
    if (next.device === prev.device && next.reasons.join() === prev.reasons.join() && next.detail === prev.detail) return;
    this.#lastStatus = { ...next, since: new Date(this.#now()).toISOString() };
    this.emit('status', this.#lastStatus);
  }
}
