import { percentile, round, type Bench } from './bench.ts';
import { Redactor } from '../privacy/redactor.ts';

/** Log events as the kiosk writes them during a journey: ids, states, a message, an error, a URL. */
function events(n: number): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (let i = 0; i < n; i++) {
    out.push({
      event: 'print.submitted',
      ledgerId: `LDG-20261123-${String(i).padStart(6, '0')}`,
      id: `5b0f${String(i).padStart(4, '0')}-a1b2-4c3d-8e9f-0a1b2c3d4e5f`,
      documentType: 'kk',
      printer: 'ipp://127.0.0.1:631/printers/a4',
      state: { device: 'online', paper: 'full', reasons: ['none'] },
      message: `job ${i} for 3506 1412 0384 ${String(9000 + (i % 1000))} accepted by the printer`,
      error: i % 10 === 0 ? new Error('registry said: request timed out after 1500 ms') : null,
    });
  }
  return out;
}

/** What redaction was before: 16 contiguous digits only, values only, names verbatim. */
const OLD_NIK = /(?<!\d)(\d{6})(\d{6})(\d{4})(?!\d)/g;
function oldStyle(v: unknown, names: readonly string[]): unknown {
  if (typeof v === 'string') {
    let s = v.replace(OLD_NIK, (_m, a: string, _b: string, c: string) => `${a.slice(0, 4)}********${c}`);
    for (const n of names) if (s.includes(n)) s = s.split(n).join('[redacted]');
    return s;
  }
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof Error) return { type: v.name, message: oldStyle(v.message, names) };
  if (Array.isArray(v)) return v.map((x) => oldStyle(x, names));
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, oldStyle(x, names)]));
}

function time(fn: () => void, runs: number): number[] {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return samples;
}

/**
 * The one redaction path on a log event (NIKs in any digits and separators, keys, URLs, the
 * journey's registered names in any case and spacing), against the plain 16-digit mask it
 * replaced, in the same run: what the stronger matching costs per event.
 */
export const redactionBench: Bench = {
  name: 'redaction',
  async run(ctx) {
    const batch = events(1000);
    const names = ['SITI RAHAYU LESTARI', 'BUDI SANTOSO', 'SUMIATI WULANDARI', 'AHMAD FAUZI', 'DEWI KARTIKA SARI', 'RIZKY PRATAMA'];
    const r = new Redactor();
    for (const n of names) r.remember(n);
    r.remember('3506141203849001');
    const runs = Math.max(10, Math.round(50 * ctx.scale));
    const now = () => batch.forEach((e) => r.object(e));
    const before = () => batch.forEach((e) => oldStyle(e, names));
    time(now, 5);
    time(before, 5);
    ctx.note(`redaction: ${runs} runs of 1000 events each`);
    const a = time(now, runs).map((ms) => (ms * 1000) / batch.length);
    const b = time(before, runs).map((ms) => (ms * 1000) / batch.length);
    return {
      figures: [
        { key: 'redaction_us_per_event_p50', value: round(percentile(a, 50)), unit: 'µs', label: 'one log event through the redactor (7 registered strings), median' },
        { key: 'redaction_old_us_per_event_p50', value: round(percentile(b, 50)), unit: 'µs', label: 'same event through the plain 16-digit mask it replaced, median' },
        { key: 'redaction_cost_ratio', value: round(percentile(a, 50) / percentile(b, 50)), unit: 'x', label: 'redactor vs plain mask (the price of catching spaced, dotted, full-width NIKs, keys, URLs, any-case names)' },
      ],
    };
  },
};
