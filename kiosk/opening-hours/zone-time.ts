/**
 * Wall-clock time in an IANA time zone, with nothing but `Intl` (Node 20 ships the zone data).
 * Indonesia's zones (Asia/Jakarta WIB, Asia/Makassar WITA, Asia/Jayapura WIT) keep no daylight
 * saving, but nothing here assumes that: offsets are read for each instant, and a local time that
 * does not exist (a spring-forward gap elsewhere) resolves to the first instant after the gap.
 */

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface WallTime {
  /** The local calendar date, YYYY-MM-DD. */
  date: string;
  weekday: Weekday;
  /** Minutes since local midnight (0–1439). */
  minute: number;
  /** Offset from UTC in minutes (+420 for WIB). */
  offset: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Whether `zone` is an IANA zone this Node knows (`Asia/Jakarta`); abbreviations such as `WIB` are not zones. */
export function isKnownZone(zone: string): boolean {
  if (!/^[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+$/.test(zone) && zone !== 'UTC') return false;
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

function parts(at: Date, zone: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const p: Record<string, number> = {};
  for (const x of formatter(zone).formatToParts(at)) if (x.type !== 'literal') p[x.type] = Number(x.value);
  return { y: p.year ?? 0, mo: p.month ?? 1, d: p.day ?? 1, h: p.hour ?? 0, mi: p.minute ?? 0, s: p.second ?? 0 };
}

/** Offset of `zone` from UTC at `at`, in minutes. */
export function offsetMinutes(at: Date, zone: string): number {
  const p = parts(at, zone);
  const asUtc = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s);
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function wallTime(at: Date, zone: string): WallTime {
  const p = parts(at, zone);
  const date = `${pad(p.y, 4)}-${pad(p.mo)}-${pad(p.d)}`;
  return { date, weekday: weekdayOf(date), minute: p.h * 60 + p.mi, offset: offsetMinutes(at, zone) };
}

/** The weekday of a calendar date. */
export function weekdayOf(date: string): Weekday {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()] as Weekday;
}

/** `date` plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** Whether `date` is a real calendar date in YYYY-MM-DD (not 2026-02-30). */
export function isCalendarDate(date: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return false;
  return addDays(date, 0) === date;
}

/**
 * The instant when the wall clock in `zone` shows `minute` minutes after midnight of `date`
 * (1440 is the next midnight). A local time skipped by a forward shift gives the first instant
 * after the gap; a repeated one (a backward shift) the earlier of the two.
 */
export function instantAt(date: string, minute: number, zone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const local = Date.UTC(y, m - 1, d, 0, minute);
  // Two rounds settle every real zone: the offset at the guess, then at the corrected instant.
  let guess = local - offsetMinutes(new Date(local), zone) * 60_000;
  guess = local - offsetMinutes(new Date(guess), zone) * 60_000;
  const shown = wallTime(new Date(guess), zone);
  const wanted = addDays(date, Math.floor(minute / 1440));
  if (shown.date !== wanted || shown.minute !== minute % 1440) {
    // In a gap: the wall clock never shows this time. The shift lies between the time read with
    // the offset after it and with the offset before it; the first instant after the shift is the
    // answer (the wall clock shows the end of the gap).
    const offAfter = offsetMinutes(new Date(guess + 3 * 3_600_000), zone);
    let lo = local - offAfter * 60_000;
    let hi = local - offsetMinutes(new Date(guess - 3 * 3_600_000), zone) * 60_000;
    if (hi < lo) [lo, hi] = [hi, lo];
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (offsetMinutes(new Date(mid), zone) === offAfter) hi = mid;
      else lo = mid;
    }
    return new Date(hi);
  }
  const earlier = local - offsetMinutes(new Date(guess - 3 * 3_600_000), zone) * 60_000;
  if (earlier < guess) {
    const w = wallTime(new Date(earlier), zone);
    if (w.date === shown.date && w.minute === shown.minute) return new Date(earlier);
  }
  return new Date(guess);
}

/** `at` as ISO 8601 in the zone's local time with its offset: `2026-12-07T08:00:00+07:00`. */
export function isoInZone(at: Date, zone: string): string {
  const p = parts(at, zone);
  const off = offsetMinutes(at, zone);
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return `${pad(p.y, 4)}-${pad(p.mo)}-${pad(p.d)}T${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}
