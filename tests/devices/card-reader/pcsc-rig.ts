import { PcscCardReader, type PcscCardReaderOptions } from '../../../devices/card-reader/pcsc/driver.ts';
import { admEktpProfile } from '../../../devices/card-reader/profile/adm-ektp-profile.ts';
import { startPcscdHost, type PcscdHost } from '../../../devices/card-reader/virtual/pcscd-host.ts';
import { VirtualPcscReader, type VirtualReaderOptions } from '../../../devices/card-reader/virtual/virtual-reader.ts';
import type { Person } from '../../../kiosk/registry/types.ts';

/**
 * One private pcscd per test file (its own socket, its own vpcd ports). libpcsclite reads
 * PCSCLITE_CSOCK_NAME once per process, and each test file runs in its own process.
 */
export async function startPcscd(): Promise<PcscdHost> {
  const host = await startPcscdHost();
  process.env.PCSCLITE_CSOCK_NAME = host.socketPath;
  return host;
}

export interface PcscRig {
  host: PcscdHost;
  virtual: VirtualPcscReader;
  reader: PcscCardReader;
  /** Every APDU that crossed pcscd, both slots, both directions. */
  traffic: { slot: 'card' | 'sam'; direction: 'command' | 'response'; bytes: Uint8Array }[];
  close(): Promise<void>;
}

export const CARD_SLOT = 'Virtual PCD 00 00';
export const SAM_SLOT = 'Virtual PCD 00 01';

/** A virtual reader (SAM inserted) and a driver on this pcscd, the driver online with the SAM checked. */
export async function makePcscRig(
  host: PcscdHost,
  citizens: Map<string, Person>,
  options: { reader?: Partial<PcscCardReaderOptions>; virtual?: Partial<VirtualReaderOptions>; waitOnline?: boolean } = {},
): Promise<PcscRig> {
  const traffic: PcscRig['traffic'] = [];
  const virtual = new VirtualPcscReader({
    port: host.port,
    lookup: (nik) => citizens.get(nik),
    fingerDelayMs: 20,
    trace: (slot, direction, bytes) => traffic.push({ slot, direction, bytes: Uint8Array.from(bytes) }),
    ...options.virtual,
  });
  const reader = new PcscCardReader({
    cardReader: CARD_SLOT,
    samReader: SAM_SLOT,
    profile: admEktpProfile,
    fingerprintAttempts: 3,
    operationTimeoutMs: 8000,
    fingerprintTimeoutMs: 4000,
    heartbeatMs: 60_000,
    backoff: { initialMs: 50, maxMs: 300 },
    ...options.reader,
  });
  reader.start();
  const until = Date.now() + 15_000;
  if (options.waitOnline ?? true) {
    while (reader.status().device !== 'online') {
      if (Date.now() > until) throw new Error(`PC/SC reader did not come online: ${JSON.stringify(reader.status())}\n${host.log()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    host,
    virtual,
    reader,
    traffic,
    close: async () => {
      await reader.stop();
      virtual.close();
    },
  };
}
