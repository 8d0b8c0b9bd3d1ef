import { createServer, type Server } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openTcpChannel } from '../../../devices/common/tcp-channel.ts';
import type { DeviceStatus } from '../../../core/device-status.ts';
import { UpsDriver } from '../../../devices/ups/driver.ts';
import { createUps, upsCredentials } from '../../../devices/ups/factory.ts';
import { UpsSimulator } from '../../../devices/ups/simulator.ts';
import type { UpsError } from '../../../devices/ups/types.ts';
import { upsConfigSchema } from '../../../devices/ups/config.ts';
import { PowerWatch } from '../../../kiosk/power/power-watch.ts';
import { Journal } from '../../../kiosk/store/journal.ts';
import { PowerEventLog } from '../../../kiosk/store/power-events.ts';
import { Redactor } from '../../../kiosk/privacy/redactor.ts';
import { kioskDb, memoryLogger } from '../../fleet/support/harness.ts';
import { startNut, type NutServer } from '../../support/nut-upsd.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { configSchema } from '../../../kiosk/config/schema.ts';
import { upsCheck } from '../../../kiosk/doctor/ups-check.ts';
import { openKioskStore } from '../../../kiosk/store/kiosk-store.ts';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function driverFor(port: number, name: string, credentials: { username: string; password: string } | null = null, timeoutMs = 1000): UpsDriver {
  const d = new UpsDriver({ mode: 'nut', upsName: name, credentials, pollIntervalMs: 200, timeoutMs, backoff: { initialMs: 100, maxMs: 300 }, open: (s) => openTcpChannel('127.0.0.1', port, s, timeoutMs) });
  cleanups.push(() => d.stop());
  return d;
}

/** Collects what the driver said, to wait on. */
function watch(d: UpsDriver): { statuses: DeviceStatus[]; lost: UpsError[]; readings: string[] } {
  const seen = { statuses: [] as DeviceStatus[], lost: [] as UpsError[], readings: [] as string[] };
  d.on('status', (s) => seen.statuses.push(s));
  d.on('readingLost', (e) => seen.lost.push(e));
  d.on('reading', (r) => seen.readings.push(r.flags.join(' ')));
  return seen;
}

const poll = { timeout: 20_000, interval: 50 };

