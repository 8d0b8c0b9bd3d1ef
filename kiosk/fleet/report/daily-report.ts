import { err, ok, type Result } from '../../../core/result.ts';
import type { PrometheusApi, PrometheusError, Series } from './prometheus-api.ts';

export interface ReportOptions {
  /** First and last day, YYYY-MM-DD, both included. */
  from: string;
  to: string;
  /** Minutes east of UTC where the days are cut (WIB = 420). */
  utcOffsetMin: number;
  /** Resolution of range queries, seconds: changes shorter than this may be missed. */
  stepS: number;
  region?: string;
  /** Unix seconds; defaults to now (no query looks past it). */
  now?: number;
}

export interface FailureCount {
  /** Times it began that day. */
  count: number;
  /** Minutes it lasted that day, at the report's step. */
  minutes: number;
}

/** One kiosk on one day. */
export interface KioskDay {
  day: string;
  region: string;
  kecamatan: string;
  kiosk: string;
  printed: Record<string, number>;
  failed: Record<string, number>;
  /** Share of the time it was meant to serve that it was connected and in service; null when not known. */
  availability: number | null;
  /** By cause: the kiosk's alert kinds, `kiosk.down` (connection lost or stopped), `print.failed`. */
  failures: Record<string, FailureCount>;
  /** Blanko cards used (decreases of the card-blanko counter); null when the kiosk reports none. */
  blankoUsed: number | null;
}

export interface FleetReport {
  from: string;
  to: string;
  utcOffset: string;
  stepS: number;
  kiosks: KioskDay[];
  /** Documents printed per day, kecamatan and type. */
  kecamatan: Array<{ day: string; region: string; kecamatan: string; type: string; printed: number }>;
  notes: string[];
}

export type ReportError = PrometheusError | { code: 'bad_range'; message: string };

const DAY_S = 86_400;
/** Prometheus answers at most 11,000 points per series. */
const MAX_POINTS = 11_000;
export const MAX_REPORT_DAYS = 366;

function dayNumber(day: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const t = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== day ? null : t / 1000 / DAY_S;
}

