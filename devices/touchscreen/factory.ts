import type { CreatedDevice } from '../common/created-device.ts';
import type { HidMatch } from '../common/hid/device-match.ts';
import { hidWatchFor, type HidDeviceDeps, type HidIds } from '../common/hid/deps.ts';
import type { TouchscreenConfig } from './config.ts';
import { USAGE_PAGE_DIGITIZER, USAGE_TOUCH_SCREEN } from './digitizer-layout.ts';
import { TouchscreenDriver } from './driver.ts';
import { SIMULATED_TOUCHSCREEN_IDS, TouchscreenSimulator } from './simulator.ts';

export type CreatedTouchscreen = CreatedDevice<TouchscreenDriver, TouchscreenSimulator>;

/** Picks the simulated or the real touch panel from configuration. Call `driver.start()` to begin. */
export async function createTouchscreen(config: TouchscreenConfig, deps: HidDeviceDeps): Promise<CreatedTouchscreen> {
  const now = deps.now ?? Date.now;
  const common = { gesture: config.gesture, health: config.health, now };
  if (config.mode === 'none') return { driver: new TouchscreenDriver({ watch: null, mode: 'none', ...common }), simulator: null, link: null, close: async () => {} };
  const simulator = config.mode === 'simulated' ? new TouchscreenSimulator({ bus: deps.bus }) : null;
  const watch = hidWatchFor({ ...config, mode: config.mode }, deps, SIMULATED_TOUCHSCREEN_IDS, touchscreenMatch);
  return { driver: new TouchscreenDriver({ watch, mode: config.mode, ...common }), simulator, link: null, close: async () => {} };
}

/** Which HID interface is the touch panel: the touch-screen collection, of the configured device when ids are set. */
export function touchscreenMatch(ids: HidIds): HidMatch {
  return {
    ...(ids.vendorId !== undefined ? { vendorId: ids.vendorId } : {}),
    ...(ids.productId !== undefined ? { productId: ids.productId } : {}),
    collections: [{ usagePage: USAGE_PAGE_DIGITIZER, usage: USAGE_TOUCH_SCREEN }],
  };
}
