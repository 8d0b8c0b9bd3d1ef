import type { KioskLogger } from '../log/logger.ts';
import { isoInZone } from './zone-time.ts';
import type { HoursState, OpeningHours } from './schedule.ts';

export interface HoursWatcherOptions {
  hours: OpeningHours;
  /** The kiosk's clock (injected in tests). */
  now: () => Date;
  /** Holds the kiosk closed (true) or lets it serve (false). */
  setClosed(closed: boolean): void;
  checkMs: number;
  log: KioskLogger;
}

/**
 * Keeps the kiosk's service state in step with its opening hours. Open or closed is worked out from
 * the clock each time, never counted from timers, so a clock that jumps (NTP after a cold boot, an
 * RTC with a flat battery, a person) gives the right answer at the next look. It looks every
 * `checkMs` and at each opening and closing.
 */
export class HoursWatcher {
  readonly #o: HoursWatcherOptions;
  #timer: NodeJS.Timeout | null = null;
  #state: HoursState | null = null;
  #lastLook: { wall: number; mono: number } | null = null;
  #stopped = false;

  constructor(options: HoursWatcherOptions) {
    this.#o = options;
  }

  /** The last worked-out state (null before `check`). */
  get state(): HoursState | null {
    return this.#state;
  }

  start(): void {
    this.check();
  }

  /** Looks at the clock now; returns the state. */
  check(): HoursState {
    const o = this.#o;
    const now = o.now();
    const mono = performance.now();
    if (this.#lastLook) {
      const wallStep = now.getTime() - this.#lastLook.wall;
      const monoStep = mono - this.#lastLook.mono;
      if (Math.abs(wallStep - monoStep) > Math.max(60_000, o.checkMs * 2)) {
        o.log.event('hours.clock_jumped', { byMs: Math.round(wallStep - monoStep), localTime: isoInZone(now, o.hours.zone) });
      }
    }
    this.#lastLook = { wall: now.getTime(), mono };
    const state = o.hours.at(now);
    const was = this.#state;
    this.#state = state;
    if (was === null || was.open !== state.open) {
      const iso = (d: Date | null) => (d ? isoInZone(d, o.hours.zone) : null);
      if (state.open) o.log.event('hours.opened', { localTime: state.localTime, closesAt: iso(state.closesAt) });
      else o.log.event('hours.closed', { localTime: state.localTime, opensAt: iso(state.opensAt), rule: state.today.rule, name: state.today.name });
    }
    o.setClosed(!state.open);
    this.#schedule(now, state);
    return state;
  }

  #schedule(now: Date, state: HoursState): void {
    if (this.#stopped) return;
    if (this.#timer) clearTimeout(this.#timer);
    const change = state.open ? state.closesAt : state.opensAt;
    const untilChange = change ? change.getTime() - now.getTime() + 50 : Infinity;
    const wait = Math.max(50, Math.min(this.#o.checkMs, untilChange));
    this.#timer = setTimeout(() => this.#tick(), wait);
    this.#timer.unref();
  }

  /** A look from the timer: a failure is logged and the next look kept, never thrown out of a timer. */
  #tick(): void {
    try {
      this.check();
    } catch (e) {
      this.#o.log.event('hours.check_failed', { error: (e as Error).message });
      if (this.#stopped) return;
      this.#timer = setTimeout(() => this.#tick(), this.#o.checkMs);
      this.#timer.unref();
    }
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
