import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createNotifier, decodeNotify, encodeNotify } from '../../kiosk/firmware/notify.ts';
import { NotifyListener } from '../../kiosk/firmware/notify-listener.ts';
import { watchdogFromEnv } from '../../kiosk/firmware/watchdog.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

function lines(child: ChildProcess): { seen: Array<{ at: number; line: string }>; wait(text: string, ms: number): Promise<number> } {
  const seen: Array<{ at: number; line: string }> = [];
  let buf = '';
  child.stdout?.on('data', (d: Buffer) => {
    buf += d.toString();
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      seen.push({ at: Date.now(), line: buf.slice(0, i) });
      buf = buf.slice(i + 1);
    }
  });
  return {
    seen,
    wait(text, ms) {
      return new Promise((resolve, reject) => {
        const deadline = Date.now() + ms;
        const poll = () => {
          const hit = seen.find((l) => l.line.includes(text));
          if (hit) resolve(hit.at);
          else if (Date.now() > deadline) reject(new Error(`no line with ${text}; got ${seen.map((l) => l.line).join(' | ').slice(0, 2000)}`));
          else setTimeout(poll, 10);
        };
        poll();
      });
    },
  };
}

function exited(child: ChildProcess, ms = 10_000): Promise<number | string | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    const timer = setTimeout(() => resolve('still running'), ms);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

describe('sd_notify wire format', () => {
  it('encodes one assignment per line and keeps values on one line', () => {
    const buf = encodeNotify({ READY: '1', STATUS: 'line one\nline two' });
    expect(buf.toString()).toBe('READY=1\nSTATUS=line one line two\n');
    expect(decodeNotify(buf)).toEqual({ READY: '1', STATUS: 'line one line two' });
  });

  it('is a no-op without NOTIFY_SOCKET', () => {
    const n = createNotifier({ env: {} });
    expect(n.ok && n.value.enabled).toBe(false);
  });

  it('refuses an abstract or vsock address with a typed error instead of sending elsewhere', () => {
    for (const address of ['@/org/freedesktop/systemd1/notify', 'vsock:2:1234']) {
      const n = createNotifier({ env: { NOTIFY_SOCKET: address } });
      expect(n.ok).toBe(false);
      if (!n.ok) expect(n.error.code).toBe('unsupported_address');
    }
  });

  it('reports a vanished manager once and counts what it could not deliver, never throwing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'adm-fw-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const errors: string[] = [];
    const n = createNotifier({ env: { NOTIFY_SOCKET: join(dir, 'gone.sock') }, onError: (e) => errors.push(e.code) });
    expect(n.ok).toBe(true);
    if (!n.ok) return;
    n.value.ready('x');
    n.value.watchdog();
    n.value.watchdog();
    n.value.close();
    expect(n.value.dropped).toBe(3);
    expect(errors).toEqual(['send_failed']);
  });
});

describe('watchdog settings', () => {
  it('pings at half of WATCHDOG_USEC', () => {
    const s = watchdogFromEnv({ WATCHDOG_USEC: '30000000' }, 42);
    expect(s).toEqual({ ok: true, value: { timeoutMs: 30000, intervalMs: 15000 } });
  });
  it('is off when WATCHDOG_PID names another process', () => {
    expect(watchdogFromEnv({ WATCHDOG_USEC: '30000000', WATCHDOG_PID: '7' }, 42)).toEqual({ ok: true, value: null });
    expect(watchdogFromEnv({ WATCHDOG_USEC: '30000000', WATCHDOG_PID: '42' }, 42).ok).toBe(true);
  });
  it('refuses a malformed WATCHDOG_USEC with a typed error', () => {
    const s = watchdogFromEnv({ WATCHDOG_USEC: '30s' }, 42);
    expect(s.ok).toBe(false);
    if (!s.ok) expect(s.error.code).toBe('bad_watchdog_usec');
  });
});

