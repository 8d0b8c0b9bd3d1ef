import { z } from 'zod';
import { isCalendarDate, isKnownZone } from './zone-time.ts';

/**
 * Opening hours in the configuration: a week of hours in the kiosk's own time zone, holidays (closed
 * all day) and exceptions (a date or a range of dates with other hours, or none). Unset: the kiosk
 * is always open, as before.
 */

const TIME = /^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;

/** `"08:00"` → 480; `"24:00"` → 1440. */
export function minuteOf(hhmm: string): number {
  const m = TIME.exec(hhmm);
  if (!m) return NaN;
  return Number(m[1] ?? m[3]) * 60 + Number(m[2] ?? m[4]);
}

/** One opening on a day: `"08:00-15:30"`; past midnight is two spans (`"20:00-24:00"` and `"00:00-02:00"` the next day). */
const span = z.string().superRefine((s, ctx) => {
  const m = /^(\d{2}:\d{2})-(\d{2}:\d{2})$/.exec(s);
  if (!m) {
    ctx.addIssue({ code: 'custom', input: s, message: 'hours as "HH:MM-HH:MM" in 24-hour time, e.g. "08:00-15:00"' });
    return;
  }
  const open = minuteOf(m[1] as string);
  const close = minuteOf(m[2] as string);
  if (Number.isNaN(open) || open === 1440) ctx.addIssue({ code: 'custom', input: s, message: `opening time ${m[1]} is not a time of day (00:00 to 23:59)` });
  else if (Number.isNaN(close)) ctx.addIssue({ code: 'custom', input: s, message: `closing time ${m[2]} is not a time of day (00:00 to 24:00)` });
  else if (close <= open) ctx.addIssue({ code: 'custom', input: s, message: `closes (${m[2]}) before it opens (${m[1]}); past midnight write two spans, "…-24:00" and "00:00-…" on the next day` });
});

export interface Span {
  open: number;
  close: number;
}

export function parseSpan(s: string): Span {
  const [a, b] = s.split('-') as [string, string];
  return { open: minuteOf(a), close: minuteOf(b) };
}

/** A day's openings, in order and apart. */
const dayHours = z.array(span).max(8).superRefine((spans, ctx) => {
  const parsed = spans.map(parseSpan).filter((p) => p.close > p.open);
  for (let i = 1; i < parsed.length; i++) {
    const prev = parsed[i - 1] as Span;
    const cur = parsed[i] as Span;
    if (cur.open < prev.close) {
      ctx.addIssue({ code: 'custom', path: [i], input: spans[i], message: `"${spans[i]}" overlaps or comes before "${spans[i - 1]}": list a day's hours in order, apart` });
    }
  }
});

const date = z.string().refine(isCalendarDate, 'a calendar date as YYYY-MM-DD');

const holiday = z.strictObject({
  date,
  /** Shown to technicians (`adm doctor`, maintenance); never to the fleet. */
  name: z.string().max(80).optional(),
});

const exception = z.strictObject({
  /** First day (YYYY-MM-DD). */
  from: date,
  /** Last day, inclusive; the same as `from` when unset. */
  to: date.optional(),
  /** The hours on those days instead of the week's; `[]` is closed. */
  hours: dayHours,
  name: z.string().max(80).optional(),
});

export const openingHoursSchema = z
  .strictObject({
    /** IANA zone of the kiosk's wall clock: Asia/Jakarta (WIB), Asia/Makassar (WITA), Asia/Jayapura (WIT). */
    timezone: z.string().refine(isKnownZone, {
      message: 'an IANA time zone such as Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT)',
    }),
    /** Each weekday's hours; a day left out is closed. */
    weekly: z
      .strictObject({ mon: dayHours.default([]), tue: dayHours.default([]), wed: dayHours.default([]), thu: dayHours.default([]), fri: dayHours.default([]), sat: dayHours.default([]), sun: dayHours.default([]) })
      .prefault({}),
    holidays: z.array(holiday).default([]),
    exceptions: z.array(exception).default([]),
    /** How often the kiosk looks at its clock again (it also wakes at each opening and closing). */
    checkMs: z.number().int().min(1000).max(300000).default(30000),
    /** Optional: power the host off after closing and wake it with the RTC before opening (`rtcwake`). */
    power: z
      .strictObject({
        offAtClose: z.boolean().default(false),
        /** Minutes after closing before the host powers off (a print under way finishes first in any case). */
        offAfterCloseMin: z.number().int().min(0).max(240).default(15),
        /** Minutes before opening that the RTC wakes the host (boot, self-test, devices warming up). */
        wakeBeforeOpenMin: z.number().int().min(1).max(240).default(20),
        /** Shortest closure worth powering off for; a lunch break is not. */
        minOffMin: z.number().int().min(10).max(10080).default(120),
      })
      .prefault({}),
  })
  .superRefine((h, ctx) => {
    // Every dated rule (holidays and exceptions) must name its days once: two rules for one day would leave its hours to chance.
    const ranges = [
      ...h.holidays.map((x, i) => ({ from: x.date, to: x.date, path: ['holidays', i] as (string | number)[], label: `holiday ${x.date}` })),
      ...h.exceptions.map((x, i) => ({ from: x.from, to: x.to ?? x.from, path: ['exceptions', i] as (string | number)[], label: `exception ${x.from}${x.to && x.to !== x.from ? `..${x.to}` : ''}` })),
    ];
    for (const [i, r] of ranges.entries()) {
      if (r.to < r.from) {
        ctx.addIssue({ code: 'custom', path: [...r.path, 'to'], input: r.to, message: `ends (${r.to}) before it starts (${r.from})` });
        continue;
      }
      for (const o of ranges.slice(0, i)) {
        if (o.to < o.from) continue;
        if (r.from <= o.to && o.from <= r.to) {
          ctx.addIssue({ code: 'custom', path: r.path, input: r.from, message: `${r.label} overlaps ${o.label}: each date may have one rule only` });
        }
      }
    }
  });

export type OpeningHoursConfig = z.output<typeof openingHoursSchema>;
export type OpeningHoursInput = z.input<typeof openingHoursSchema>;
