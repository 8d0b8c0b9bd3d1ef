import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatProblem, loadConfig } from '../../kiosk/config/load.ts';
import { openingHoursSchema, type OpeningHoursInput } from '../../kiosk/opening-hours/config.ts';
import { OpeningHours } from '../../kiosk/opening-hours/schedule.ts';
import { HoursWatcher } from '../../kiosk/opening-hours/watcher.ts';
import { instantAt, isoInZone, wallTime } from '../../kiosk/opening-hours/zone-time.ts';
import { memoryLogger } from '../fleet/support/harness.ts';
import { tempDir } from '../support/temp-dir.ts';

/** A kecamatan office: weekdays 08:00–15:00, a break for Friday prayers, Saturday mornings, closed Sunday. */
const OFFICE: OpeningHoursInput = {
  timezone: 'Asia/Jakarta',
  weekly: { mon: ['08:00-15:00'], tue: ['08:00-15:00'], wed: ['08:00-15:00'], thu: ['08:00-15:00'], fri: ['08:00-11:30', '13:30-15:00'], sat: ['08:00-12:00'] },
  holidays: [{ date: '2026-12-25', name: 'Natal' }],
  exceptions: [
    { from: '2026-12-24', hours: ['08:00-12:00'], name: 'Malam Natal' },
    { from: '2026-12-28', to: '2026-12-31', hours: [], name: 'cuti bersama' },
  ],
};

const hours = (input: OpeningHoursInput = OFFICE) => new OpeningHours(openingHoursSchema.parse(input));
const at = (iso: string) => new Date(iso);
const local = (d: Date | null, zone = 'Asia/Jakarta') => (d ? isoInZone(d, zone) : null);

describe('opening hours in WIB', () => {
  it('is closed before opening and says when it opens; open inside the hours and says when it closes', () => {
    const h = hours();
    // Monday 7 December 2026, 07:59 WIB = 00:59 UTC.
    const early = h.at(at('2026-12-07T00:59:00Z'));
    expect(early.open).toBe(false);
    expect(local(early.opensAt)).toBe('2026-12-07T08:00:00+07:00');
    expect(early.opensAt?.toISOString()).toBe('2026-12-07T01:00:00.000Z');
    const open = h.at(at('2026-12-07T01:00:00Z'));
    expect(open.open).toBe(true);
    expect(local(open.closesAt)).toBe('2026-12-07T15:00:00+07:00');
    expect(h.at(at('2026-12-07T07:59:59Z')).open).toBe(true);
    const closing = h.at(at('2026-12-07T08:00:00Z'));
    expect(closing.open).toBe(false);
    expect(local(closing.opensAt)).toBe('2026-12-08T08:00:00+07:00');
  });

  it('closes for Friday prayers and opens again at 13:30; Saturday afternoon points to Monday', () => {
    const h = hours();
    const prayers = h.at(at('2026-12-11T05:00:00Z')); // Friday 12:00 WIB
    expect(prayers.open).toBe(false);
    expect(local(prayers.opensAt)).toBe('2026-12-11T13:30:00+07:00');
    const saturday = h.at(at('2026-12-12T06:00:00Z')); // Saturday 13:00 WIB
    expect(saturday.open).toBe(false);
    expect(local(saturday.opensAt)).toBe('2026-12-14T08:00:00+07:00');
  });

  it('keeps holidays and exceptions: short Christmas Eve, closed Christmas, closed cuti bersama until the new year', () => {
    const h = hours();
    expect(h.day('2026-12-24')).toMatchObject({ rule: 'exception', name: 'Malam Natal' });
    expect(h.at(at('2026-12-24T04:00:00Z')).open).toBe(true); // 11:00
    const eve = h.at(at('2026-12-24T05:30:00Z')); // 12:30
    expect(eve.open).toBe(false);
    // Friday the 25th is a holiday, Saturday the 26th opens.
    expect(local(eve.opensAt)).toBe('2026-12-26T08:00:00+07:00');
    expect(h.at(at('2026-12-25T03:00:00Z')).today).toMatchObject({ rule: 'holiday', name: 'Natal' });
    // Monday 28 to Thursday 31 closed; Friday 1 January is a weekday again.
    const cuti = h.at(at('2026-12-28T03:00:00Z'));
    expect(cuti.open).toBe(false);
    expect(local(cuti.opensAt)).toBe('2027-01-01T08:00:00+07:00');
  });

  it('closed every day of the week: no next opening, said plainly rather than a guess', () => {
    const h = hours({ timezone: 'Asia/Jakarta', weekly: {} });
    const s = h.at(at('2026-12-07T03:00:00Z'));
    expect(s).toMatchObject({ open: false, opensAt: null });
  });

  it('a span to 24:00 that the next day continues from 00:00 closes when the second one ends', () => {
    const h = hours({ timezone: 'Asia/Jakarta', weekly: { mon: ['20:00-24:00'], tue: ['00:00-02:00'] } });
    const s = h.at(at('2026-12-07T16:00:00Z')); // Monday 23:00
    expect(s.open).toBe(true);
    expect(local(s.closesAt)).toBe('2026-12-08T02:00:00+07:00');
  });
});

