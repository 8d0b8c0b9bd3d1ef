import { percentile, round, type Bench } from './bench.ts';
import { openingHoursSchema } from '../opening-hours/config.ts';
import { OpeningHours } from '../opening-hours/schedule.ts';
import { wallTime } from '../opening-hours/zone-time.ts';

/** A kecamatan office's week with a Friday break, ten holidays and a cuti bersama week. */
const OFFICE = openingHoursSchema.parse({
  timezone: 'Asia/Makassar',
  weekly: { mon: ['08:00-15:00'], tue: ['08:00-15:00'], wed: ['08:00-15:00'], thu: ['08:00-15:00'], fri: ['08:00-11:30', '13:30-15:00'], sat: ['08:00-12:00'] },
  holidays: Array.from({ length: 10 }, (_, i) => ({ date: `2026-${String(i + 1).padStart(2, '0')}-17` })),
  exceptions: [{ from: '2026-12-28', to: '2026-12-31', hours: [] }],
});

/** The same wall time with a new Intl formatter per call: what the cached formatters save. */
function wallTimeUncached(at: Date, zone: string): string {
  const f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return f.formatToParts(at).map((p) => p.value).join('');
}

function timeEach(instants: readonly Date[], fn: (d: Date) => unknown): number[] {
  return instants.map((d) => {
    const t0 = performance.now();
    fn(d);
    return (performance.now() - t0) * 1000;
  });
}

/**
 * Open or closed, worked out from the clock: while closed, the kiosk port asks it twice a second
 * (the next opening for the attract screen), so its cost is a steady share of a closed kiosk's CPU. Random
 * instants over a year, evenings and holidays included (the next opening is searched day by day).
 */
export const openingHoursBench: Bench = {
  name: 'opening-hours',
  async run(ctx) {
    const hours = new OpeningHours(OFFICE);
    const n = Math.max(2000, Math.round(20000 * ctx.scale));
    const start = Date.parse('2026-01-01T00:00:00Z');
    let seed = 7;
    const instants = Array.from({ length: n }, () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return new Date(start + (seed / 2 ** 31) * 365 * 86_400_000);
    });
    timeEach(instants.slice(0, 500), (d) => hours.at(d));
    timeEach(instants.slice(0, 500), (d) => wallTimeUncached(d, OFFICE.timezone));
    const at = timeEach(instants, (d) => hours.at(d));
    const cached = timeEach(instants, (d) => wallTime(d, OFFICE.timezone));
    const uncached = timeEach(instants, (d) => wallTimeUncached(d, OFFICE.timezone));
    ctx.note(`opening hours: ${n} random instants over 2026, Asia/Makassar`);
    const p50 = percentile(at, 50);
    return {
      figures: [
        { key: 'hours_at_us_p50', value: round(p50), unit: 'µs', label: 'open or closed and the next change, median (random instants over a year)' },
        { key: 'hours_at_us_p99', value: round(percentile(at, 99)), unit: 'µs', label: 'the same, p99 (evenings before long closures)' },
        { key: 'hours_poll_ms_per_hour', value: round((p50 * 2 * 3600) / 1000), unit: 'ms', label: 'CPU per closed hour for the kiosk port asking twice a second' },
        { key: 'hours_walltime_cached_us_p50', value: round(percentile(cached, 50)), unit: 'µs', label: 'one local wall time, cached Intl formatter, median' },
        { key: 'hours_walltime_uncached_us_p50', value: round(percentile(uncached, 50)), unit: 'µs', label: 'the same with a new Intl formatter per call, median' },
        { key: 'hours_formatter_cache_ratio', value: round(percentile(uncached, 50) / percentile(cached, 50)), unit: 'x', label: 'new formatter per call vs cached' },
      ],
    };
  },
};