export function formatOffset(min: number): string {
  const a = Math.abs(min);
  return `${min < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/**
 * The daily fleet report, every figure from Prometheus: documents printed per day, kiosk,
 * kecamatan and type; availability; failures by cause; blanko used. Needs the shipped recording
 * rules for availability (it says so in `notes` when they are missing).
 */
export async function fleetReport(api: PrometheusApi, o: ReportOptions): Promise<Result<FleetReport, ReportError>> {
  const first = dayNumber(o.from);
  const last = dayNumber(o.to);
  if (first === null) return err({ code: 'bad_range', message: `--from ${o.from}: expected a date YYYY-MM-DD` });
  if (last === null) return err({ code: 'bad_range', message: `--to ${o.to}: expected a date YYYY-MM-DD` });
  if (last < first) return err({ code: 'bad_range', message: `--to ${o.to} is before --from ${o.from}` });
  if (last - first + 1 > MAX_REPORT_DAYS) return err({ code: 'bad_range', message: `at most ${MAX_REPORT_DAYS} days in one report` });
  if (o.region !== undefined && !/^\d{4}$/.test(o.region)) return err({ code: 'bad_range', message: `--region ${o.region}: a four-digit regency/city code` });

  const offsetS = o.utcOffsetMin * 60;
  const start = first * DAY_S - offsetS;
  const end = (last + 1) * DAY_S - offsetS;
  const now = o.now ?? Date.now() / 1000;
  if (start >= now) return err({ code: 'bad_range', message: `${o.from} has not begun yet` });
  const until = Math.min(end, now);
  const stepS = o.stepS;
  const dayOf = (t: number) => new Date((t + offsetS) * 1000).toISOString().slice(0, 10);
  const sel = (extra = '') => `{${[o.region !== undefined ? `region="${o.region}"` : '', extra].filter(Boolean).join(',')}}`;
  // Instant queries at the end look back over the whole range and a day more, for a kiosk whose
  // own day (the `day` label) is cut in another time zone than the report's.
  const at = Math.min(end + 3600, now);
  const lookback = `${Math.ceil(at - start) + DAY_S}s`;

  const rows = new Map<string, KioskDay>();
  const kecamatanOf = new Map<string, string>();
  const row = (day: string, region: string, kiosk: string): KioskDay => {
    const key = `${day}|${region}|${kiosk}`;
    let r = rows.get(key);
    if (!r) {
      r = { day, region, kecamatan: kecamatanOf.get(`${region}|${kiosk}`) ?? '', kiosk, printed: {}, failed: {}, availability: null, failures: {}, blankoUsed: null };
      rows.set(key, r);
    }
    return r;
  };
  const inRange = (day: string) => day >= o.from && day <= o.to;
  const failure = (r: KioskDay, cause: string) => (r.failures[cause] ??= { count: 0, minutes: 0 });

  const info = await api.query(`max by (region, kiosk, kecamatan) (last_over_time(adm_kiosk_info${sel()}[${lookback}]))`, at);
  if (!info.ok) return info;
  for (const s of info.value) kecamatanOf.set(`${s.metric.region}|${s.metric.kiosk}`, s.metric.kecamatan ?? '');

  const undated = new Set<string>();
  for (const [metric, field] of [['adm_kiosk_documents_printed_today', 'printed'], ['adm_kiosk_prints_failed_today', 'failed']] as const) {
    const r = await api.query(`max by (region, kiosk, type, day) (max_over_time(${metric}${sel()}[${lookback}]))`, at);
    if (!r.ok) return r;
    for (const s of r.value) {
      const { region = '', kiosk = '', type = 'other', day = '' } = s.metric;
      if (day === '') undated.add(`${region}/${kiosk}`);
      if (!inRange(day)) continue;
      const k = row(day, region, kiosk);
      k[field][type] = s.value;
      if (field === 'failed' && s.value > 0) failure(k, 'print.failed').count += s.value;
    }
  }

  // One point per day, at its end: the day's share of scheduled time that the kiosk was available.
  const availability = await api.queryRange(
    `sum by (region, kiosk) (sum_over_time(adm:kiosk_available:bool${sel()}[1d])) / sum by (region, kiosk) (sum_over_time(adm:kiosk_scheduled:bool${sel()}[1d]) > 0)`,
    start + DAY_S,
    end,
    DAY_S,
  );
  if (!availability.ok) return availability;
  for (const s of availability.value) for (const [t, v] of s.values) row(dayOf(t - 1), s.metric.region ?? '', s.metric.kiosk ?? '').availability = v;

  // Prometheus answers at most MAX_POINTS points per series: a long period at a fine step is asked in pieces.
  const range = async (expr: string): Promise<Result<Series[], PrometheusError>> => {
    const bySeries = new Map<string, Series>();
    for (let from = start; from < until; from += MAX_POINTS * stepS) {
      const piece = await api.queryRange(expr, from, Math.min(until, from + (MAX_POINTS - 1) * stepS), stepS);
      if (!piece.ok) return piece;
      for (const s of piece.value) {
        const key = JSON.stringify(s.metric);
        const known = bySeries.get(key);
        if (known) known.values.push(...s.values);
        else bySeries.set(key, s);
      }
    }
    return ok([...bySeries.values()]);
  };
  const runs = (series: Series[], cause: (m: Record<string, string>) => string, active: (v: number) => boolean) => {
    for (const s of series) {
      let prev: number | null = null;
      for (const [t, v] of s.values) {
        const on = active(v);
        const day = dayOf(t);
        if (on && inRange(day)) {
          const f = failure(row(day, s.metric.region ?? '', s.metric.kiosk ?? ''), cause(s.metric));
          // A new run: the first point, or after a gap or an inactive point.
          if (prev === null || t - prev > stepS) f.count++;
          f.minutes += stepS / 60;
        }
        prev = on ? t : null;
      }
    }
  };
  const alerts = await range(`max by (region, kiosk, kind) (adm_kiosk_alert${sel()})`);
  if (!alerts.ok) return alerts;
  runs(alerts.value, (m) => m.kind ?? 'other', (v) => v > 0);
  const up = await range(`max by (region, kiosk) (adm_kiosk_up${sel()})`);
  if (!up.ok) return up;
  runs(up.value, () => 'kiosk.down', (v) => v === 0);

  const blanko = await range(`max by (region, kiosk) (adm_kiosk_consumable_level${sel('consumable="card-blanko"')})`);
  if (!blanko.ok) return blanko;
  for (const s of blanko.value) {
    for (let i = 0; i < s.values.length; i++) {
      const [t, v] = s.values[i]!;
      const day = dayOf(t);
      if (!inRange(day)) continue;
      const k = row(day, s.metric.region ?? '', s.metric.kiosk ?? '');
      const before = s.values[i - 1];
      k.blankoUsed = (k.blankoUsed ?? 0) + (before && t - before[0] <= stepS && v < before[1] ? before[1] - v : 0);
    }
  }

  for (const f of rows.values()) for (const c of Object.values(f.failures)) c.minutes = Math.round(c.minutes * 10) / 10;
  const kiosks = [...rows.values()].sort((a, b) => a.day.localeCompare(b.day) || a.region.localeCompare(b.region) || a.kecamatan.localeCompare(b.kecamatan) || a.kiosk.localeCompare(b.kiosk));
  const byKecamatan = new Map<string, FleetReport['kecamatan'][number]>();
  for (const k of kiosks) {
    for (const [type, n] of Object.entries(k.printed)) {
      const key = `${k.day}|${k.region}|${k.kecamatan}|${type}`;
      const e = byKecamatan.get(key) ?? { day: k.day, region: k.region, kecamatan: k.kecamatan, type, printed: 0 };
      e.printed += n;
      byKecamatan.set(key, e);
    }
  }
  const notes: string[] = [];
  if (undated.size > 0) notes.push(`${undated.size} kiosks send counts without their date (older software): their documents are not in the table`);
  if (kiosks.length > 0 && availability.value.length === 0) {
    notes.push('no availability: load the fleet rules (kiosk/fleet/monitor/prometheus/adm-fleet.rules.yml) into this Prometheus');
  }
  return ok({ from: o.from, to: o.to, utcOffset: formatOffset(o.utcOffsetMin), stepS, kiosks, kecamatan: [...byKecamatan.values()], notes });
}