describe('WITA and WIT: the same wall hours are other instants', () => {
  it('opens at 08:00 local in Makassar (00:00 UTC) and Jayapura (23:00 UTC the day before)', () => {
    const week = { mon: ['08:00-15:00'], tue: ['08:00-15:00'] };
    const wita = hours({ timezone: 'Asia/Makassar', weekly: week });
    const wit = hours({ timezone: 'Asia/Jayapura', weekly: week });
    const sunday = at('2026-12-06T12:00:00Z');
    expect(wita.at(sunday).opensAt?.toISOString()).toBe('2026-12-07T00:00:00.000Z');
    expect(wit.at(sunday).opensAt?.toISOString()).toBe('2026-12-06T23:00:00.000Z');
    expect(local(wit.at(sunday).opensAt, 'Asia/Jayapura')).toBe('2026-12-07T08:00:00+09:00');
    // 23:30 UTC on Sunday is already Monday 08:30 in Jayapura: open, while Jakarta's Monday has not begun.
    expect(wit.at(at('2026-12-06T23:30:00Z')).open).toBe(true);
    expect(wallTime(at('2026-12-06T23:30:00Z'), 'Asia/Jayapura')).toMatchObject({ date: '2026-12-07', weekday: 'mon', minute: 510, offset: 540 });
    expect(hours({ timezone: 'Asia/Jakarta', weekly: week }).at(at('2026-12-06T23:30:00Z')).open).toBe(false);
  });

  it('Indonesian zones keep one offset all year (no daylight saving to trip over)', () => {
    for (const [zone, offset] of [['Asia/Jakarta', 420], ['Asia/Makassar', 480], ['Asia/Jayapura', 540]] as const) {
      for (const month of ['01', '04', '07', '10']) expect(wallTime(at(`2026-${month}-15T00:00:00Z`), zone).offset).toBe(offset);
    }
  });

  it('a zone with daylight saving still works: a skipped opening time opens at the end of the gap', () => {
    // Europe/Berlin skips 02:00–03:00 on 29 March 2026.
    expect(isoInZone(instantAt('2026-03-29', 150, 'Europe/Berlin'), 'Europe/Berlin')).toBe('2026-03-29T03:00:00+02:00');
    // And repeats 02:00–03:00 on 25 October 2026: the first of the two.
    expect(instantAt('2026-10-25', 150, 'Europe/Berlin').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    const h = hours({ timezone: 'Europe/Berlin', weekly: { sun: ['02:30-05:00'] } });
    expect(local(h.at(at('2026-03-28T23:00:00Z')).opensAt, 'Europe/Berlin')).toBe('2026-03-29T03:00:00+02:00');
  });
});

describe('a bad schedule is refused with the key and what is wrong', () => {
  const dirs: Array<{ remove(): void }> = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.remove()));
  function problems(openingHours: unknown): string[] {
    const d = tempDir('hours-config');
    dirs.push(d);
    const file = join(d.path, 'kiosk.json');
    writeFileSync(file, JSON.stringify({ openingHours }));
    const r = loadConfig({ file, env: {} });
    if (r.ok) throw new Error('expected the configuration to be refused');
    return r.error.map(formatProblem);
  }

  it('names a malformed span, a span that closes before it opens, and spans out of order', () => {
    const lines = problems({ timezone: 'Asia/Jakarta', weekly: { mon: ['8:00-15:00'], tue: ['15:00-08:00'], wed: ['10:00-12:00', '11:00-14:00'], thu: ['08:00-25:00'] } });
    const all = lines.join('\n');
    expect(all).toMatch(/openingHours\.weekly\.mon\.0.*"8:00-15:00".*"HH:MM-HH:MM"/);
    expect(all).toMatch(/openingHours\.weekly\.tue\.0.*closes \(08:00\) before it opens \(15:00\).*two spans/);
    expect(all).toMatch(/openingHours\.weekly\.wed\.1.*"11:00-14:00" overlaps or comes before "10:00-12:00"/);
    expect(all).toMatch(/openingHours\.weekly\.thu\.0.*closing time 25:00 is not a time of day/);
    expect(lines).toHaveLength(4);
  });

  it('refuses a zone abbreviation or an unknown zone, and a day name that is not a weekday key', () => {
    expect(problems({ timezone: 'WIB' }).join('\n')).toMatch(/openingHours\.timezone.*"WIB".*Asia\/Jakarta \(WIB\)/);
    expect(problems({ timezone: 'Asia/Bandung' }).join('\n')).toMatch(/openingHours\.timezone.*"Asia\/Bandung"/);
    expect(problems({ timezone: 'Asia/Jakarta', weekly: { monday: ['08:00-15:00'] } }).join('\n')).toMatch(/openingHours\.weekly.*monday/);
  });

  it('refuses overlapping exceptions, a holiday inside an exception, a range that ends before it starts, and a date that does not exist', () => {
    const lines = problems({
      timezone: 'Asia/Jakarta',
      holidays: [{ date: '2026-12-29' }, { date: '2026-02-30' }],
      exceptions: [
        { from: '2026-12-28', to: '2026-12-31', hours: [] },
        { from: '2026-12-30', to: '2027-01-02', hours: ['08:00-12:00'] },
        { from: '2026-06-10', to: '2026-06-01', hours: [] },
      ],
    });
    const all = lines.join('\n');
    expect(all).toMatch(/openingHours\.holidays\.1\.date.*"2026-02-30".*calendar date/);
    expect(all).toMatch(/openingHours\.exceptions\.0.*exception 2026-12-28\.\.2026-12-31 overlaps holiday 2026-12-29/);
    expect(all).toMatch(/openingHours\.exceptions\.1.*exception 2026-12-30\.\.2027-01-02 overlaps exception 2026-12-28\.\.2026-12-31/);
    expect(all).toMatch(/openingHours\.exceptions\.2\.to.*ends \(2026-06-01\) before it starts \(2026-06-10\)/);
  });

  it('accepts a good schedule and leaves a kiosk without one always open', () => {
    const d = tempDir('hours-config');
    dirs.push(d);
    const file = join(d.path, 'kiosk.json');
    writeFileSync(file, JSON.stringify({ openingHours: OFFICE }));
    const r = loadConfig({ file, env: {} });
    expect(r.ok && r.value.config.openingHours?.weekly.sun).toEqual([]);
    const none = loadConfig({ env: {} });
    expect(none.ok && none.value.config.openingHours).toBeUndefined();
  });
});

