import { Writable } from 'node:stream';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../../kiosk/config/schema.ts';
import { createLogger } from '../../../kiosk/log/logger.ts';
import { Lifecycle } from '../../../kiosk/lifecycle.ts';
import { type BootContext } from '../../../kiosk/boot/context.ts';
import { DeviceBoard } from '../../../devices/common/device-board.ts';
import { wireSerialDevices, type SerialDevices } from '../../../kiosk/boot/wire-serial-devices.ts';
import type { Person } from '../../../core/domain.ts';
import { makeCitizens } from '../card-reader/fixtures.ts';
import { sampleReceipt } from '../receipt-printer/fixtures.ts';

const SITI = '3506124507900001';
let citizens: Map<string, Person>;
let lifecycle: Lifecycle | undefined;
beforeAll(async () => {
  citizens = await makeCitizens();
});
afterEach(async () => {
  await lifecycle?.shutdown(5000);
  lifecycle = undefined;
});

/** The part of the boot context the serial wiring uses; the rest is not touched by it. */
async function wire(link: 'memory' | 'pty'): Promise<{ devices: SerialDevices; board: DeviceBoard; logs: string[] }> {
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logs.push(chunk.toString());
      cb();
    },
  });
  const log = await createLogger({ level: 'trace', pretty: false, destination });
  const config = configSchema.parse({
    devices: { cardReader: { simulatorLink: link, heartbeatMs: 100, reconnectMaxMs: 200 }, receiptPrinter: { simulatorLink: link, heartbeatMs: 100, reconnectMaxMs: 200 } },
  });
  lifecycle = new Lifecycle(log);
  const ctx = { config, log, lifecycle, now: () => new Date(), startedAt: Date.now() } as Partial<BootContext> as BootContext;
  const board = new DeviceBoard();
  const devices = await wireSerialDevices(ctx, board, { lookup: (nik) => citizens.get(nik) });
  await lifecycle.start();
  return { devices, board, logs };
}

describe('serial devices in the kiosk', () => {
  it('npm start wiring: both devices on the device board, the reader fed from the registry lookup, nothing personal in the logs', async () => {
    const { devices, board, logs } = await wire('memory');
    await expect.poll(() => board.summaries().map((s) => `${s.id}:${s.status.device}`)).toEqual(['cardReader:online', 'receiptPrinter:online']);
    const sim = devices.simulators.cardReader;
    expect(sim?.tapCard(SITI).ok).toBe(true);
    await expect.poll(() => devices.cardReader.cardPresent).toBe(true);
    const id = await devices.cardReader.readIdentity(AbortSignal.timeout(5000));
    expect(id.ok && id.value.name).toBe('SITI AMINAH');
    const fp = await devices.cardReader.verifyFingerprint('rightThumb', AbortSignal.timeout(5000));
    expect(fp.ok && fp.value.result).toBe('match');
    expect((await devices.receiptPrinter.print(await sampleReceipt(), AbortSignal.timeout(5000))).ok).toBe(true);
    sim?.removeCard();
    await expect.poll(() => devices.cardReader.cardPresent).toBe(false);
    const text = logs.join('');
    expect(text).toContain('reader.card_present');
    expect(text).toContain('reader.card_removed');
    expect(text).not.toContain(SITI);
    expect(text).not.toContain('SITI AMINAH');
    expect(text).not.toMatch(/score/);
  });

  it('killing socat mid-session is detected and recovered without restarting the kiosk', async () => {
    const { devices, board, logs } = await wire('pty');
    await expect.poll(() => board.summaries().every((s) => s.status.device === 'online'), { timeout: 30_000 }).toBe(true);
    expect(devices.links.cardReader?.kind).toBe('pty');
    devices.simulators.cardReader?.tapCard(SITI);
    await expect.poll(() => devices.cardReader.cardPresent).toBe(true);

    await devices.links.cardReader?.unplug();
    await devices.links.receiptPrinter?.unplug();
    await expect.poll(() => board.summaries().map((s) => s.status.device)).toEqual(['noDevice', 'noDevice']);
    expect((await devices.cardReader.readIdentity(AbortSignal.timeout(5000))).ok).toBe(false);

    await devices.links.cardReader?.plug();
    await devices.links.receiptPrinter?.plug();
    await expect.poll(() => board.summaries().map((s) => s.status.device), { timeout: 30_000 }).toEqual(['online', 'online']);
    const id = await devices.cardReader.readIdentity(AbortSignal.timeout(5000));
    expect(id.ok && id.value.nik).toBe(SITI);
    expect((await devices.receiptPrinter.print(await sampleReceipt(), AbortSignal.timeout(5000))).ok).toBe(true);
    expect(logs.join('')).toContain('serial.device_unavailable');
  });
});
