import type { KioskConfig } from '../../kiosk/config/schema.ts';
import type { Person } from '../../kiosk/registry/types.ts';
import { openSerialChannel } from '../common/serial-channel.ts';
import { memoryLink, ptyLink, type SimulatedLink } from '../common/simulated-link.ts';
import { CardReader } from './driver.ts';
import { ReaderSimulator } from './simulator.ts';

export type CardReaderConfig = KioskConfig['devices']['cardReader'];

export interface CardReaderDeps {
  /** Config `session.fingerprintAttempts`. */
  fingerprintAttempts: number;
  /** Config `timeouts.deviceOperationMs`. */
  operationTimeoutMs: number;
  /** Simulated mode: where tapped cards come from (the registry's citizens). */
  lookup?: (nik: string) => Person | undefined;
}

export interface CreatedCardReader {
  driver: CardReader;
  /** Simulated mode: the far end, for the dev panel and tests. */
  simulator: ReaderSimulator | null;
  link: SimulatedLink | null;
  /** Set when a pty was asked for but could not be made, and memory was used instead. */
  fallback?: string;
}

/** Picks the simulated reader (memory or pty) or the real serial one from configuration. Call `driver.start()`. */
export async function createCardReader(config: CardReaderConfig, deps: CardReaderDeps): Promise<CreatedCardReader> {
  const common = {
    fingerprintAttempts: deps.fingerprintAttempts,
    operationTimeoutMs: deps.operationTimeoutMs,
    fingerprintTimeoutMs: config.fingerprintTimeoutMs,
    heartbeatMs: config.heartbeatMs,
    backoff: { initialMs: 250, maxMs: config.reconnectMaxMs },
  };
  if (config.mode === 'serial') {
    const path = config.path as string;
    return { driver: new CardReader({ ...common, mode: 'serial', open: (s) => openSerialChannel(path, config.baudRate, s), watchPath: path }), simulator: null, link: null };
  }
  const simulator = new ReaderSimulator({ lookup: deps.lookup ?? (() => undefined) });
  let link: SimulatedLink;
  let fallback: string | undefined;
  if (config.simulatorLink === 'pty') {
    try {
      link = await ptyLink('reader', config.baudRate, (ch) => simulator.attach(ch));
    } catch (e) {
      fallback = (e as Error).message;
      link = memoryLink('reader', (ch) => simulator.attach(ch));
    }
  } else link = memoryLink('reader', (ch) => simulator.attach(ch));
  const driver = new CardReader({ ...common, mode: 'simulated', open: (s) => link.open(s), ...(link.path ? { watchPath: link.path } : {}) });
  return { driver, simulator, link, ...(fallback ? { fallback } : {}) };
}
