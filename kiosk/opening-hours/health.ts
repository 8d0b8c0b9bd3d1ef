import type { Span } from './config.ts';
import type { HoursState, OpeningHours } from './schedule.ts';
import { isoInZone } from './zone-time.ts';

export interface HoursView {
  configured: boolean;
  timezone: string | null;
  open: boolean;
  /** The kiosk's local time it was worked out for. */
  localTime: string | null;
  opensAt: string | null;
  closesAt: string | null;
  /** Today's hours and where they come from (the week, a holiday, an exception). */
  today: { date: string; rule: 'weekly' | 'holiday' | 'exception'; name: string | null; hours: string[] } | null;
}

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
export const spanText = (s: Span): string => `${hhmm(s.open)}-${hhmm(s.close)}`;

/** Opening hours for /healthz, `adm doctor` and the maintenance devices screen. */
export function hoursView(handle: { readonly hours: OpeningHours | null; state(): HoursState | null }): HoursView {
  const s = handle.state();
  const zone = handle.hours?.zone ?? null;
  if (s === null || zone === null) return { configured: false, timezone: null, open: true, localTime: null, opensAt: null, closesAt: null, today: null };
  const iso = (d: Date | null) => (d ? isoInZone(d, zone) : null);
  return {
    configured: true,
    timezone: zone,
    open: s.open,
    localTime: s.localTime,
    opensAt: iso(s.opensAt),
    closesAt: iso(s.closesAt),
    today: { date: s.today.date, rule: s.today.rule, name: s.today.name, hours: s.today.spans.map(spanText) },
  };
}
