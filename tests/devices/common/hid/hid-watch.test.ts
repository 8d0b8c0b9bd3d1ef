import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pickDevice } from '../../../../devices/common/hid/device-match.ts';
import { HidWatch } from '../../../../devices/common/hid/hid-watch.ts';
import { MemoryHidBus } from '../../../../devices/common/hid/memory-transport.ts';
import type { HidDeviceInfo, HidError, HidTransport } from '../../../../devices/common/hid/types.ts';
import { err, ok, type Result } from '../../../../core/result.ts';

const POLL = 1000;
const scanner: HidDeviceInfo = { vendorId: 0x0c2e, productId: 0x0b8f, path: '/sim/hidraw0', usagePage: 0x8c, usage: 2 };
const match = { collections: [{ usagePage: 0x8c }] };

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('HID hot-plug by polling', () => {
  it('finds a device plugged in later, loses it on unplug, finds it again', async () => {
    const bus = new MemoryHidBus();
    const watch = new HidWatch({ transport: async () => ok(bus), match, pollIntervalMs: POLL, operationTimeoutMs: 500 });
    const seen: string[] = [];
    watch.on('attached', (c) => seen.push(`attached ${c.device.path}`));
    watch.on('detached', (r) => seen.push(`detached ${r}`));
    watch.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(watch.status).toMatchObject({ device: 'noDevice', reasons: ['not-connected'] });
    expect(watch.status.detail).toContain('usage page 0x8c');

    bus.plug({ info: scanner, reportDescriptor: null });
    await vi.advanceTimersByTimeAsync(POLL - 1);
    expect(watch.status.device).toBe('noDevice');
    await vi.advanceTimersByTimeAsync(1);
    expect(watch.status.device).toBe('online');

    const reports: number[][] = [];
    watch.on('report', (r) => reports.push([...r]));
    bus.send(scanner.path, Uint8Array.from([2, 0]));
    await vi.advanceTimersByTimeAsync(0);
    expect(reports).toEqual([[2, 0]]);

    bus.unplug(scanner.path);
    await vi.advanceTimersByTimeAsync(0);
    expect(watch.status).toMatchObject({ device: 'noDevice', reasons: ['disconnected'] });
    bus.plug({ info: scanner, reportDescriptor: null });
    await vi.advanceTimersByTimeAsync(POLL);
    expect(watch.status.device).toBe('online');
    expect(seen).toEqual(['attached /sim/hidraw0', 'detached read failed: could not read from HID device', 'attached /sim/hidraw0']);
    await watch.close();
    expect(bus.isOpen(scanner.path)).toBe(false);
  });

  it('notices a device that left enumeration even when no read error came', async () => {
    const bus = new MemoryHidBus();
    let hide = false;
    const transport: HidTransport = {
      kind: 'memory',
      list: async (s) => (hide ? ok([]) : bus.list(s)),
      open: (d, s) => bus.open(d, s),
    };
    bus.plug({ info: scanner, reportDescriptor: null });
    const watch = new HidWatch({ transport: async () => ok(transport), match, pollIntervalMs: POLL, operationTimeoutMs: 500 });
    watch.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(watch.status.device).toBe('online');
    hide = true;
    await vi.advanceTimersByTimeAsync(POLL);
    expect(watch.status).toMatchObject({ device: 'noDevice', reasons: ['disconnected'] });
    expect(watch.status.detail).toContain('left the bus');
    await watch.close();
  });

  it('reports a missing libusb as noDevice for a technician, keeps polling, and recovers once it loads', async () => {
    let libusb = false;
    const bus = new MemoryHidBus();
    bus.plug({ info: scanner, reportDescriptor: null });
    const transport = async (): Promise<Result<HidTransport, HidError>> =>
      libusb ? ok(bus) : err({ code: 'unavailable', reason: 'libusb-missing', detail: 'libusb-1.0.so.0: cannot open shared object file: No such file or directory' });
    const watch = new HidWatch({ transport, match, pollIntervalMs: POLL, operationTimeoutMs: 500 });
    const statuses: string[] = [];
    watch.on('status', (s) => statuses.push(`${s.device}:${s.reasons.join()}`));
    watch.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(watch.status).toMatchObject({ device: 'noDevice', reasons: ['libusb-missing'], action: 'maintenance' });
    expect(watch.status.detail).toContain('libusb-1.0.so.0');
    await vi.advanceTimersByTimeAsync(POLL * 3);
    expect(statuses).toEqual(['noDevice:libusb-missing']); // reported once, not every poll
    libusb = true;
    await vi.advanceTimersByTimeAsync(POLL);
    expect(watch.status.device).toBe('online');
    await watch.close();
  });

  it('bounds a list that never answers by the operation timeout', async () => {
    const hanging: HidTransport = { kind: 'stuck', list: () => new Promise(() => {}), open: () => new Promise(() => {}) };
    const watch = new HidWatch({ transport: async () => ok(hanging), match, pollIntervalMs: POLL, operationTimeoutMs: 500 });
    watch.start();
    await vi.advanceTimersByTimeAsync(499);
    expect(watch.status.device).toBe('starting');
    await vi.advanceTimersByTimeAsync(1);
    expect(watch.status).toMatchObject({ device: 'noDevice', reasons: ['timeout'] });
    await watch.close();
  });

  it('bounds an open that never answers, and closes the connection if it arrives late', async () => {
    const bus = new MemoryHidBus();
    bus.plug({ info: scanner, reportDescriptor: null });
    let release: () => void = () => {};
    const slow: HidTransport = {
      kind: 'slow',
      list: (s) => bus.list(s),
      open: (d, s) => new Promise((resolve) => (release = () => resolve(bus.open(d, s)))),
    };
    const watch = new HidWatch({ transport: async () => ok(slow), match, pollIntervalMs: POLL, operationTimeoutMs: 500 });
    watch.start();
    await vi.advanceTimersByTimeAsync(500);
    expect(watch.status).toMatchObject({ device: 'noDevice', reasons: ['timeout'] });
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(bus.isOpen(scanner.path)).toBe(false);
    await watch.close();
  });

  it('contains a transport that throws', async () => {
    const broken: HidTransport = { kind: 'broken', list: () => Promise.reject(new Error('boom')), open: () => Promise.reject(new Error('boom')) };
    const watch = new HidWatch({ transport: async () => ok(broken), match, pollIntervalMs: POLL, operationTimeoutMs: 500 });
    await watch.pollOnce();
    expect(watch.status).toMatchObject({ device: 'noDevice', reasons: ['transport-failed'] });
    await watch.close();
  });

  it('shares one pass between concurrent polls, and stops polling when closed', async () => {
    const bus = new MemoryHidBus();
    const list = vi.spyOn(bus, 'list');
    const watch = new HidWatch({ transport: async () => ok(bus), match, pollIntervalMs: POLL, operationTimeoutMs: 500 });
    await Promise.all([watch.pollOnce(), watch.pollOnce()]);
    expect(list).toHaveBeenCalledTimes(1);
    watch.start();
    await vi.advanceTimersByTimeAsync(0);
    await watch.close();
    const calls = list.mock.calls.length;
    await vi.advanceTimersByTimeAsync(POLL * 5);
    expect(list.mock.calls.length).toBe(calls);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('picking the configured interface', () => {
  const devices: HidDeviceInfo[] = [
    { vendorId: 0x0c2e, productId: 0x0b8f, path: '/dev/hidraw1', usagePage: 0x01, usage: 0x06 },
    { vendorId: 0x0c2e, productId: 0x0b8f, path: '/dev/hidraw2', usagePage: 0x8c, usage: 0x02 },
    { vendorId: 0x046d, productId: 0xc31c, path: '/dev/hidraw0', usagePage: 0x01, usage: 0x06 },
    { vendorId: 0x0eef, productId: 0x0001, path: '/dev/hidraw3' },
  ];

  it('prefers the first wanted collection, and filters by vendor/product', () => {
    expect(pickDevice(devices, { vendorId: 0x0c2e, productId: 0x0b8f, collections: [{ usagePage: 0x8c }, { usagePage: 1, usage: 6 }] })?.path).toBe('/dev/hidraw2');
    expect(pickDevice(devices, { vendorId: 0x046d, collections: [{ usagePage: 0x8c }, { usagePage: 1, usage: 6 }] })?.path).toBe('/dev/hidraw0');
    expect(pickDevice(devices, { collections: [{ usagePage: 0x0d, usage: 0x04 }] })).toBeUndefined();
  });

  it('takes an entry without a usage page only when both ids are configured', () => {
    expect(pickDevice(devices, { vendorId: 0x0eef, productId: 0x0001, collections: [{ usagePage: 0x0d, usage: 0x04 }] })?.path).toBe('/dev/hidraw3');
    expect(pickDevice(devices, { vendorId: 0x0eef, collections: [{ usagePage: 0x0d, usage: 0x04 }] })).toBeUndefined();
  });
});
