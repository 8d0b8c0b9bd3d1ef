import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ByteChannel } from '../../../devices/common/byte-channel.ts';
import { MemoryCable } from '../../../devices/common/memory-cable.ts';
import { openSerialChannel } from '../../../devices/common/serial-channel.ts';
import { serveOnPath } from '../../../devices/common/pty-host.ts';
import { openPtyPair } from '../../../devices/common/socat-pty-pair.ts';
import { DeviceSupervisor, type SupervisorOptions } from '../../../devices/common/supervisor.ts';
import type { DeviceError } from '../../../devices/common/errors.ts';
import { err, ok } from '../../../core/result.ts';
import { startSocat, type SocatLink } from '../../support/socat.ts';

/** A device that answers "?" with "!" — just enough protocol for the supervisor's handshake. */
function pingDevice(ch: ByteChannel, state: { silent: boolean }): void {
  ch.onData((d) => {
    if (!state.silent && d.includes(0x3f)) void ch.write(Uint8Array.of(0x21));
  });
}

/** One "?" per `everyMs` (a knocking handshake, as the drivers do) until "!" comes back or `signal` aborts. */
function ping(ch: ByteChannel | null, signal: AbortSignal, everyMs?: number) {
  return new Promise<ReturnType<typeof ok<object>> | ReturnType<typeof err<DeviceError>>>((resolve) => {
    const fail = () => resolve(err({ device: 'cardReader', reason: 'timeout', completion: 'timeOut', message: 'no pong' }));
    if (!ch) return fail();
    const knock = everyMs === undefined ? undefined : setInterval(() => void ch.write(Uint8Array.of(0x3f)), everyMs);
    const off = ch.onData((d) => {
      if (d.includes(0x21)) {
        clearInterval(knock);
        off();
        resolve(ok({}));
      }
    });
    signal.addEventListener('abort', () => {
      clearInterval(knock);
      off();
      fail();
    });
    void ch.write(Uint8Array.of(0x3f));
  });
}

function supervisor(open: SupervisorOptions['open'], extra: Partial<SupervisorOptions> = {}): DeviceSupervisor {
  let current: ByteChannel | null = null;
  const s: DeviceSupervisor = new DeviceSupervisor({
    id: 'cardReader',
    open,
    attach: async (ch, signal) => {
      current = ch;
      return ping(ch, signal, 25);
    },
    detach: () => {
      current = null;
    },
    heartbeat: { intervalMs: 20, probe: (signal) => ping(current, signal) },
    handshakeTimeoutMs: 200,
    backoff: { initialMs: 10, maxMs: 80 },
    ...extra,
  });
  return s;
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('device supervisor', () => {
  it('killing socat mid-session is detected; it reconnects with capped backoff once socat is back', async () => {
    const link: SocatLink = await startSocat('adm-sup-');
    cleanups.push(() => link.dispose());
    const state = { silent: false };
    const host = serveOnPath(link.pathB, 115200, (ch) => pingDevice(ch, state), 10);
    cleanups.push(() => host.stop());
    const sup = supervisor((signal) => openSerialChannel(link.pathA, 115200, signal), { watchPath: link.pathA });
    cleanups.push(() => sup.stop());
    const seen: string[] = [];
    const delays: number[] = [];
    sup.on('status', (s) => seen.push(s.device));
    sup.on('retry', (r) => delays.push(r.delayMs));
    const disconnected = new Promise((r) => sup.once('disconnected', r));
    sup.start();
    await expect.poll(() => sup.status.device).toBe('online');

    await link.kill('SIGKILL');
    expect(await disconnected).toBe('disconnected');
    await expect.poll(() => sup.status.device).toBe('noDevice');
    // Stay unplugged for several retries: the delays grow and stop at the cap.
    await expect.poll(() => delays.length, { timeout: 5000 }).toBeGreaterThanOrEqual(5);
    expect(Math.max(...delays)).toBe(80);
    expect(delays.slice(0, 3)).toEqual([10, 20, 40]);

    await link.restart();
    await expect.poll(() => sup.status.device, { timeout: 5000 }).toBe('online');
    expect(seen).toEqual(expect.arrayContaining(['online', 'noDevice']));
    expect(sup.channel).not.toBeNull();
  });

  it('waits for a missing path and connects as soon as it appears', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'adm-sup-path-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const a = join(dir, 'A');
    // The device end opens only after socat is up, so the first "?" may be lost: a patient, knocking handshake.
    const sup = supervisor((signal) => openSerialChannel(a, 115200, signal), { watchPath: a, handshakeTimeoutMs: 5000, backoff: { initialMs: 60_000, maxMs: 60_000 } });
    cleanups.push(() => sup.stop());
    sup.start();
    await expect.poll(() => sup.status.reasons).toEqual(['path-missing']);
    expect(sup.status.device).toBe('noDevice');
    const t0 = Date.now();
    const pair = await openPtyPair(a, join(dir, 'B'));
    cleanups.push(() => pair.kill());
    const host = serveOnPath(pair.pathB, 115200, (ch) => pingDevice(ch, { silent: false }), 10);
    cleanups.push(() => host.stop());
    await expect.poll(() => sup.status.device, { timeout: 20_000 }).toBe('online');
    // Long before the 60 s backoff would have retried: the path watch woke it (the margin is for a busy machine).
    expect(Date.now() - t0).toBeLessThan(20_000);
  });

  it('a device that stops answering turns hardwareError/no-response and back online when it answers again', async () => {
    const cable = new MemoryCable('ping');
    const state = { silent: false };
    cable.onDeviceEnd((end) => pingDevice(end, state));
    const sup = supervisor((signal) => cable.open(signal));
    cleanups.push(() => sup.stop());
    sup.start();
    await expect.poll(() => sup.status.device).toBe('online');
    state.silent = true;
    await expect.poll(() => sup.status.reasons).toEqual(['no-response']);
    expect(sup.status.device).toBe('hardwareError');
    state.silent = false;
    await expect.poll(() => sup.status.device).toBe('online');
  });

  it('a handshake that fails is retried; open failures show as noDevice with the reason', async () => {
    const cable = new MemoryCable('ping');
    const state = { silent: true };
    cable.onDeviceEnd((end) => pingDevice(end, state));
    cable.unplug();
    const sup = supervisor((signal) => cable.open(signal));
    cleanups.push(() => sup.stop());
    sup.start();
    await expect.poll(() => sup.status).toMatchObject({ device: 'noDevice', reasons: ['notFound'] });
    cable.plug();
    await expect.poll(() => sup.status).toMatchObject({ device: 'hardwareError', reasons: ['timeout'] });
    state.silent = false;
    await expect.poll(() => sup.status.device).toBe('online');
  });

  it('stop() ends the loop and reports offline', async () => {
    const cable = new MemoryCable('ping');
    cable.onDeviceEnd((end) => pingDevice(end, { silent: false }));
    const sup = supervisor((signal) => cable.open(signal));
    sup.start();
    await expect.poll(() => sup.status.device).toBe('online');
    await sup.stop();
    expect(sup.status).toMatchObject({ device: 'offline', reasons: ['stopped'] });
  });
});
