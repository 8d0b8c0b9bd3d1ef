import { ok } from '../../core/result.ts';
import type { HidMatch } from '../common/hid/device-match.ts';
import { HidWatch } from '../common/hid/hid-watch.ts';
import type { HidDeviceDeps } from '../common/hid/deps.ts';
import type { TouchscreenConfig } from './config.ts';
import { USAGE_PAGE_DIGITIZER, USAGE_TOUCH_SCREEN } from './digitizer-layout.ts';
import { TouchscreenDriver } from './driver.ts';
import { SIMULATED_TOUCHSCREEN_IDS, TouchscreenSimulator } from './simulator.ts';

export interface CreatedTouchscreen {
  driver: TouchscreenDriver;
  simulator: TouchscreenSimulator | null;
}

/** Picks the simulated or the real touch panel from configuration. Call `driver.start()` to begin. */
export function createTouchscreen(config: TouchscreenConfig, deps: HidDeviceDeps): CreatedTouchscreen {
  const now = deps.now ?? Date.now;
  const common = { gesture: config.gesture, health: config.health, now };
  if (config.mode === 'none') return { driver: new TouchscreenDriver({ watch: null, mode: 'none', ...common }), simulator: null };
  let simulator: TouchscreenSimulator | null = null;
  let transport = deps.nodeHid;
  let ids: { vendorId?: number; productId?: number } = { vendorId: config.vendorId, productId: config.productId };
  if (config.mode === 'simulated') {
    simulator = new TouchscreenSimulator({ bus: deps.bus });
    transport = () => Promise.resolve(ok(deps.bus));
    ids = { ...SIMULATED_TOUCHSCREEN_IDS };
  }
  const watch = new HidWatch({
    transport,
    match: touchscreenMatch(ids),
    pollIntervalMs: config.pollIntervalMs,
    operationTimeoutMs: deps.operationTimeoutMs,
    now,
  });
  return { driver: new TouchscreenDriver({ watch, mode: config.mode, ...common }), simulator };
}

/** Which HID interface is the touch panel: the touch-screen collection, of the configured device when ids are set. */
export function touchscreenMatch(ids: { vendorId?: number; productId?: number }): HidMatch {
  return {
    ...(ids.vendorId !== undefined ? { vendorId: ids.vendorId } : {}),
    ...(ids.productId !== undefined ? { productId: ids.productId } : {}),
    collections: [{ usagePage: USAGE_PAGE_DIGITIZER, usage: USAGE_TOUCH_SCREEN }],
  };
}
