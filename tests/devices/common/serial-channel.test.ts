import { afterEach, describe, expect, it } from 'vitest';
import type { ByteChannel, CloseReason } from '../../../devices/common/byte-channel.ts';
import { serveOnPath } from '../../../devices/common/pty-host.ts';
import { openSerialChannel } from '../../../devices/common/serial-channel.ts';
import { startSocat } from '../../support/socat.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function open(path: string): Promise<ByteChannel> {
  const r = await openSerialChannel(path, 115200, AbortSignal.timeout(5000));
  if (!r.ok) throw new Error(`${path}: ${r.error.message}`);
  cleanups.push(() => r.value.close());
  return r.value;
}

function closeOf(ch: ByteChannel): Promise<CloseReason> {
  return new Promise((resolve) => ch.onClose(resolve));
}

describe('serial channel over a socat pty pair', () => {
  it('bytes cross in both directions', async () => {
    const link = await startSocat();
    cleanups.push(() => link.dispose());
    const [a, b] = [await open(link.pathA), await open(link.pathB)];
    const atB = new Promise<Uint8Array>((resolve) => b.onData(resolve));
    expect(await a.write(Uint8Array.of(1, 2, 3))).toBe(true);
    expect([...(await atB)]).toEqual([1, 2, 3]);
    const atA = new Promise<Uint8Array>((resolve) => a.onData(resolve));
    expect(await b.write(Uint8Array.of(9))).toBe(true);
    expect([...(await atA)]).toEqual([9]);
  });

  // A hung-up tty reads 0 bytes forever; serialport alone spins on that and only notices on a write.
  it('both ends notice the line hang up (socat killed) without writing, and without spinning', async () => {
    const link = await startSocat();
    cleanups.push(() => link.dispose());
    for (let round = 0; round < 5; round++) {
      const [a, b] = [await open(link.pathA), await open(link.pathB)];
      const closes = Promise.all([closeOf(a), closeOf(b)]);
      const cpu = process.cpuUsage();
      await link.kill('SIGKILL');
      expect(await closes).toEqual(['disconnected', 'disconnected']);
      const used = process.cpuUsage(cpu);
      // Not a timing target: a spinning read loop burns whole seconds here, a hang-up costs almost nothing.
      expect(used.user + used.system).toBeLessThan(500_000);
      await link.restart();
    }
  });

  // A write failing on the dead line makes the stream destroy itself and say "close" with no error,
  // ahead of serialport's own disconnect: that is still the device going away, not our close.
  it('a line that hangs up while writes are in flight still closes as disconnected', async () => {
    const link = await startSocat();
    cleanups.push(() => link.dispose());
    for (let round = 0; round < 5; round++) {
      const [a, b] = [await open(link.pathA), await open(link.pathB)];
      const closes = Promise.all([closeOf(a), closeOf(b)]);
      const writing = setInterval(() => {
        void a.write(new Uint8Array(64).fill(0x3f));
        void b.write(new Uint8Array(64).fill(0x21));
      }, 1);
      await new Promise((r) => setTimeout(r, 20));
      await link.kill('SIGKILL');
      const reasons = await closes;
      clearInterval(writing);
      expect(reasons).toEqual(['disconnected', 'disconnected']);
      expect(await a.write(Uint8Array.of(1))).toBe(false);
      await link.restart();
    }
  });

  it('close() is reported as closed, not as a disconnect', async () => {
    const link = await startSocat();
    cleanups.push(() => link.dispose());
    const a = await open(link.pathA);
    const closed = closeOf(a);
    await a.close();
    expect(await closed).toBe('closed');
  });

  it('the simulator host re-opens its end after the line comes back', async () => {
    const link = await startSocat();
    cleanups.push(() => link.dispose());
    const attached: ByteChannel[] = [];
    const host = serveOnPath(link.pathB, 115200, (ch) => attached.push(ch), 20);
    cleanups.push(() => host.stop());
    await expect.poll(() => host.attached).toBe(true);
    await link.kill('SIGKILL');
    await expect.poll(() => host.attached).toBe(false);
    await link.restart();
    await expect.poll(() => attached.length, { timeout: 10_000 }).toBe(2);
    const a = await open(link.pathA);
    const atHost = new Promise<Uint8Array>((resolve) => attached[1]?.onData(resolve));
    expect(await a.write(Uint8Array.of(0x42))).toBe(true);
    expect([...(await atHost)]).toEqual([0x42]);
  });
});
