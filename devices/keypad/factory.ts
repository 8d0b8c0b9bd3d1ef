import type { CreatedDevice } from '../common/created-device.ts';
import type { HidMatch } from '../common/hid/device-match.ts';
import { hidWatchFor, type HidDeviceDeps, type HidIds } from '../common/hid/deps.ts';
import type { KeypadConfig } from './config.ts';
import { KeypadDriver } from './driver.ts';
import { USAGE_KEYBOARD, USAGE_KEYPAD, USAGE_PAGE_GENERIC_DESKTOP } from '../common/hid/usages.ts';
import { KeypadSimulator, SIMULATED_KEYPAD_IDS } from './simulator.ts';

export type CreatedKeypad = CreatedDevice<KeypadDriver, KeypadSimulator>;

/** Picks the simulated or the real keypad from configuration. Call `driver.start()` to begin. */
export async function createKeypad(config: KeypadConfig, deps: HidDeviceDeps): Promise<CreatedKeypad> {
  const now = deps.now ?? Date.now;
  if (config.mode === 'none') return { driver: new KeypadDriver({ watch: null, mode: 'none', now }), simulator: null, link: null, close: async () => {} };
  const simulator = config.mode === 'simulated' ? new KeypadSimulator({ bus: deps.bus }) : null;
  const watch = hidWatchFor({ ...config, mode: config.mode }, deps, SIMULATED_KEYPAD_IDS, keypadMatch);
  return { driver: new KeypadDriver({ watch, mode: config.mode, now }), simulator, link: null, close: async () => {} };
}

/**
 * Which HID interface is the keypad: a keypad collection first; a keyboard collection only of the
 * configured device (any keyboard would otherwise do, a keyboard-wedge scanner included).
 */
export function keypadMatch(ids: HidIds): HidMatch {
  const pinned = ids.vendorId !== undefined && ids.productId !== undefined;
  return {
    ...(ids.vendorId !== undefined ? { vendorId: ids.vendorId } : {}),
    ...(ids.productId !== undefined ? { productId: ids.productId } : {}),
    collections: [{ usagePage: USAGE_PAGE_GENERIC_DESKTOP, usage: USAGE_KEYPAD }, ...(pinned ? [{ usagePage: USAGE_PAGE_GENERIC_DESKTOP, usage: USAGE_KEYBOARD }] : [])],
  };
}
