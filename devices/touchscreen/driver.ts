import type { DeviceStatus } from '../../core/device-status.ts';
import { err, ok, type Result } from '../../core/result.ts';
import { DescribedHidDriver } from '../common/hid/described-driver.ts';
import type { HidWatch } from '../common/hid/hid-watch.ts';
import type { ReportDescriptor } from '../common/hid/report-descriptor.ts';
import { ContactTracker } from './contact-tracker.ts';
import { CornerGesture } from './corner-gesture.ts';
import { DigitizerParser, type ParsedReport } from './digitizer-parser.ts';
import { digitizerLayout } from './digitizer-layout.ts';
import { TouchHealth } from './touch-health.ts';
import type { TouchscreenConfig } from './config.ts';
import type { DigitizerReportError } from './errors.ts';
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
export class TouchscreenDriver extends DescribedHidDriver<ParsedReport, DigitizerReportError, TouchscreenEvents> {
  readonly #tracker: ContactTracker;
  readonly #gesture: CornerGesture;
  readonly #health: TouchHealth;
  readonly #checkIntervalMs: number;
  #healthTimer: NodeJS.Timeout | undefined;
  #staleTimer: NodeJS.Timeout | undefined;

  constructor(options: TouchscreenDriverOptions) {
    super({ id: 'touchscreen', watch: options.watch, mode: options.mode, ...(options.now ? { now: options.now } : {}) });
    this.#tracker = new ContactTracker({ maxTapMs: options.gesture.maxTapMs });
    this.#gesture = new CornerGesture(options.gesture);
    this.#health = new TouchHealth(options.health, this.now());
    this.#checkIntervalMs = options.health.checkIntervalMs;
  }

  health(): TouchHealthReport {
    return this.#health.assess(this.now());
  }

  override start(): void {
    if (!this.watch || this.closed) return;
    super.start();
    const check = () => {
      this.refresh();
      this.#healthTimer = setTimeout(check, this.#checkIntervalMs);
    };
    this.#healthTimer = setTimeout(check, this.#checkIntervalMs);
  }

  override async close(): Promise<void> {
    if (this.closed) return;
    clearTimeout(this.#healthTimer);
    clearTimeout(this.#staleTimer);
    await super.close();
  }

  protected parserFor(descriptor: ReportDescriptor): Result<DigitizerParser, string> {
    const layout = digitizerLayout(descriptor);
    return layout.ok ? ok(new DigitizerParser(layout.value)) : err(layout.error.detail);
  }

  protected override onDetached(): void {
    this.#gesture.reset();
    for (const e of this.#tracker.clear(this.now())) this.emit('touch', e);
  }

  protected onReport(value: ParsedReport): void {
    if (value.kind === 'otherReport') return;
    this.#handle(this.#tracker.update(value.contacts, this.now()));
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
    if (this.#tracker.active > 0 && !this.closed) this.#staleTimer = setTimeout(() => this.#handle(this.#tracker.tick(this.now())), 2000);
    if (events.length > 0) this.refresh();
  }

  /** Online: regions of the panel nobody has touched for long while the rest was used are told. */
  protected override online(base: DeviceStatus): DeviceStatus {
    const health = this.#health.assess(this.now());
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
}
