import type { PowerReading } from '../../devices/ups/protocol.ts';
import type { UpsError } from '../../devices/ups/types.ts';
import type { KioskLogger } from '../log/logger.ts';
import type { PowerEventKind, PowerEventLog } from '../store/power-events.ts';
import { holdsService, nextPowerState, type PowerState, type PowerThresholds } from './power-state.ts';

/** The power as health, maintenance and the fleet show it. */
export interface PowerSnapshot {
  state: PowerState;
  /** ups.status flags of the last reading, e.g. `OB DISCHRG`; null without one. */
  status: string | null;
  chargePct: number | null;
  runtimeS: number | null;
  /** ISO time the state last changed. */
  since: string;
}

/** The UPS driver as the watch needs it. */
export interface PowerSource {
  on(event: 'reading', listener: (r: PowerReading) => void): unknown;
  on(event: 'readingLost', listener: (e: UpsError) => void): unknown;
}

export interface PowerWatchDeps {
  ups: PowerSource;
  thresholds: PowerThresholds;
  /** The service state: `on-battery` and `battery-charging` are this watch's reasons. */
  service: { set(reason: 'on-battery' | 'battery-charging', outOfService: boolean): boolean };
  events: PowerEventLog;
  log: KioskLogger;
  /** True while a citizen's document is being printed. */
  printing(): boolean;
  /** How long a print under way may go on at low battery before the kiosk stops anyway. */
  drainMs: number;
  /** Low battery, the print (if any) done: stop the kiosk and power off. Called once. */
  stopForLowBattery(): void;
  /** Tells the fleet (state and an event); the fleet reads `snapshot()` itself for telemetry. */
  report?(snapshot: PowerSnapshot, event: PowerEventKind | null): void;
  now?: () => Date;
}

/**
 * Turns UPS readings into what the kiosk does: on battery it holds new sessions out (a print under
 * way finishes), at low battery it waits for that print and stops, back on mains with enough
 * charge it serves again. Each change is kept in the journal as a power event. No reading (upsd
 * away, stale data) changes nothing: that is a fault of the UPS link, reported as a device fault.
 */
export class PowerWatch {
  readonly #d: PowerWatchDeps;
  readonly #now: () => Date;
  #state: PowerState = 'unknown';
  /** The last state a reading gave: decisions go on from it across a lost reading. */
  #known: PowerState = 'unknown';
  #reading: PowerReading | null = null;
  #since: string;
  #stopping = false;
  #drainTimer: NodeJS.Timeout | null = null;

  constructor(deps: PowerWatchDeps) {
    this.#d = deps;
    this.#now = deps.now ?? (() => new Date());
    this.#since = this.#now().toISOString();
    deps.ups.on('reading', (r) => this.onReading(r));
    deps.ups.on('readingLost', (e) => this.onReadingLost(e));
  }

  snapshot(): PowerSnapshot {
    const r = this.#reading;
    return { state: this.#state, status: r ? r.flags.join(' ') : null, chargePct: r?.chargePct ?? null, runtimeS: r === null || r.runtimeS === null ? null : Math.round(r.runtimeS), since: this.#since };
  }

  get stopping(): boolean {
    return this.#stopping;
  }

  onReading(r: PowerReading): void {
    const before = this.#known;
    const next = nextPowerState(before, r, this.#d.thresholds);
    const wasUnknown = this.#state === 'unknown';
    this.#reading = r;
    this.#known = next;
    if (next !== this.#state) {
      this.#state = next;
      this.#since = this.#now().toISOString();
    }
    if (next !== before) {
      const event = eventOf(before, next);
      const s = this.snapshot();
      this.#d.log.event('power.changed', { from: before, to: next, status: s.status, chargePct: s.chargePct, runtimeS: s.runtimeS, powerEvent: event });
      if (event !== null) this.#d.events.append({ event, status: s.status, chargePct: s.chargePct, runtimeS: s.runtimeS });
      this.#hold();
      this.#d.report?.(s, event);
    } else if (wasUnknown) {
      this.#d.report?.(this.snapshot(), null);
    }
    if (next === 'low_battery') this.#lowBattery();
  }

  onReadingLost(e: UpsError): void {
    this.#d.log.event('ups.unavailable', { reason: e.reason, nutCode: e.nutCode ?? null, message: e.message, keeps: this.#known });
    if (this.#state === 'unknown') return;
    this.#state = 'unknown';
    this.#since = this.#now().toISOString();
    this.#d.report?.(this.snapshot(), null);
  }

  stop(): void {
    if (this.#drainTimer) clearTimeout(this.#drainTimer);
    this.#drainTimer = null;
  }

  #hold(): void {
    const k = this.#known;
    this.#d.service.set('on-battery', holdsService(k) && k !== 'battery_charging');
    this.#d.service.set('battery-charging', k === 'battery_charging');
  }

  #lowBattery(): void {
    if (this.#stopping) return;
    this.#stopping = true;
    const printing = this.#d.printing();
    this.#d.log.event('power.low_battery_stop', { printing, drainMs: this.#d.drainMs });
    const deadline = this.#now().getTime() + this.#d.drainMs;
    const check = () => {
      this.#drainTimer = null;
      if (!this.#d.printing() || this.#now().getTime() >= deadline) {
        this.#d.stopForLowBattery();
        return;
      }
      this.#drainTimer = setTimeout(check, 200);
    };
    check();
  }
}

/** The power event a change is, or null for a change at boot that is no event (first reading). */
function eventOf(from: PowerState, to: PowerState): PowerEventKind | null {
  if (to === 'low_battery') return 'low-battery';
  if (to === 'on_battery') return from === 'low_battery' ? null : 'mains-lost';
  if (from === 'unknown') return null;
  if (to === 'mains' && from === 'battery_charging') return 'service-resumed';
  return 'mains-back';
}
