import { MemoryCable, type Chunker } from '../../../devices/common/memory-cable.ts';
import { CardReader, type CardReaderOptions } from '../../../devices/card-reader/driver.ts';
import { ReaderSimulator, type ReaderSimulatorOptions } from '../../../devices/card-reader/simulator.ts';
import type { Person } from '../../../core/domain.ts';

export interface ReaderRig {
  cable: MemoryCable;
  sim: ReaderSimulator;
  reader: CardReader;
  close(): Promise<void>;
}

/** A driver and a simulator joined by an in-memory cable (optionally cutting writes into pieces). */
export async function memoryRig(
  citizens: Map<string, Person>,
  options: { chunker?: Chunker; reader?: Partial<CardReaderOptions>; sim?: Partial<ReaderSimulatorOptions> } = {},
): Promise<ReaderRig> {
  const cable = new MemoryCable('reader-cable', options.chunker);
  const sim = new ReaderSimulator({ lookup: (nik) => citizens.get(nik), fingerDelayMs: 5, matchMs: 5, ...options.sim });
  cable.onDeviceEnd((end) => sim.attach(end));
  const reader = new CardReader({
    mode: 'simulated',
    open: (signal) => cable.open(signal),
    fingerprintAttempts: 3,
    operationTimeoutMs: 2000,
    fingerprintTimeoutMs: 2000,
    handshakeTimeoutMs: 500,
    heartbeatMs: 60_000,
    backoff: { initialMs: 10, maxMs: 50 },
    ...options.reader,
  });
  reader.start();
  const connected = await reader.waitConnected(AbortSignal.timeout(5000));
  if (!connected) throw new Error('reader did not connect to the simulator');
  return {
    cable,
    sim,
    reader,
    async close() {
      await reader.stop();
      sim.close();
    },
  };
}

/** Resolves with the next emission of `event`. */
export function nextEvent<T extends unknown[]>(emitter: { once(event: string, fn: (...args: T) => void): unknown }, event: string): Promise<T> {
  return new Promise((resolve) => emitter.once(event, (...args: T) => resolve(args)));
}
