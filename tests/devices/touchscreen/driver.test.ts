import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryHidBus } from '../../../devices/common/hid/memory-transport.ts';
import { touchscreenConfigSchema, type TouchscreenConfig } from '../../../devices/touchscreen/config.ts';
import { createTouchscreen } from '../../../devices/touchscreen/factory.ts';
import { TouchscreenSimulator } from '../../../devices/touchscreen/simulator.ts';
import { TouchscreenDriver } from '../../../devices/touchscreen/driver.ts';
import { HidWatch } from '../../../devices/common/hid/hid-watch.ts';
import type { TouchEvent } from '../../../devices/touchscreen/types.ts';
import { err, ok } from '../../../core/result.ts';

const POLL = 1000;
const DAY = 24 * 3600 * 1000;

async function setup(overrides: Record<string, unknown> = {}) {
  const bus = new MemoryHidBus();
  const config: TouchscreenConfig = touchscreenConfigSchema.parse({ mode: 'simulated', pollIntervalMs: POLL, ...overrides });
  const created = await createTouchscreen(config, {
    bus,
    nodeHid: () => Promise.resolve(err({ code: 'unavailable', reason: 'node-hid-missing', detail: 'unused' })),
    operationTimeoutMs: 500,
  });
  const gestures: number[] = [];
  const touches: TouchEvent[] = [];
  created.driver.on('technicianGesture', (g) => gestures.push(g.at));
  created.driver.on('touch', (t) => touches.push(t));
  return { bus, driver: created.driver, sim: created.simulator!, gestures, touches };
}

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2025-03-01T08:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('touchscreen driver on the simulated HID bus', () => {
  it('opens the simulated panel, reads touches and fires the technician gesture once', async () => {
    const t = await setup();
    t.driver.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.driver.status).toMatchObject({ device: 'online', reasons: [] });

    const tap = t.sim.touch(0.5, 0.5);
    await vi.advanceTimersByTimeAsync(100);
    expect(await tap).toEqual({ ok: true, value: undefined });
    expect(t.touches).toMatchObject([{ kind: 'down', x: expect.closeTo(0.5, 3) }, { kind: 'up', tap: true }]);

    const gesture = t.sim.performGesture();
    await vi.advanceTimersByTimeAsync(2000);
    expect((await gesture).ok).toBe(true);
    expect(t.gestures).toHaveLength(1);
    expect(t.driver.health()).toMatchObject({ touches: 5 });
    await t.driver.close();
  });

  it('does not fire on a wrong order, nor when a citizen taps in between', async () => {
    const t = await setup();
    t.driver.start();
    await vi.advanceTimersByTimeAsync(0);
    const wrong = t.sim.performGesture(['topLeft', 'bottomRight', 'topRight', 'bottomLeft']);
    await vi.advanceTimersByTimeAsync(2000);
    await wrong;
    const first = t.sim.performGesture(['topLeft', 'topRight']);
    await vi.advanceTimersByTimeAsync(1000);
    await first;
    const middle = t.sim.touch(0.5, 0.4);
    await vi.advanceTimersByTimeAsync(200);
    await middle;
    const rest = t.sim.performGesture(['bottomRight', 'bottomLeft']);
    await vi.advanceTimersByTimeAsync(1000);
    await rest;
    expect(t.gestures).toEqual([]);
    await t.driver.close();
  });

  it('follows a configured sequence', async () => {
    const t = await setup({ gesture: { sequence: ['bottomLeft', 'bottomLeft', 'topRight'] } });
    t.driver.start();
    await vi.advanceTimersByTimeAsync(0);
    const g = t.sim.performGesture(['bottomLeft', 'bottomLeft', 'topRight']);
    await vi.advanceTimersByTimeAsync(2000);
    await g;
    expect(t.gestures).toHaveLength(1);
    await t.driver.close();
  });

  it('goes noDevice on unplug, lifts fingers that were down, and comes back on replug', async () => {
    const t = await setup();
    t.driver.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.sim.down(0.3, 0.3).ok).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    t.sim.unplug();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.driver.status).toMatchObject({ device: 'noDevice', reasons: ['disconnected'] });
    expect(t.touches.at(-1)).toMatchObject({ kind: 'up', lost: true });
    expect(await t.sim.touch(0.5, 0.5)).toEqual({ ok: false, error: { code: 'unplugged' } });
    t.sim.plug();
    await vi.advanceTimersByTimeAsync(POLL);
    expect(t.driver.status.device).toBe('online');
    const g = t.sim.performGesture();
    await vi.advanceTimersByTimeAsync(2000);
    await g;
    expect(t.gestures).toHaveLength(1);
    await t.driver.close();
  });

  it('hints at a dead zone after the long period, through the status a technician sees', async () => {
    const t = await setup({ health: { columns: 2, rows: 1, silentAfterMs: DAY, minTouchesElsewhere: 20, checkIntervalMs: 60_000 } });
    t.driver.start();
    await vi.advanceTimersByTimeAsync(0);
    for (let i = 0; i < 25; i++) {
      const tap = t.sim.touch(0.1 + (i % 3) * 0.1, 0.5);
      await vi.advanceTimersByTimeAsync(100);
      await tap;
    }
    expect(t.driver.status.reasons).toEqual([]);
    await vi.advanceTimersByTimeAsync(DAY);
    expect(t.driver.status).toMatchObject({ device: 'online', reasons: ['touch-regions-silent'], action: 'maintenance' });
    expect(t.driver.status.detail).toContain('r1c2');
    expect(t.driver.summary().status.reasons).toEqual(['touch-regions-silent']);
    const fix = t.sim.touch(0.9, 0.5);
    await vi.advanceTimersByTimeAsync(100);
    await fix;
    expect(t.driver.status.reasons).toEqual([]);
    await t.driver.close();
  });

  it('lifts a finger whose lift report was lost', async () => {
    const t = await setup();
    t.driver.start();
    await vi.advanceTimersByTimeAsync(0);
    t.sim.down(0.5, 0.5);
    await vi.advanceTimersByTimeAsync(2000);
    expect(t.touches).toMatchObject([{ kind: 'down' }, { kind: 'up', lost: true, tap: false }]);
    await t.driver.close();
  });

  it('counts broken reports without stopping', async () => {
    const t = await setup();
    let bad = 0;
    t.driver.on('badReport', () => bad++);
    t.driver.start();
    await vi.advanceTimersByTimeAsync(0);
    t.sim.sendReports([Uint8Array.from([1, 7, 0]), Uint8Array.from([2, 0, 0, 0, 0, 0])]);
    await vi.advanceTimersByTimeAsync(0);
    expect(bad).toBe(1);
    expect(t.driver.badReports).toBe(1);
    const g = t.sim.performGesture();
    await vi.advanceTimersByTimeAsync(2000);
    await g;
    expect(t.gestures).toHaveLength(1);
    await t.driver.close();
  });

  it('reports a panel whose descriptor has no touch report as hardwareError for a technician', async () => {
    const bus = new MemoryHidBus();
    const sim = new TouchscreenSimulator({ bus });
    // The same device, but publishing a keyboard's descriptor.
    bus.unplug(sim.device.info.path);
    bus.plug({ info: sim.device.info, reportDescriptor: Uint8Array.from([0x05, 0x01, 0x09, 0x06, 0xa1, 0x01, 0x75, 0x08, 0x95, 0x08, 0x81, 0x02, 0xc0]) });
    const watch = new HidWatch({ transport: async () => ok(bus), match: { collections: [{ usagePage: 0x0d, usage: 0x04 }] }, pollIntervalMs: POLL, operationTimeoutMs: 500 });
    const config = touchscreenConfigSchema.parse({});
    const driver = new TouchscreenDriver({ watch, mode: 'hid', gesture: config.gesture, health: config.health });
    driver.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(driver.status).toMatchObject({ device: 'hardwareError', reasons: ['unreadable-reports'], action: 'maintenance' });
    await driver.close();
  });

  it('mode none: no device, and nothing polls', async () => {
    const bus = new MemoryHidBus();
    const { driver, simulator } = await createTouchscreen(touchscreenConfigSchema.parse({ mode: 'none' }), {
      bus,
      nodeHid: () => Promise.reject(new Error('must not load node-hid')),
      operationTimeoutMs: 500,
    });
    driver.start();
    expect(simulator).toBeNull();
    expect(driver.summary()).toMatchObject({ mode: 'none', status: { device: 'noDevice', reasons: ['disabled'] } });
    expect(vi.getTimerCount()).toBe(0);
  });
});
