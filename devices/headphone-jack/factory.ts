import type { HeadphoneJackConfig } from './config.ts';
import { findJackDevice } from './device-lookup.ts';
import { HeadphoneJackDriver } from './driver.ts';
import { HeadphoneJackSimulator } from './simulator.ts';

export interface CreatedHeadphoneJack {
  driver: HeadphoneJackDriver;
  simulator: HeadphoneJackSimulator | null;
}

/** Picks the simulated or the real jack from configuration. Call `driver.start()` to begin. */
export function createHeadphoneJack(config: HeadphoneJackConfig, deps: { now?: () => number; simulatorDir?: string } = {}): CreatedHeadphoneJack {
  const common = { mode: config.mode, reopenMs: config.reopenMs, ...(deps.now ? { now: deps.now } : {}) };
  if (config.mode === 'none') return { driver: new HeadphoneJackDriver({ ...common, path: null }), simulator: null };
  if (config.mode === 'simulated') {
    const simulator = new HeadphoneJackSimulator({ ...(deps.simulatorDir ? { dir: deps.simulatorDir } : {}), ...(deps.now ? { now: deps.now } : {}) });
    return { driver: new HeadphoneJackDriver({ ...common, path: () => simulator.path }), simulator };
  }
  const fixed = config.path;
  return { driver: new HeadphoneJackDriver({ ...common, path: () => fixed ?? findJackDevice(config.sysInputDir, config.nameContains) }), simulator: null };
}
