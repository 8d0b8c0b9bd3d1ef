import { spawn } from 'node:child_process';
import { writeFileSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runAdm, startKiosk, type KioskProcess } from '../support/kiosk-process.ts';
import { tempDir } from '../support/temp-dir.ts';

const cleanups: Array<() => void | Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function dataDir(): string {
  const d = tempDir('boot');
  cleanups.push(() => d.remove());
  return d.path;
}

async function started(env: NodeJS.ProcessEnv): Promise<KioskProcess> {
  const k = await startKiosk(env);
  cleanups.push(() => k.stop('SIGKILL'));
  return k;
}

describe('adm start', () => {
  it('answers on loopback with /healthz and stops cleanly on SIGINT', async () => {
    const dir = dataDir();
    const k = await started({ ADM_DATA_DIR: dir });
    expect(k.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${k.url}/healthz`);
    expect(res.status).toBe(200);
    const health = (await res.json()) as { version: string; uptimeS: number; devices: object; kioskId: string; memory: { rssMb: number; heapUsedMb: number }; runtime: string };
    expect(health.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(health.kioskId).toBe('ADM-3506-SIM1');
    expect(typeof health.uptimeS).toBe('number');
    expect(health.devices).toBeTypeOf('object');
    expect(health.memory.rssMb).toBeGreaterThan(health.memory.heapUsedMb);
    expect(['bundle', 'sources']).toContain(health.runtime);
    const page = await fetch(`${k.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('x-frame-options')).toBe('DENY');

    const stopped = await k.stop('SIGINT');
    expect(stopped.code).toBe(0);
    expect(stopped.ms).toBeLessThan(5000);
    const lines = k.stdout().trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { event: string });
    const events = lines.map((l) => l.event);
    expect(events).toEqual(expect.arrayContaining(['kiosk.ready', 'kiosk.shutdown_requested', 'store.closed', 'kiosk.stopped']));
  });

  it('`npm start` then Ctrl+C (SIGINT to the whole process group, npm included) exits 0', async () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const child = spawn('npm', ['start', '--silent'], {
      cwd: root,
      detached: true,
      env: { ...process.env, ADM_CONFIG: '', ADM_DATA_DIR: dataDir(), ADM_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cleanups.push(() => {
      if (child.exitCode === null) process.kill(-(child.pid as number), 'SIGKILL');
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await expect.poll(() => out, { timeout: 30_000 }).toMatch(/ADM kiosk ready at http:\/\/127\.0\.0\.1:\d+\//);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const t0 = performance.now();
    process.kill(-(child.pid as number), 'SIGINT');
    expect(await exited).toBe(0);
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(out).toContain('"event":"kiosk.stopped","clean":true');
  });

  it('stops cleanly on SIGTERM too', async () => {
    const k = await started({ ADM_DATA_DIR: dataDir() });
    const stopped = await k.stop('SIGTERM');
    expect(stopped.code).toBe(0);
  });

  it('refuses a bad configuration with one line per problem and starts nothing', async () => {
    const dir = dataDir();
    const file = join(dir, 'adm.json');
    writeFileSync(file, JSON.stringify({ http: { port: 'x' }, kiosk: { regionCode: '1' } }));
    const r = await runAdm(['start'], { ADM_CONFIG: file, ADM_DATA_DIR: dir });
    expect(r.code).toBe(2);
    const problems = r.stderr.split('\n').filter((l) => l.startsWith('config: '));
    expect(problems).toHaveLength(2);
    expect(r.stderr).toContain('http.port = "x"');
    expect(r.stderr).toContain('kiosk.regionCode = "1"');
    expect(r.stdout).not.toContain('ready');
  });

  it('refuses to start on a corrupt store, says why, and leaves the file as it was', async () => {
    const dir = dataDir();
    const garbage = Buffer.alloc(4096, 0x42);
    writeFileSync(join(dir, 'kiosk.sqlite'), garbage);
    const r = await runAdm(['start'], { ADM_DATA_DIR: dir, ADM_PORT: '0' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/kiosk\.sqlite is not a readable SQLite file/);
    expect(readFileSync(join(dir, 'kiosk.sqlite')).equals(garbage)).toBe(true);
  });

  it('says when the port is taken instead of crashing', async () => {
    const first = await started({ ADM_DATA_DIR: dataDir() });
    const port = new URL(first.url).port;
    const r = await runAdm(['start'], { ADM_DATA_DIR: dataDir(), ADM_PORT: port });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`cannot listen on 127.0.0.1:${port}`);
  });
});

describe('adm doctor', () => {
  it('reports configuration, store and packages, and fails on a damaged store', async () => {
    const dir = dataDir();
    const good = await runAdm(['doctor', '--json'], { ADM_DATA_DIR: dir, ADM_PORT: '0' });
    expect(good.code).toBe(0);
    const report = JSON.parse(good.stdout) as { results: Array<{ check: string; status: string }> };
    expect(report.results.map((r) => r.check)).toEqual(expect.arrayContaining(['data directory', 'kiosk store', 'system packages']));
    writeFileSync(join(dir, 'kiosk.sqlite'), Buffer.alloc(4096, 1));
    const bad = await runAdm(['doctor'], { ADM_DATA_DIR: dir, ADM_PORT: '0' });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/FAIL\s+kiosk store/);
  });
});