describe('the watcher works from the clock, so a clock that jumps is right at the next look', () => {
  it('follows a jump forward past closing and back again, and says the clock jumped', async () => {
    const { log, lines } = await memoryLogger();
    let now = at('2026-12-07T02:00:00Z'); // Monday 09:00 WIB
    const closed: boolean[] = [];
    const w = new HoursWatcher({ hours: hours(), now: () => now, checkMs: 30_000, log, setClosed: (c) => closed.push(c) });
    try {
      w.start();
      expect(w.state?.open).toBe(true);
      // NTP corrects a clock that was four hours slow: it is really 13:00 past closing.
      now = at('2026-12-07T10:00:00Z');
      expect(w.check().open).toBe(false);
      expect(lines.find((l) => l.event === 'hours.clock_jumped')).toMatchObject({ localTime: '2026-12-07T17:00:00+07:00' });
      // An RTC with a flat battery boots a day back: worked out again, not counted from a timer.
      now = at('2026-12-06T02:00:00Z'); // Sunday 09:00: closed, opens Monday
      const s = w.check();
      expect(s.open).toBe(false);
      expect(local(s.opensAt)).toBe('2026-12-07T08:00:00+07:00');
      now = at('2026-12-07T03:00:00Z');
      expect(w.check().open).toBe(true);
      expect(closed).toEqual([false, true, true, false]);
      expect(lines.filter((l) => l.event === 'hours.closed')).toHaveLength(1);
      expect(lines.filter((l) => l.event === 'hours.opened')).toHaveLength(2);
      expect(lines.filter((l) => l.event === 'hours.clock_jumped').length).toBeGreaterThanOrEqual(3);
    } finally {
      w.stop();
    }
  });
});

describe('a look that fails', () => {
  it('is logged from the timer and tried again at the next interval, never thrown out of a timer', async () => {
    const { log, lines } = await memoryLogger();
    let fail = false;
    const closed: boolean[] = [];
    const w = new HoursWatcher({
      hours: hours(),
      now: () => at('2026-12-07T02:00:00Z'),
      checkMs: 1000,
      log,
      setClosed: (c) => {
        if (fail) throw new Error('service state unavailable');
        closed.push(c);
      },
    });
    try {
      w.start();
      fail = true;
      const until = async (check: () => boolean) => {
        for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
        return check();
      };
      expect(await until(() => lines.some((l) => l.event === 'hours.check_failed'))).toBe(true);
      expect(lines.find((l) => l.event === 'hours.check_failed')).toMatchObject({ error: 'service state unavailable' });
      fail = false;
      expect(await until(() => closed.length >= 2)).toBe(true);
      expect(closed.every((c) => c === false)).toBe(true);
    } finally {
      w.stop();
    }
  });
});
