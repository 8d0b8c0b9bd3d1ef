import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { percentile, round, type Bench } from './bench.ts';

const ADM = fileURLToPath(new URL('../../scripts/adm.js', import.meta.url));

/** Time from spawning `adm start` to its "ready" line, and its memory once ready. */
async function startOnce(): Promise<{ ms: number; rssMb: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'adm-bench-start-'));
  const t0 = performance.now();
  const child = spawn(process.execPath, [ADM, 'start'], {
    env: { ...process.env, ADM_DATA_DIR: dataDir, ADM_PORT: '0', ADM_CONFIG: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const ms = await new Promise<number>((resolve, reject) => {
      let out = '';
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
    return { ms, rssMb: rssKb / 1024 };
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
    const ms: number[] = [];
    const rss: number[] = [];
    await startOnce(); // warms the transform cache, as on a kiosk after its first boot
    for (let i = 0; i < runs; i++) {
      const r = await startOnce();
      ms.push(r.ms);
      rss.push(r.rssMb);
    }
    return {
      figures: [
        { key: 'cold_start_ms_p50', value: round(percentile(ms, 50), 1), unit: 'ms', label: 'cold start to ready (simulated devices), median' },
        { key: 'ready_rss_mb_p50', value: round(percentile(rss, 50), 1), unit: 'MB', label: 'resident memory once ready, median' },
      ],
    };
  },
};
