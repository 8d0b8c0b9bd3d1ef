import { PcscCardReader, type PcscCardReaderOptions } from '../../../devices/card-reader/pcsc/driver.ts';
import { admEktpProfile } from '../../../devices/card-reader/profile/adm-ektp-profile.ts';
import { startPcscdHost, type PcscdHost } from '../../../devices/card-reader/virtual/pcscd-host.ts';
import { VirtualReaderProcess } from '../../../devices/card-reader/virtual/virtual-reader-process.ts';
import type { Person } from '../../../core/domain.ts';

export const CARD_SLOT = 'Virtual PCD 00 00';
export const SAM_SLOT = 'Virtual PCD 00 01';

export interface PcscBench {
  host: PcscdHost;
  /** The virtual e-KTP reader: SAM in its slot, cards tapped and removed by the tests. */
  virtual: VirtualReaderProcess;
  /** Every APDU that crossed pcscd, both slots, both directions (cleared per rig). */
  traffic: { slot: 'card' | 'sam'; direction: 'command' | 'response'; bytes: Uint8Array }[];
  stop(): Promise<void>;
}

/**
 * One private pcscd and one virtual reader per test file (its own socket, its own vpcd ports).
 * libpcsclite reads PCSCLITE_CSOCK_NAME once per process, and each test file runs in its own
 * process. The virtual SAM stays in its slot across tests, as in a kiosk.
 */
export async function startPcscBench(citizens: Map<string, Person>): Promise<PcscBench> {
  const host = await startPcscdHost();
  process.env.PCSCLITE_CSOCK_NAME = host.socketPath;
  const traffic: PcscBench['traffic'] = [];
  const virtual = new VirtualReaderProcess({
    port: host.port,
    lookup: (nik) => citizens.get(nik),
    fingerDelayMs: 20,
    trace: (slot, direction, bytes) => traffic.push({ slot, direction, bytes: Uint8Array.from(bytes) }),
  });
  return {
    host,
    virtual,
    traffic,
    stop: async () => {
      await virtual.close();
      await host.stop();
    },
  };
}

export interface PcscRig {
  virtual: VirtualReaderProcess;
  reader: PcscCardReader;
  traffic: PcscBench['traffic'];
  close(): Promise<void>;
}

/** A driver on the bench's pcscd, online with the SAM checked and no card on the reader. */
export async function makePcscRig(bench: PcscBench, options: { reader?: Partial<PcscCardReaderOptions>; waitOnline?: boolean } = {}): Promise<PcscRig> {
  bench.traffic.length = 0;
  const reader = new PcscCardReader({
    cardReader: CARD_SLOT,
    samReader: SAM_SLOT,
    profile: admEktpProfile,
    fingerprintAttempts: 3,
    operationTimeoutMs: 8000,
    fingerprintTimeoutMs: 4000,
    heartbeatMs: 1000,
    backoff: { initialMs: 50, maxMs: 300 },
    ...options.reader,
  });
  reader.start();
  const until = Date.now() + 15_000;
  while ((options.waitOnline ?? true) && (reader.status().device !== 'online' || reader.cardPresent)) {
    if (Date.now() > until) throw new Error(`PC/SC reader did not come online without a card: ${JSON.stringify(reader.status())}\n${bench.host.log()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    virtual: bench.virtual,
    reader,
    traffic: bench.traffic,
    close: async () => {
      await reader.stop();
      bench.virtual.reset();
    },
  };
}