describe('the UPS driver against a real upsd with dummy-ups', () => {
  let nut: NutServer;
  beforeAll(async () => {
    nut = await startNut({ users: { kiosk: 'rahasia-ups' } });
  }, 60_000);
  afterAll(() => nut.stop());

  it('reads the UPS, logs in as a secondary, and follows OL → OB → OB LB → OL', async () => {
    nut.write({ status: 'OL', chargePct: 100, runtimeS: 1800 });
    const d = driverFor(nut.port, nut.name, { username: 'kiosk', password: 'rahasia-ups' });
    const seen = watch(d);
    d.start();
    await expect.poll(() => d.reading()?.flags.join(' '), poll).toBe('OL');
    expect(d.info()).toMatchObject({ name: 'kioskups', driver: 'dummy-ups' });
    expect(d.status()).toMatchObject({ device: 'online', reasons: [] });
    for (const [status, reasons] of [['OB DISCHRG', ['on-battery']], ['OB DISCHRG LB', ['on-battery', 'low-battery']], ['OL CHRG', []]] as const) {
      nut.write({ status, chargePct: 50, runtimeS: 600 });
      await expect.poll(() => d.reading()?.flags.join(' '), poll).toBe(status);
      expect(d.status().reasons).toEqual(reasons);
    }
    expect(seen.lost).toEqual([]);
  }, 60_000);

  it('an unknown UPS name is a typed fault (UNKNOWN-UPS), not a reading', async () => {
    const d = driverFor(nut.port, 'no-such-ups');
    const seen = watch(d);
    d.start();
    await expect.poll(() => d.status().reasons, poll).toEqual(['unknownUps']);
    expect(d.status().device).toBe('hardwareError');
    expect(seen.lost[0]).toMatchObject({ device: 'ups', reason: 'unknownUps', nutCode: 'UNKNOWN-UPS', completion: 'invalidData', action: 'maintenance' });
    expect(d.reading()).toBeNull();
    expect(seen.readings).toEqual([]);
  }, 30_000);

  it('a wrong password is ACCESS-DENIED, typed, and the password is never in the message', async () => {
    const d = driverFor(nut.port, nut.name, { username: 'kiosk', password: 'salah-sekali' });
    const seen = watch(d);
    d.start();
    await expect.poll(() => d.status().reasons, poll).toEqual(['accessDenied']);
    expect(seen.lost[0]).toMatchObject({ reason: 'accessDenied', nutCode: 'ACCESS-DENIED' });
    expect(JSON.stringify([seen.lost, seen.statuses])).not.toContain('salah-sekali');
  }, 30_000);

  it('upsd down is a device fault (noDevice, retried with backoff), and it reconnects by itself when upsd is back', async () => {
    nut.write({ status: 'OL', chargePct: 90, runtimeS: 1500 });
    const d = driverFor(nut.port, nut.name);
    const seen = watch(d);
    d.start();
    await expect.poll(() => d.reading()?.chargePct, poll).toBe(90);
    await nut.stopUpsd();
    await expect.poll(() => d.status().device, poll).toBe('noDevice');
    await expect.poll(() => d.status().reasons, poll).toEqual(['notFound']);
    expect(d.status().detail).toMatch(/cannot connect to 127\.0\.0\.1:\d+: nothing listens there/);
    expect(d.reading()).toBeNull();
    expect(seen.lost.map((e) => e.reason)).toContain('disconnected');
    await nut.startUpsd();
    await expect.poll(() => d.status().device, poll).toBe('online');
    await expect.poll(() => d.reading()?.chargePct, poll).toBe(90);
  }, 60_000);

  it('the NUT driver gone: upsd answers DRIVER-NOT-CONNECTED (or DATA-STALE) and the UPS is a hardware fault', async () => {
    const solo = await startNut({ name: 'soloups' });
    cleanups.push(() => solo.stop());
    const d = driverFor(solo.port, solo.name);
    const seen = watch(d);
    d.start();
    await expect.poll(() => d.reading()?.flags.join(' '), poll).toBe('OL');
    await solo.stopDriver();
    await expect.poll(() => d.status().device, poll).toBe('hardwareError');
    expect(['driver-not-connected', 'data-stale']).toContain(d.status().reasons[0]);
    expect(['driverNotConnected', 'dataStale']).toContain(seen.lost[0]?.reason);
    expect(d.reading()).toBeNull();
  }, 60_000);

  it('adm doctor asks upsd as the kiosk would, names a wrong UPS name, and lists the last power events', async () => {
    nut.write({ status: 'OB DISCHRG', chargePct: 77, runtimeS: 640 });
    await new Promise((r) => setTimeout(r, 1500));
    const dir = tempDir('ups-doctor');
    cleanups.push(() => dir.remove());
    const store = openKioskStore(dir.path, (await memoryLogger()).log);
    if (!store.ok) throw new Error(store.error.message);
    new PowerEventLog(store.value.journal).append({ event: 'mains-lost', status: 'OB DISCHRG', chargePct: 77, runtimeS: 640 });
    store.value.close();
    const config = (ups: Record<string, unknown>) => configSchema.parse({ dataDir: dir.path, devices: { ups: { mode: 'nut', port: nut.port, ...ups } } });
    const good = await upsCheck.run(config({ powerOffCommand: ['/usr/bin/true'] }), AbortSignal.timeout(10_000));
    expect(good[0]).toEqual({ status: 'warn', detail: expect.stringMatching(/^kioskups@127\.0\.0\.1:\d+: OB DISCHRG, charge 77%, runtime 640 s \(.*NUT driver dummy-ups\)$/) as unknown });
    expect(good.at(-1)?.detail).toMatch(/last power events, newest first: .* mains-lost \(OB DISCHRG, 77%\)/);
    const wrong = await upsCheck.run(config({ name: 'gudang' }), AbortSignal.timeout(10_000));
    expect(wrong[0]).toEqual({ status: 'fail', detail: expect.stringMatching(/ERR UNKNOWN-UPS .*check devices\.ups\.name/) as unknown });
    expect(wrong[1]?.detail).toMatch(/powerOffCommand is empty/);
  }, 30_000);

  it('an unreachable UPS is not a power event: on battery the hold stays, nothing is journaled, and no stop is asked', async () => {
    nut.write({ status: 'OB DISCHRG', chargePct: 70, runtimeS: 800 });
    const d = driverFor(nut.port, nut.name);
    const db = kioskDb();
    const events = new PowerEventLog(new Journal(db, new Redactor()));
    const { log, lines } = await memoryLogger();
    const holds: Record<string, boolean> = {};
    let stops = 0;
    const w = new PowerWatch({
      ups: d,
      thresholds: { lowChargePct: 20, lowRuntimeS: 180, resumeChargePct: 50 },
      service: { set: (r, v) => ((holds[r] = v), true) },
      events,
      log,
      printing: () => false,
      drainMs: 0,
      stopForLowBattery: () => stops++,
    });
    cleanups.push(() => w.stop());
    d.start();
    await expect.poll(() => w.snapshot().state, poll).toBe('on_battery');
    expect(holds['on-battery']).toBe(true);
    expect(events.recent().map((e) => e.event)).toEqual(['mains-lost']);
    await nut.stopUpsd();
    await expect.poll(() => w.snapshot().state, poll).toBe('unknown');
    expect(holds['on-battery']).toBe(true);
    expect(events.recent().map((e) => e.event)).toEqual(['mains-lost']);
    expect(lines.filter((l) => l.event === 'ups.unavailable').length).toBeGreaterThanOrEqual(1);
    expect(stops).toBe(0);
    await nut.startUpsd();
    nut.write({ status: 'OL', chargePct: 95, runtimeS: 1800 });
    await expect.poll(() => w.snapshot().state, poll).toBe('mains');
    expect(holds['on-battery']).toBe(false);
    expect(events.recent().map((e) => e.event)).toEqual(['mains-back', 'mains-lost']);
  }, 60_000);
});

