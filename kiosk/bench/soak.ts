import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoSet } from '../registry/demo/demo-set.ts';
import { localDay } from '../registry/identifiers/dates.ts';
import { round, type Bench } from './bench.ts';
import { bootKiosk, UiLink } from './kiosk-driver.ts';

interface Sample {
  sessions: number;
  rssMb: number;
  heapUsedMb: number;
}

/** Least-squares slope of y over x. */
function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - mx;
    num += dx * ((ys[i] as number) - my);
    den += dx * dx;
  }
  return den === 0 ? 0 : num / den;
}

// Just under the 1,000 intents a second the soak's kiosk accepts.
const PACE_MS = 1.1;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/**
 * Many citizen sessions through one kiosk process, over the UI socket as the kiosk browser drives
 * it: each starts, picks NIK + PIN, goes back, cancels and returns to the attract screen; every
 * 25th signs in for real (registry lookup, PIN check, document list) before cancelling. Memory
 * comes from /healthz every 250 sessions. "Growth" is the trend over the second half, when caches
 * and the heap have settled: a leak shows as a steady climb, not as the first warm-up.
 */
export const soakBench: Bench = {
  name: 'soak',
  async run(ctx) {
    const total = Math.max(1000, Math.round(10_000 * ctx.scale));
    const every = 250;
    const citizens = demoSet(localDay(new Date())).filter((e) => e.loginPin !== null);
    // A kiosk's everyday boot: the first start seeds the embedded registry (and grows the heap doing it), so measure the second.
    const dataDir = mkdtempSync(join(tmpdir(), 'adm-bench-soak-'));
    await (await bootKiosk(ctx.signal, { dataDir })).stop();
    const kiosk = await bootKiosk(ctx.signal, { uiIntentsPerSecond: 1000, dataDir });
    const health = new URL('/healthz', kiosk.uiUrl).href;
    const samples: Sample[] = [];
    const sample = async (sessions: number) => {
      const h = (await (await fetch(health)).json()) as { memory: { rssMb: number; heapUsedMb: number } };
      samples.push({ sessions, rssMb: h.memory.rssMb, heapUsedMb: h.memory.heapUsedMb });
    };
    const started = performance.now();
    try {
      const ui = await UiLink.open(kiosk.uiUrl, PACE_MS);
      await ui.until('attract', 0, performance.now());
      await sample(0);
      for (let s = 1; s <= total; s++) {
        await ui.intent({ type: 'start' }, 'choose-method');
        await ui.intent({ type: 'method', method: 'nik' }, 'nik-pin');
        const who = s % 25 === 0 ? citizens[(s / 25) % citizens.length] : undefined;
        if (who) {
          await ui.intent({ type: 'submitLogin', nik: who.nik, pin: who.loginPin }, 'documents');
        } else {
          await ui.intent({ type: 'back' }, 'choose-method');
        }
        await ui.intent({ type: 'cancel' }, 'ended');
        await ui.intent({ type: 'dismiss' }, 'attract');
        if (s % every === 0) {
          await sample(s);
          if (s % 1000 === 0) ctx.note(`${s} sessions, rss ${samples.at(-1)?.rssMb} MB, heap ${samples.at(-1)?.heapUsedMb} MB`);
        }
      }
      ui.close();
    } catch (e) {
      throw new Error(`${(e as Error).message}; the kiosk said: ${kiosk.logTail()}`);
    } finally {
      await kiosk.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
    const seconds = (performance.now() - started) / 1000;
    const settled = samples.slice(Math.floor(samples.length / 2));
    const perThousand = (key: 'rssMb' | 'heapUsedMb') => slope(settled.map((x) => x.sessions), settled.map((x) => x[key])) * 1000;
    // The heap saw-tooths between collections; its low points are the live data a leak would raise.
    const quarter = (q: number) => samples.filter((x) => x.sessions > ((q - 1) * total) / 4 && x.sessions <= (q * total) / 4).map((x) => x.heapUsedMb);
    const floorGrowth = Math.min(...quarter(4)) - Math.min(...quarter(2));
    const first = samples[0] as Sample;
    const last = samples.at(-1) as Sample;
    return {
      figures: [
        { key: 'soak_sessions', value: total, unit: 'sessions', label: `soak: sessions through one kiosk process (every 25th signs in), ${round(total / seconds, 0)} per second` },
        { key: 'soak_rss_ready_mb', value: first.rssMb, unit: 'MB', label: 'soak: resident memory when ready, before any session' },
        { key: 'soak_rss_steady_mb', value: median(settled.map((x) => x.rssMb)), unit: 'MB', label: 'soak: resident memory over the second half, median' },
        { key: 'soak_rss_end_mb', value: last.rssMb, unit: 'MB', label: 'soak: resident memory after the last session' },
        { key: 'soak_rss_growth_mb_per_1000', value: round(perThousand('rssMb'), 2), unit: 'MB/1000', label: 'soak: resident memory trend over the second half, per 1,000 sessions' },
        { key: 'soak_heap_floor_growth_mb', value: round(floorGrowth, 2), unit: 'MB', label: 'soak: live JavaScript heap (lowest sample) in the last quarter minus the second quarter' },
      ],
      notes: [`soak: heap ${first.heapUsedMb} MB when ready, ${last.heapUsedMb} MB at the end (sampled without forcing a collection)`],
    };
  },
};
