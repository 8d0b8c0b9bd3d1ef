import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryHidBus } from '../../../devices/common/hid/memory-transport.ts';
import { scannerConfigSchema, type ScannerConfig } from '../../../devices/scanner/config.ts';
import { createScanner } from '../../../devices/scanner/factory.ts';
import type { Scan } from '../../../devices/scanner/types.ts';
import type { ScanError } from '../../../devices/scanner/errors.ts';
import { err } from '../../../core/result.ts';

const POLL = 1000;

async function setup(overrides: Partial<ScannerConfig> = {}) {
  const bus = new MemoryHidBus();
  const config = scannerConfigSchema.parse({ mode: 'simulated', pollIntervalMs: POLL, ...overrides });
  const created = await createScanner(config, {
    bus,
    nodeHid: () => Promise.resolve(err({ code: 'unavailable', reason: 'node-hid-missing', detail: 'not used in simulated mode' })),
    operationTimeoutMs: 500,
  });
  const scans: Scan[] = [];
  const rejected: ScanError[] = [];
  let repeats = 0;
  created.driver.on('scan', (s) => scans.push(s));
  created.driver.on('scanRejected', (e) => rejected.push(e));
  created.driver.on('scanRepeated', () => repeats++);
  return { bus, ...created, sim: created.simulator!, scans, rejected, repeats: () => repeats };
}

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2025-03-01T08:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('scanner driver on the simulated HID bus', () => {
  it('opens the simulated HID POS scanner and reads a QR through the real parser', async () => {
    const t = await setup();
    expect(t.driver.status.device).toBe('starting');
    t.driver.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.driver.status).toMatchObject({ device: 'online', reasons: [] });
    expect(t.driver.protocol).toBe('pos');
    expect(t.sim.scan('ADM1|SIGNIN|7f3a9c').ok).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(t.scans).toMatchObject([{ text: 'ADM1|SIGNIN|7f3a9c', protocol: 'pos', symbology: 'qr' }]);
    expect(t.driver.summary()).toMatchObject({ id: 'scanner', mode: 'simulated', status: { device: 'online' } });
    await t.driver.close();
  });

  it('reads a keyboard-emulation scanner with quirks, found by its descriptor', async () => {
    const t = await setup({ protocol: 'keyboard' });
    t.driver.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.driver.protocol).toBe('keyboard');
    t.sim.scan('https://adm.example/q/Ab-9', { quirks: { shiftReports: true, rollover: true } });
    await vi.advanceTimersByTimeAsync(0);
    expect(t.scans.map((s) => s.text)).toEqual(['https://adm.example/q/Ab-9']);
    await t.driver.close();
  });

  it('ignores the same QR within the repeat window, and takes it again after it', async () => {
    const t = await setup({ repeatWindowMs: 3000 });
    t.driver.start();
    await vi.advanceTimersByTimeAsync(0);
    t.sim.scan('DOC-QR-1');
    await vi.advanceTimersByTimeAsync(1000);
    t.sim.scan('DOC-QR-1');
    await vi.advanceTimersByTimeAsync(2500); // still inside: the window restarted at the repeat
    t.sim.scan('DOC-QR-1');
    await vi.advanceTimersByTimeAsync(0);
    expect(t.scans).toHaveLength(1);
    expect(t.repeats()).toBe(2);
    await vi.advanceTimersByTimeAsync(3000);
    t.sim.scan('DOC-QR-1');
    await vi.advanceTimersByTimeAsync(0);
    expect(t.scans).toHaveLength(2);
    // A different code in between is never a repeat.
    t.sim.scan('DOC-QR-2');
    await vi.advanceTimersByTimeAsync(0);
    expect(t.scans.map((s) => s.text)).toEqual(['DOC-QR-1', 'DOC-QR-1', 'DOC-QR-2']);
    t.driver.forgetLastScan();
    t.sim.scan('DOC-QR-2');
    await vi.advanceTimersByTimeAsync(0);
    expect(t.scans).toHaveLength(4);
    await t.driver.close();
  });

  it('rejects a half-finished keyboard scan when its pause runs out (timer, not sleep)', async () => {
    const t = await setup({ protocol: 'keyboard', interKeyTimeoutMs: 300 });
    t.driver.start();
    await vi.advanceTimersByTimeAsync(0);
    t.sim.scan('abc', { suffix: 'none' });
    await vi.advanceTimersByTimeAsync(299);
    expect(t.rejected).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.rejected).toMatchObject([{ code: 'incomplete', protocol: 'keyboard', received: 3 }]);
    expect(t.scans).toEqual([]);
    await t.driver.close();
  });

  it('nextScan returns the scan, a rejection, a timeout or a cancel', async () => {
    const t = await setup();
    t.driver.start();
    await vi.advanceTimersByTimeAsync(0);
    const signal = new AbortController().signal;

    const waiting = t.driver.nextScan({ signal, timeoutMs: 5000 });
    t.sim.scan('SIGNIN-1');
    await vi.advanceTimersByTimeAsync(0);
    expect(await waiting).toMatchObject({ ok: true, value: { text: 'SIGNIN-1' } });

    const rejected = t.driver.nextScan({ signal, timeoutMs: 5000 });
    t.sim.scan('bad\u0007bell');
    await vi.advanceTimersByTimeAsync(0);
    expect(await rejected).toMatchObject({ ok: false, error: { code: 'rejected', error: { code: 'nonPrintable' } } });

    const timedOut = t.driver.nextScan({ signal, timeoutMs: 5000 });
    await vi.advanceTimersByTimeAsync(5000);
    expect(await timedOut).toEqual({ ok: false, error: { code: 'timeOut', timeoutMs: 5000 } });

    const ac = new AbortController();
    const canceled = t.driver.nextScan({ signal: ac.signal, timeoutMs: 5000 });
    ac.abort();
    expect(await canceled).toEqual({ ok: false, error: { code: 'canceled' } });
    expect(await t.driver.nextScan({ signal: ac.signal, timeoutMs: 5000 })).toEqual({ ok: false, error: { code: 'canceled' } });

    const closing = t.driver.nextScan({ signal, timeoutMs: 5000 });
    await t.driver.close();
    expect(await closing).toEqual({ ok: false, error: { code: 'closed' } });
    expect(await t.driver.nextScan({ signal, timeoutMs: 5000 })).toEqual({ ok: false, error: { code: 'closed' } });
  });

  it('goes noDevice on unplug (rejecting the scan it cut off) and back online on replug by polling', async () => {
    const t = await setup({ protocol: 'keyboard' });
    const states: string[] = [];
    t.driver.on('status', (s) => states.push(`${s.device}:${s.reasons.join(',')}`));
    t.driver.start();
    await vi.advanceTimersByTimeAsync(0);
    t.sim.scan('half', { suffix: 'none' });
    await vi.advanceTimersByTimeAsync(0);
    t.sim.unplug();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.driver.status).toMatchObject({ device: 'noDevice', reasons: ['disconnected'] });
    expect(t.rejected).toMatchObject([{ code: 'incomplete' }]);
    expect(t.sim.scan('nobody hears this')).toEqual({ ok: false, error: { code: 'unplugged' } });

    await vi.advanceTimersByTimeAsync(POLL);
    expect(t.driver.status).toMatchObject({ device: 'noDevice', reasons: ['not-connected'] });
    t.sim.plug();
    await vi.advanceTimersByTimeAsync(POLL);
    expect(t.driver.status.device).toBe('online');
    t.sim.scan('after-replug');
    await vi.advanceTimersByTimeAsync(0);
    expect(t.scans.map((s) => s.text)).toEqual(['after-replug']);
    expect(states).toEqual(['online:', 'noDevice:disconnected', 'noDevice:not-connected', 'online:']);
    await t.driver.close();
  });

  it('reports a device it may not open as noDevice/permission-denied for a technician', async () => {
    const t = await setup();
    t.bus.denyOpen(t.sim.device.info.path, 'cannot open device with path /dev/hidraw0');
    t.driver.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.driver.status).toMatchObject({ device: 'noDevice', reasons: ['permission-denied'], action: 'maintenance' });
    t.bus.denyOpen(t.sim.device.info.path, null);
    await vi.advanceTimersByTimeAsync(POLL);
    expect(t.driver.status.device).toBe('online');
    await t.driver.close();
  });

  it('mode none: no device, no polling, and waits still end', async () => {
    const bus = new MemoryHidBus();
    const { driver, simulator } = await createScanner(scannerConfigSchema.parse({ mode: 'none' }), {
      bus,
      nodeHid: () => Promise.reject(new Error('must not load node-hid')),
      operationTimeoutMs: 500,
    });
    expect(simulator).toBeNull();
    driver.start();
    expect(driver.summary()).toMatchObject({ mode: 'none', status: { device: 'noDevice', reasons: ['disabled'] } });
    const wait = driver.nextScan({ signal: new AbortController().signal, timeoutMs: 100 });
    await vi.advanceTimersByTimeAsync(100);
    expect(await wait).toMatchObject({ ok: false, error: { code: 'timeOut' } });
  });
});
