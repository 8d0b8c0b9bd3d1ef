import type { Person } from '../../core/domain.ts';
import { err, ok, type Result } from '../../core/result.ts';
import { openSerialChannel } from '../common/serial-channel.ts';
import type { CreatedDevice } from '../common/created-device.ts';
import { simulatedLink, type SimulatedLink } from '../common/simulated-link.ts';
import type { CardReaderConfig } from './config.ts';
import { CardReader } from './driver.ts';
import { PcscCardReader } from './pcsc/driver.ts';
import { admEktpProfile } from './profile/adm-ektp-profile.ts';
import type { CardProfile } from './profile/types.ts';
import { ReaderSimulator } from './simulator.ts';
import type { EktpReader } from './types.ts';
import { startPcscdHost } from './virtual/pcscd-host.ts';
import { VirtualReaderProcess } from './virtual/virtual-reader-process.ts';

export interface CardReaderDeps {
  /** Config `session.fingerprintAttempts`. */
  fingerprintAttempts: number;
  /** Config `timeouts.deviceOperationMs`. */
  operationTimeoutMs: number;
  /** Simulated mode: where tapped cards come from (the registry's citizens). */
  lookup?: (nik: string) => Person | undefined;
}

/** The far end the dev panel and the tests drive: the serial simulator or the virtual PC/SC reader. */
export type SimulatedCardReader = Pick<ReaderSimulator, 'tapCard' | 'tapForeignCard' | 'removeCard' | 'nextFinger'> & Partial<Pick<ReaderSimulator, 'holdCardOpen'>> & {
  state(): { connected: boolean; cardPresent: boolean; samPresent: boolean; verifying: boolean; queuedFingers: number; requests: number };
};

export type CreatedCardReader = CreatedDevice<EktpReader, SimulatedCardReader>;

const PROFILES: Record<CardReaderConfig['pcsc']['profile'], CardProfile> = { 'adm-ektp-1': admEktpProfile };

/** Picks the simulated reader (memory or pty), the real serial one or the PC/SC one from configuration. Call `driver.start()`. */
export async function createCardReader(config: CardReaderConfig, deps: CardReaderDeps): Promise<CreatedCardReader> {
  const common = {
    fingerprintAttempts: deps.fingerprintAttempts,
    operationTimeoutMs: deps.operationTimeoutMs,
    fingerprintTimeoutMs: config.fingerprintTimeoutMs,
    heartbeatMs: config.heartbeatMs,
    backoff: { initialMs: 250, maxMs: config.reconnectMaxMs },
  };
  if (config.mode === 'pcsc') return createPcscReader(config, deps, common);
  if (config.mode === 'serial') {
    const path = config.path as string;
    const driver = new CardReader({ ...common, mode: 'serial', open: (s) => openSerialChannel(path, config.baudRate, s), watchPath: path });
    return { driver, simulator: null, link: null, close: async () => {} };
  }
  const simulator = new ReaderSimulator({ lookup: deps.lookup ?? (() => undefined) });
  const { link, fallback } = await simulatedLink('reader', config.simulatorLink, config.baudRate, (ch) => simulator.attach(ch));
  const driver = new CardReader({ ...common, mode: 'simulated', open: (s) => link.open(s), ...(link.path ? { watchPath: link.path } : {}) });
  return {
    driver,
    simulator,
    link,
    ...(fallback ? { fallback } : {}),
    close: async () => {
      simulator.close();
      await link.close();
    },
  };
}

type Common = Pick<ConstructorParameters<typeof PcscCardReader>[0], 'fingerprintAttempts' | 'operationTimeoutMs' | 'fingerprintTimeoutMs' | 'heartbeatMs' | 'backoff'>;

async function createPcscReader(config: CardReaderConfig, deps: CardReaderDeps, common: Common): Promise<CreatedCardReader> {
  const driver = new PcscCardReader({ ...common, cardReader: config.pcsc.cardReader, samReader: config.pcsc.samReader, profile: PROFILES[config.pcsc.profile] });
  if (!config.pcsc.virtualCard) return { driver, simulator: null, link: null, close: async () => {} };
  const started = await startVirtual(deps);
  if (!started.ok) return { driver, simulator: null, link: null, fallback: started.error, close: async () => {} };
  const { host, virtual } = started.value;
  const link: SimulatedLink = {
    kind: 'pcscd',
    open: () => Promise.resolve(err({ reason: 'openFailed', message: 'the PC/SC reader is opened through pcscd' })),
    // Unplugging the reader: pcscd comes back without it (vpcd readers are declared, not hot-plugged).
    unplug: async () => {
      await host.kill();
      await host.start({ withReader: false });
    },
    plug: async () => {
      await host.kill();
      await host.start();
    },
    close: async () => {
      await virtual.close();
      await host.stop();
    },
  };
  return { driver, simulator: virtual, link, close: () => link.close() };
}

/**
 * The private pcscd and the virtual card for `virtualCard: true`. The kiosk's PC/SC library reads
 * `PCSCLITE_CSOCK_NAME` once, at its first call: this runs before the reader driver starts.
 */
async function startVirtual(deps: CardReaderDeps): Promise<Result<{ host: Awaited<ReturnType<typeof startPcscdHost>>; virtual: VirtualReaderProcess }, string>> {
  try {
    const host = await startPcscdHost();
    process.env.PCSCLITE_CSOCK_NAME = host.socketPath;
    const virtual = new VirtualReaderProcess({ port: host.port, lookup: deps.lookup ?? (() => undefined) });
    return ok({ host, virtual });
  } catch (e) {
    return err(`the virtual PC/SC card could not start: ${(e as Error).message}`);
  }
}
