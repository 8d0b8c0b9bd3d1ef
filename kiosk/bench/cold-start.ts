import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentile, round, type Bench } from './bench.ts';
import { admArgv, KIOSK_MEMORY } from './kiosk-command.ts';

/** Time from spawning `adm start` to its "ready" line, and its memory once ready. */
async function startOnce(fromSources: boolean): Promise<{ ms: number; rssMb: number; runtime: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'adm-bench-start-'));
  const t0 = performance.now();
  const child = spawn(process.execPath, admArgv(['start']), {
    env: { ...process.env, ...KIOSK_MEMORY.env, ADM_DATA_DIR: dataDir, ADM_PORT: '0', ADM_CONFIG: '', ADM_FROM_SOURCES: fromSources ? '1' : '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let out = '';
    const ms = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ready line within 20 s: ${out.slice(-500)}`)), 20_000);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('ADM kiosk ready at')) {
          clearTimeout(timer);
          resolve(performance.now() - t0);
        }
      });
      child.once('exit', (code) => reject(new Error(`adm start exited ${String(code)}: ${out.slice(-500)}`)));
    });
    const { readFileSync } = await import('node:fs');
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
    // The kiosk says itself whether it ran the compiled bundle or fell back to the sources.
    const url = /ADM kiosk ready at (\S+?)\/?\n/.exec(out)?.[1];
    const health = url ? ((await (await fetch(`${url}/healthz`)).json()) as { runtime?: string }) : {};
    return { ms, rssMb: rssKb / 1024, runtime: health.runtime ?? 'unknown' };
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGINT');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export const coldStartBench: Bench = {
  name: 'cold start',
  async run(ctx) {
    const runs = Math.max(3, Math.round(5 * ctx.scale));
    const notes: string[] = [];
    const measure = async (fromSources: boolean) => {
      const ms: number[] = [];
      const rss: number[] = [];
      // Warms the page cache and tsx's transform cache, as on a kiosk after its first boot.
      const warm = await startOnce(fromSources);
      if (!fromSources && warm.runtime !== 'bundle') notes.push(`no compiled bundle to measure (the kiosk ran ${warm.runtime}): \`npm run build\` first; both rows below ran the sources`);
      for (let i = 0; i < runs; i++) {
        const r = await startOnce(fromSources);
        ms.push(r.ms);
        rss.push(r.rssMb);
      }
      return { ms: percentile(ms, 50), rss: percentile(rss, 50) };
    };
    const kiosk = await measure(false);
    const sources = await measure(true);
    return {
      figures: [
        { key: 'cold_start_ms_p50', value: round(kiosk.ms, 1), unit: 'ms', label: 'cold start to ready (simulated devices, compiled bundle), median' },
        { key: 'ready_rss_mb_p50', value: round(kiosk.rss, 1), unit: 'MB', label: 'resident memory once ready (compiled bundle), median' },
        { key: 'cold_start_sources_ms_p50', value: round(sources.ms, 1), unit: 'ms', label: 'cold start, TypeScript sources through tsx (same run), median' },
        { key: 'ready_rss_sources_mb_p50', value: round(sources.rss, 1), unit: 'MB', label: 'resident memory once ready, sources through tsx, median' },
        { key: 'cold_start_speedup_x', value: round(sources.ms / kiosk.ms, 2), unit: 'x', label: 'cold start: sources median / bundle median' },
      ],
      notes,
    };
  },
};
