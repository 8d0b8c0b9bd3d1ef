import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceSupervisor } from '../../../devices/common/supervisor.ts';
import { openSerialChannel } from '../../../devices/common/serial-channel.ts';
import { serveOnPath } from '../../../devices/common/pty-host.ts';
import { CardReader } from '../../../devices/card-reader/driver.ts';
import { ReaderSimulator } from '../../../devices/card-reader/simulator.ts';
import { ReceiptPrinter } from '../../../devices/receipt-printer/driver.ts';
import { ReceiptPrinterSimulator } from '../../../devices/receipt-printer/simulator.ts';
import type { ByteChannel } from '../../../devices/common/byte-channel.ts';
import { startSocat } from '../../support/socat.ts';

/**
 * The far end opens its side of the pty a while after the driver opened its own — a device still
 * booting behind its USB adapter, or a simulator reopening after socat restarted. Whatever the
 * driver sent first is lost. The driver knocks (repeats its opening request) through the handshake,
 * so the device is found within one interval, not after a failed handshake and a backoff (here a
 * minute, so a retry cannot hide a lost handshake).
 */
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Starts the driver, opens the device end 400 ms later, and collects the supervisor's retries. */
async function lateFarEnd(supervisor: DeviceSupervisor, attach: (ch: ByteChannel) => void, start: () => void, pathB: string): Promise<string[]> {
  const retries: string[] = [];
  supervisor.on('retry', (r) => retries.push(r.reason));
  start();
  // Give the driver time to open its end and send its first request into the void.
  await new Promise((r) => setTimeout(r, 400));
  const host = serveOnPath(pathB, 115200, attach, 10);
  cleanups.push(() => host.stop());
  return retries;
}

describe('a device whose far end opens late (socat pty)', () => {
  it('card reader: comes online in the same handshake, with no retry', async () => {
    const link = await startSocat('adm-late-reader-');
    cleanups.push(() => link.dispose());
    const sim = new ReaderSimulator({ lookup: () => undefined });
    cleanups.push(() => sim.close());
    const reader = new CardReader({
      mode: 'serial',
      open: (s) => openSerialChannel(link.pathA, 115200, s),
      watchPath: link.pathA,
      fingerprintAttempts: 3,
      operationTimeoutMs: 2000,
      fingerprintTimeoutMs: 2000,
      handshakeTimeoutMs: 4000,
      heartbeatMs: 60_000,
      backoff: { initialMs: 60_000, maxMs: 60_000 },
    });
    cleanups.push(() => reader.stop());
    const retries = await lateFarEnd(reader.supervisor, (ch) => sim.attach(ch), () => reader.start(), link.pathB);
    await expect.poll(() => reader.status().device, { timeout: 20_000 }).toBe('online');
    expect(retries).toEqual([]);
  });

  it('receipt printer: comes online in the same handshake with Automatic Status Back on, with no retry', async () => {
    const link = await startSocat('adm-late-printer-');
    cleanups.push(() => link.dispose());
    const sim = new ReceiptPrinterSimulator({ paperDots: 576 });
    const printer = new ReceiptPrinter({
      mode: 'serial',
      open: (s) => openSerialChannel(link.pathA, 115200, s),
      watchPath: link.pathA,
      paperDots: 576,
      operationTimeoutMs: 1000,
      jobTimeoutMs: 5000,
      handshakeTimeoutMs: 4000,
      heartbeatMs: 60_000,
      backoff: { initialMs: 60_000, maxMs: 60_000 },
    });
    cleanups.push(() => printer.stop());
    const retries = await lateFarEnd(printer.supervisor, (ch) => sim.attach(ch), () => printer.start(), link.pathB);
    await expect.poll(() => printer.status().device, { timeout: 20_000 }).toBe('online');
    expect(retries).toEqual([]);
    expect(sim.state().asb).toBe(true);
  });
});