describe('the UPS driver against answers that are not NUT', () => {
  /** A TCP peer that answers every line with `reply`. */
  async function liar(reply: (line: string) => string | null): Promise<number> {
    const server: Server = createServer((s) => {
      let buf = '';
      s.on('data', (d: Buffer) => {
        buf += d.toString();
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const r = reply(buf.slice(0, nl));
          buf = buf.slice(nl + 1);
          if (r !== null) s.write(r);
        }
      });
      s.on('error', () => {});
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
    server.on('connection', (s) => cleanups.push(() => s.destroy()));
    const a = server.address();
    return typeof a === 'object' && a ? a.port : 0;
  }

  it.each([
    ['an HTTP server', () => 'HTTP/1.1 400 Bad Request\r\n\r\n', /not NUT's protocol|began with other/],
    ['a list without its END', (l: string) => (l.startsWith('LIST') ? 'BEGIN LIST VAR kioskups\nVAR kioskups ups.status "OL"\nBOGUS\n' : 'OK\n'), /not NUT's protocol|other/],
    ['an unclosed quote', (l: string) => (l.startsWith('LIST') ? 'BEGIN LIST VAR kioskups\nVAR kioskups ups.status "OL\n' : 'OK\n'), /not closed/],
    ['a status that is not flags', (l: string) => (l.startsWith('LIST') ? 'BEGIN LIST VAR kioskups\nVAR kioskups ups.status "mains ok"\nEND LIST VAR kioskups\n' : 'OK\n'), /malformed: ups\.status/],
    ['another UPS in the list', (l: string) => (l.startsWith('LIST') ? 'BEGIN LIST VAR kioskups\nVAR otherups ups.status "OL"\nEND LIST VAR kioskups\n' : 'OK\n'), /another UPS/],
    ['a line longer than upsd ever sends', () => `${'A'.repeat(5000)}`, /longer than 4096/],
  ])('%s: a typed protocol fault, retried', async (_what, reply, message) => {
    const port = await liar(reply);
    const d = driverFor(port, 'kioskups');
    const seen = watch(d);
    d.start();
    await expect.poll(() => seen.lost.length, poll).toBeGreaterThan(0);
    expect(seen.lost[0]).toMatchObject({ device: 'ups', reason: 'protocol', completion: 'hardwareError' });
    expect(seen.lost[0]?.message).toMatch(message);
    await expect.poll(() => d.status().device, poll).toBe('hardwareError');
    expect(d.reading()).toBeNull();
  }, 30_000);

  it('a peer that never answers is a timeout, not a hang', async () => {
    const port = await liar(() => null);
    const d = driverFor(port, 'kioskups', null, 300);
    const seen = watch(d);
    d.start();
    await expect.poll(() => seen.lost[0]?.reason, poll).toBe('timeout');
    expect(seen.lost[0]?.message).toMatch(/did not answer LIST VAR kioskups within 300 ms/);
  }, 30_000);
});

describe('the simulated upsd', () => {
  it('speaks the same protocol: readings, faults and recovery', async () => {
    const created = await createUps(upsConfigSchema.parse({ mode: 'simulated', pollIntervalMs: 200, timeoutMs: 500, reconnectMaxMs: 300 }), { credentials: null });
    const { driver: d, simulator } = created;
    cleanups.push(() => created.close());
    cleanups.push(() => d.stop());
    const sim = simulator as UpsSimulator;
    const seen = watch(d);
    d.start();
    await expect.poll(() => d.reading()?.flags.join(' '), poll).toBe('OL');
    sim.power({ status: 'OB DISCHRG', chargePct: 64, runtimeS: 500 });
    await expect.poll(() => d.reading()?.chargePct, poll).toBe(64);
    sim.fault('stale');
    await expect.poll(() => d.status().reasons, poll).toEqual(['data-stale']);
    sim.fault('garbage');
    await expect.poll(() => seen.lost.some((e) => e.reason === 'protocol'), poll).toBe(true);
    sim.fault('none');
    await expect.poll(() => d.status().device, poll).toBe('online');
    await expect.poll(() => d.reading()?.chargePct, poll).toBe(64);
  }, 30_000);

  it('an unreadable passwordFile is a configuration error, said plainly', async () => {
    const dir = tempDir('ups');
    cleanups.push(() => dir.remove());
    const missing = upsCredentials(upsConfigSchema.parse({ mode: 'nut', username: 'kiosk', passwordFile: join(dir.path, 'nope') }));
    expect(missing).toEqual({ ok: false, error: expect.stringMatching(/devices\.ups\.passwordFile: cannot read .*nope: ENOENT/) as unknown });
    writeFileSync(join(dir.path, 'empty'), '\n');
    const empty = upsCredentials(upsConfigSchema.parse({ mode: 'nut', username: 'kiosk', passwordFile: join(dir.path, 'empty') }));
    expect(empty.ok).toBe(false);
    expect(upsConfigSchema.safeParse({ username: 'kiosk' }).success).toBe(false);
    expect(upsConfigSchema.safeParse({ lowChargePct: 60, resumeChargePct: 40 }).success).toBe(false);
  });
});
