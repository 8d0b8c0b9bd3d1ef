import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { wireHidDevices } from '../../../../kiosk/boot/wire-hid-devices.ts';
import { type BootContext } from '../../../../kiosk/boot/context.ts';
import { DeviceBoard } from '../../../../devices/common/device-board.ts';
import { configSchema, type KioskConfigInput } from '../../../../kiosk/config/schema.ts';
import { Lifecycle } from '../../../../kiosk/lifecycle.ts';
import { createLogger } from '../../../../kiosk/log/logger.ts';
import { nextScanText } from '../../../../kiosk/journey/scanner-port.ts';
import { startKiosk, type KioskProcess } from '../../../support/kiosk-process.ts';
import { tempDir } from '../../../support/temp-dir.ts';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function wire(input: KioskConfigInput, options: Parameters<typeof wireHidDevices>[2] = {}) {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l) as Record<string, unknown>);
      cb();
    },
  });
  const log = await createLogger({ level: 'debug', pretty: false, destination });
  const lifecycle = new Lifecycle(log);
  const config = configSchema.parse(input);
  // Only config, log and lifecycle are used by the HID wiring; the store and HTTP server belong to others.
  const ctx = { config, log, lifecycle, now: () => new Date(), startedAt: Date.now() } as unknown as BootContext;
  const board = new DeviceBoard();
  const hid = await wireHidDevices(ctx, board, options);
  await lifecycle.start();
  cleanups.push(() => lifecycle.shutdown(2000));
  return { hid, board, lines, events: () => lines.map((l) => l.event) };
}

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('HID devices wired at boot', () => {
  it('simulated by default: both online on the board, scans and the gesture logged without content', async () => {
    const t = await wire({});
    await settle();
    expect(t.board.summaries()).toMatchObject([
      { id: 'scanner', mode: 'simulated', status: { device: 'online' } },
      { id: 'touchscreen', mode: 'simulated', status: { device: 'online' } },
      { id: 'keypad', mode: 'simulated', status: { device: 'online' } },
    ]);
    const waiting = nextScanText(t.hid.scanner, { signal: AbortSignal.timeout(2000) });
    t.hid.simulators.scanner!.scan('ADM|SIGNIN|a1b2c3d4');
    expect(await waiting).toEqual({ ok: true, value: 'ADM|SIGNIN|a1b2c3d4' });
    expect(t.lines.find((l) => l.event === 'scanner.scanned')).toMatchObject({ protocol: 'pos', symbology: 'qr', length: 19 });
    expect(JSON.stringify(t.lines)).not.toContain('a1b2c3d4');

    const gesture = new Promise((resolve) => t.hid.touchscreen.once('technicianGesture', resolve));
    expect((await t.hid.simulators.touchscreen!.performGesture(undefined, { gapMs: 20 })).ok).toBe(true);
    await gesture;
    expect(t.events()).toContain('touchscreen.technician_gesture');
  });

  it('without libusb: both devices noDevice with the reason, logged, and nothing thrown', async () => {
    const importNodeHid = async () => {
      throw Object.assign(new Error('libusb-1.0.so.0: cannot open shared object file: No such file or directory'), { code: 'ERR_DLOPEN_FAILED' });
    };
    const t = await wire({ devices: { scanner: { mode: 'hid' }, touchscreen: { mode: 'hid' }, keypad: { mode: 'hid' } } }, { importNodeHid });
    await settle();
    expect(t.board.summaries()).toMatchObject([
      { id: 'scanner', mode: 'hid', status: { device: 'noDevice', reasons: ['libusb-missing'], action: 'maintenance' } },
      { id: 'touchscreen', mode: 'hid', status: { device: 'noDevice', reasons: ['libusb-missing'] } },
      { id: 'keypad', mode: 'hid', status: { device: 'noDevice', reasons: ['libusb-missing'] } },
    ]);
    expect(t.lines.filter((l) => l.event === 'hid.device_unavailable')).toHaveLength(3);
    expect(await nextScanText(t.hid.scanner, { signal: AbortSignal.timeout(1000) })).toMatchObject({ ok: false, error: { code: 'scanner_fault' } });
    expect(t.hid.simulators).toEqual({ scanner: null, touchscreen: null, keypad: null });
  });

  it('with the real node-hid and no such device plugged in: noDevice, not connected', async () => {
    const t = await wire({ devices: { scanner: { mode: 'hid', vendorId: 0xfffe, productId: 0xfffd }, touchscreen: { mode: 'hid', vendorId: 0xfffe, productId: 0xfffc }, keypad: { mode: 'hid', vendorId: 0xfffe, productId: 0xfffb } } });
    for (let i = 0; i < 100 && t.board.summaries().some((s) => s.status.device === 'starting'); i++) await settle();
    expect(t.board.summaries().map((s) => [s.id, s.status.device, s.status.reasons])).toEqual([
      ['scanner', 'noDevice', ['not-connected']],
      ['touchscreen', 'noDevice', ['not-connected']],
      ['keypad', 'noDevice', ['not-connected']],
    ]);
  });

  it('mode none: the devices are off and say so', async () => {
    const t = await wire({ devices: { scanner: { mode: 'none' }, touchscreen: { mode: 'none' }, keypad: { mode: 'none' } } });
    expect(t.board.summaries().map((s) => [s.mode, s.status.device, s.status.reasons])).toEqual([
      ['none', 'noDevice', ['disabled']],
      ['none', 'noDevice', ['disabled']],
      ['none', 'noDevice', ['disabled']],
    ]);
  });
});

describe('the kiosk keeps running without its HID devices', () => {
  it('adm start with a real-HID configuration and no device: ready, /healthz names the reason', async () => {
    const dir = tempDir('hid-boot');
    cleanups.push(() => dir.remove());
    const file = join(dir.path, 'config.json');
    writeFileSync(file, JSON.stringify({ devices: { scanner: { mode: 'hid', vendorId: 0xfffe, productId: 0xfffd }, touchscreen: { mode: 'hid', vendorId: 0xfffe, productId: 0xfffc } } }));
    const k: KioskProcess = await startKiosk({ ADM_DATA_DIR: join(dir.path, 'data'), ADM_CONFIG: file });
    cleanups.push(() => k.stop('SIGKILL'));
    let devices: Record<string, { mode: string; state: string; reasons: string[] }> = {};
    for (let i = 0; i < 50; i++) {
      devices = ((await (await fetch(`${k.url}/healthz`)).json()) as { devices: typeof devices }).devices;
      if (devices.scanner?.state !== 'starting' && devices.touchscreen?.state !== 'starting') break;
      await settle();
    }
    expect(devices.scanner).toEqual({ mode: 'hid', state: 'noDevice', reasons: ['not-connected'] });
    expect(devices.touchscreen).toEqual({ mode: 'hid', state: 'noDevice', reasons: ['not-connected'] });
    const stopped = await k.stop('SIGINT');
    expect(stopped.code).toBe(0);
  });
});
