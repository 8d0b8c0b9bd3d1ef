import { parseSpan, type OpeningHoursConfig, type Span } from './config.ts';
import { addDays, instantAt, isoInZone, wallTime, weekdayOf, type Weekday } from './zone-time.ts';

/** How far ahead the next opening is looked for; a kiosk closed longer says "until further notice". */
const HORIZON_DAYS = 400;

export interface DayHours {
  date: string;
  weekday: Weekday;
  spans: Span[];
  /** Where the day's hours come from. */
  rule: 'weekly' | 'holiday' | 'exception';
  name: string | null;
}

export interface HoursState {
  open: boolean;
  /** Local date and wall time the state was worked out for, in the kiosk's zone. */
  localTime: string;
  /** While open: when it closes next. */
  closesAt: Date | null;
  /** While closed: when it opens next; null when no opening in the next 400 days. */
  opensAt: Date | null;
  /** The rule of the local day (weekly hours, a holiday, an exception). */
  today: DayHours;
}

/** Opening hours as a pure function of the time: no timers, no clock of its own. */
export class OpeningHours {
  readonly zone: string;
  readonly #weekly: Record<Weekday, Span[]>;
  readonly #dated: Array<{ from: string; to: string; spans: Span[]; rule: 'holiday' | 'exception'; name: string | null }>;

  constructor(readonly config: OpeningHoursConfig) {
    this.zone = config.timezone;
    const w = config.weekly;
    this.#weekly = {
      mon: w.mon.map(parseSpan), tue: w.tue.map(parseSpan), wed: w.wed.map(parseSpan), thu: w.thu.map(parseSpan),
      fri: w.fri.map(parseSpan), sat: w.sat.map(parseSpan), sun: w.sun.map(parseSpan),
    };
    this.#dated = [
      ...config.holidays.map((h) => ({ from: h.date, to: h.date, spans: [], rule: 'holiday' as const, name: h.name ?? null })),
      ...config.exceptions.map((e) => ({ from: e.from, to: e.to ?? e.from, spans: e.hours.map(parseSpan), rule: 'exception' as const, name: e.name ?? null })),
    ];
  }

  /** The hours of one local date. */
  day(date: string): DayHours {
    const weekday = weekdayOf(date);
    const dated = this.#dated.find((d) => d.from <= date && date <= d.to);
    if (dated) return { date, weekday, spans: dated.spans, rule: dated.rule, name: dated.name };
    return { date, weekday, spans: this.#weekly[weekday], rule: 'weekly', name: null };
  }

  /** Open or closed at `now`, and when that changes. */
  at(now: Date): HoursState {
    const wall = wallTime(now, this.zone);
    const today = this.day(wall.date);
    const localTime = isoInZone(now, this.zone);
    const current = today.spans.find((s) => s.open <= wall.minute && wall.minute < s.close);
    if (current) return { open: true, localTime, closesAt: this.#closing(wall.date, current), opensAt: null, today };
    return { open: false, localTime, closesAt: null, opensAt: this.nextOpening(now), today };
  }

  /** The first opening strictly after `now` (today's later span, or a later day's first). */
  nextOpening(now: Date): Date | null {
    const wall = wallTime(now, this.zone);
    for (let i = 0; i <= HORIZON_DAYS; i++) {
      const date = addDays(wall.date, i);
      for (const s of this.day(date).spans) {
        if (i === 0 && s.open <= wall.minute) continue;
        const at = instantAt(date, s.open, this.zone);
        if (at.getTime() > now.getTime()) return at;
      }
    }
    return null;
  }

  /** When a span closes; a span to 24:00 that the next day continues from 00:00 closes with that one. */
  #closing(date: string, span: Span): Date {
    let d = date;
    let s = span;
    for (let i = 0; i < HORIZON_DAYS && s.close === 1440; i++) {
      const next = this.day(addDays(d, 1)).spans[0];
      if (!next || next.open !== 0) break;
      d = addDays(d, 1);
      s = next;
    }
    return instantAt(d, s.close, this.zone);
  }

  /** The next change after `now` (an opening or a closing): when the kiosk must look again. */
  nextChange(now: Date): Date | null {
    const s = this.at(now);
    return s.open ? s.closesAt : s.opensAt;
  }
}