describe('the kiosk under a service manager', () => {
  it('sends READY=1 once the kiosk answers, then WATCHDOG=1 pings, then STOPPING=1 on SIGTERM', async () => {
    const manager = await NotifyListener.open();
    cleanups.push(() => manager.close());
    const data = mkdtempSync(join(tmpdir(), 'adm-fw-data-'));
    cleanups.push(() => rmSync(data, { recursive: true, force: true }));
    const child = spawn(process.execPath, [join(ROOT, 'scripts/adm.js'), 'start'], {
      cwd: ROOT,
      env: { ...process.env, NOTIFY_SOCKET: manager.path, WATCHDOG_USEC: '200000', ADM_PORT: '0', ADM_DATA_DIR: data, ADM_CONFIG: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cleanups.push(() => child.kill('SIGKILL'));
    const out = lines(child);

    const ready = await manager.waitFor('READY', '1', 30_000);
    expect(ready, 'READY=1 never arrived').not.toBeNull();
    expect(ready?.fields.MAINPID).toBe(String(child.pid));
    expect(ready?.fields.STATUS).toMatch(/^self-test (pass|degraded|fail)/);

    // READY means open: the server answers /healthz with the boot self-test at that moment.
    const urlLine = await out.wait('ADM kiosk ready at', 10_000).then(() => out.seen.find((l) => l.line.startsWith('ADM kiosk ready at'))?.line ?? '');
    const url = /(http:\/\/\S+?)\/?$/.exec(urlLine)?.[1];
    const health = (await (await fetch(`${url}/healthz`)).json()) as { selfTest: { outcome: string; printable: string[] } };
    expect(['pass', 'degraded']).toContain(health.selfTest.outcome);

    const before = manager.all('WATCHDOG', '1').length;
    await new Promise((r) => setTimeout(r, 700));
    expect(manager.all('WATCHDOG', '1').length - before).toBeGreaterThanOrEqual(2);

    child.kill('SIGTERM');
    expect(await manager.waitFor('STOPPING', '1', 10_000)).not.toBeNull();
    expect(await exited(child)).toBe(0);
  });

  it('stops the WATCHDOG=1 pings while the event loop is blocked, and resumes after', async () => {
    const manager = await NotifyListener.open();
    cleanups.push(() => manager.close());
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'tests/firmware/fixtures/blockable-service.ts')], {
      cwd: ROOT,
      env: { ...process.env, NOTIFY_SOCKET: manager.path, WATCHDOG_USEC: '100000' },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    cleanups.push(() => child.kill('SIGKILL'));
    const out = lines(child);
    expect(await manager.waitFor('READY', '1', 20_000)).not.toBeNull();
    // Healthy: pings every 50 ms.
    await new Promise((r) => setTimeout(r, 400));
    expect(manager.all('WATCHDOG', '1').length).toBeGreaterThanOrEqual(4);

    child.stdin?.write('block 1500\n');
    const blockedAt = await out.wait('blocking', 10_000);
    const unblockedAt = await out.wait('unblocked', 10_000);
    const pingsAfterUnblock = manager.all('WATCHDOG', '1').length;
    await new Promise((r) => setTimeout(r, 300));
    expect(manager.all('WATCHDOG', '1').length, 'pings resume once the loop runs again').toBeGreaterThan(pingsAfterUnblock);

    // While blocked, nothing: the largest gap between pings spans the block, far beyond WatchdogSec.
    const times = manager.all('WATCHDOG', '1').map((m) => m.at);
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? t));
    expect(Math.max(...gaps)).toBeGreaterThanOrEqual(1200);
    const inside = times.filter((t) => t > blockedAt + 150 && t < unblockedAt - 150);
    expect(inside).toEqual([]);

    child.stdin?.write('exit\n');
    expect(await manager.waitFor('STOPPING', '1', 10_000)).not.toBeNull();
    expect(await exited(child)).toBe(0);
  });
});
