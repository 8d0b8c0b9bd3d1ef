import type { BootContext } from './context.ts';
import type { ServiceState } from '../fleet/service-state.ts';
import { OpeningHours, type HoursState } from '../opening-hours/schedule.ts';
import { HoursWatcher } from '../opening-hours/watcher.ts';
import { isoInZone } from '../opening-hours/zone-time.ts';

export interface OpeningHoursHandle {
  /** Null when no opening hours are configured (always open). */
  readonly hours: OpeningHours | null;
  /** Open or closed now, worked out from the clock. Null when always open. */
  state(): HoursState | null;
  /** While closed: the next opening as local ISO time with its offset, for the attract screen. */
  opensAt(): string | null;
  /** Looks at the clock now instead of at the next timer (after the clock was set or skipped). */
  check(): void;
}

/** Opening hours per `config.openingHours`: closed holds the kiosk out of service with `closed-hours`. */
export function wireOpeningHours(ctx: BootContext, service: ServiceState): OpeningHoursHandle {
  const c = ctx.config.openingHours;
  if (c === undefined) {
    // A schedule removed from the configuration leaves nothing closed behind.
    ctx.lifecycle.add('opening-hours', { start: () => void service.set('closed-hours', false) });
    return { hours: null, state: () => null, opensAt: () => null, check: () => undefined };
  }
  const hours = new OpeningHours(c);
  const watcher = new HoursWatcher({ hours, now: ctx.now, checkMs: c.checkMs, log: ctx.log, setClosed: (closed) => service.set('closed-hours', closed) });
  ctx.lifecycle.add('opening-hours', { start: () => watcher.start(), stop: () => watcher.stop() });
  const state = () => hours.at(ctx.now());
  return {
    hours,
    state,
    check: () => void watcher.check(),
    opensAt: () => {
      const s = state();
      return !s.open && s.opensAt ? isoInZone(s.opensAt, hours.zone) : null;
    },
  };
}
