import { MemoryCable } from '../../../devices/common/memory-cable.ts';
import { openSerialChannel } from '../../../devices/common/serial-channel.ts';
import { serveOnPath } from '../../../devices/common/pty-host.ts';
import { CardReader, type CardReaderOptions } from '../../../devices/card-reader/driver.ts';
import { ReaderSimulator } from '../../../devices/card-reader/simulator.ts';
import type { Person } from '../../../core/domain.ts';
import { startSocat } from '../../support/socat.ts';

export interface Rig {
  kind: 'memory' | 'pty';
  sim: ReaderSimulator;
  reader: CardReader;
  /** Pulls the cable (memory) or kills socat (pty). */
  unplug(): Promise<void>;
  plug(): Promise<void>;
  close(): Promise<void>;
}

const readerDefaults = (open: CardReaderOptions['open']): CardReaderOptions => ({
  mode: 'simulated',
  open,
  fingerprintAttempts: 3,
  operationTimeoutMs: 2000,
  fingerprintTimeoutMs: 2000,
  handshakeTimeoutMs: 500,
  heartbeatMs: 60_000,
  idleFlushMs: 50,
  backoff: { initialMs: 10, maxMs: 100 },
});

async function connected(reader: CardReader): Promise<void> {
  reader.start();
  if (!(await reader.waitConnected(AbortSignal.timeout(5000)))) throw new Error(`reader did not connect: ${JSON.stringify(reader.status())}`);
}

export async function makeRig(kind: 'memory' | 'pty', citizens: Map<string, Person>, readerOptions: Partial<CardReaderOptions> = {}): Promise<Rig> {
  const sim = new ReaderSimulator({ lookup: (nik) => citizens.get(nik), fingerDelayMs: 5, matchMs: 5 });
  if (kind === 'memory') {
    const cable = new MemoryCable('reader');
    cable.onDeviceEnd((end) => sim.attach(end));
    const reader = new CardReader({ ...readerDefaults((s) => cable.open(s)), ...readerOptions });
    await connected(reader);
    return {
      kind,
      sim,
      reader,
      unplug: async () => cable.unplug(),
      plug: async () => cable.plug(),
      close: async () => {
        await reader.stop();
        sim.close();
      },
    };
  }
  const link = await startSocat('adm-reader-');
  const host = serveOnPath(link.pathB, 115200, (ch) => sim.attach(ch), 10);
  const reader = new CardReader({ ...readerDefaults((s) => openSerialChannel(link.pathA, 115200, s)), watchPath: link.pathA, mode: 'serial', ...readerOptions });
  await connected(reader);
  return {
    kind,
    sim,
    reader,
    unplug: () => link.kill('SIGKILL'),
    plug: () => link.restart(),
    close: async () => {
      await reader.stop();
      await host.stop();
      sim.close();
      await link.dispose();
    },
  };
}
