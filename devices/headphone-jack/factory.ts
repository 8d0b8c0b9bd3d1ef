import type { CreatedDevice } from '../common/created-device.ts';
import type { HeadphoneJackConfig } from './config.ts';
import { findJackDevice } from './device-lookup.ts';
import { HeadphoneJackDriver } from './driver.ts';
import { HeadphoneJackSimulator } from './simulator.ts';

export type CreatedHeadphoneJack = CreatedDevice<HeadphoneJackDriver, HeadphoneJackSimulator>;

export interface HeadphoneJackDeps {
  now?: () => number;
  /** Simulated mode: where the FIFO is made (a fresh temporary directory otherwise). */
  simulatorDir?: string;
}

/** Picks the simulated or the real jack from configuration. Call `driver.start()` to begin. */
export async function createHeadphoneJack(config: HeadphoneJackConfig, deps: HeadphoneJackDeps): Promise<CreatedHeadphoneJack> {
  const common = { mode: config.mode, reopenMs: config.reopenMs, ...(deps.now ? { now: deps.now } : {}) };
  const none = async () => {};
  if (config.mode === 'none') return { driver: new HeadphoneJackDriver({ ...common, path: null }), simulator: null, link: null, close: none };
  if (config.mode === 'simulated') {
    const simulator = new HeadphoneJackSimulator({ ...(deps.simulatorDir ? { dir: deps.simulatorDir } : {}), ...(deps.now ? { now: deps.now } : {}) });
    return { driver: new HeadphoneJackDriver({ ...common, path: () => simulator.path }), simulator, link: null, close: async () => simulator.stop() };
  }
  const fixed = config.path;
  return { driver: new HeadphoneJackDriver({ ...common, path: () => fixed ?? findJackDevice(config.sysInputDir, config.nameContains) }), simulator: null, link: null, close: none };
}
