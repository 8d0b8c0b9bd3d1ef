import { ok } from '../../kiosk/result.ts';
import type { HidMatch } from '../common/hid/device-match.ts';
import { HidWatch } from '../common/hid/hid-watch.ts';
import type { HidDeviceDeps } from '../common/hid/deps.ts';
import type { KeypadConfig } from './config.ts';
import { KeypadDriver } from './driver.ts';
import { USAGE_KEYBOARD, USAGE_KEYPAD, USAGE_PAGE_GENERIC_DESKTOP } from './keypad-layout.ts';
import { KeypadSimulator, SIMULATED_KEYPAD_IDS } from './simulator.ts';

export interface CreatedKeypad {
  driver: KeypadDriver;
  simulator: KeypadSimulator | null;
}

/** Picks the simulated or the real keypad from configuration. Call `driver.start()` to begin. */
export function createKeypad(config: KeypadConfig, deps: HidDeviceDeps): CreatedKeypad {
  const now = deps.now ?? Date.now;
  if (config.mode === 'none') return { driver: new KeypadDriver({ watch: null, mode: 'none', now }), simulator: null };
  let simulator: KeypadSimulator | null = null;
  let transport = deps.nodeHid;
  let ids: { vendorId?: number; productId?: number } = { vendorId: config.vendorId, productId: config.productId };
  if (config.mode === 'simulated') {
    simulator = new KeypadSimulator({ bus: deps.bus });
    transport = () => Promise.resolve(ok(deps.bus));
    ids = { ...SIMULATED_KEYPAD_IDS };
  }
  const watch = new HidWatch({ transport, match: keypadMatch(ids), pollIntervalMs: config.pollIntervalMs, operationTimeoutMs: deps.operationTimeoutMs, now });
  return { driver: new KeypadDriver({ watch, mode: config.mode, now }), simulator };
}

/**
 * Which HID interface is the keypad: a keypad collection first; a keyboard collection only of the
 * configured device (any keyboard would otherwise do, a keyboard-wedge scanner included).
 */
export function keypadMatch(ids: { vendorId?: number; productId?: number }): HidMatch {
  const pinned = ids.vendorId !== undefined && ids.productId !== undefined;
  return {
    ...(ids.vendorId !== undefined ? { vendorId: ids.vendorId } : {}),
    ...(ids.productId !== undefined ? { productId: ids.productId } : {}),
    collections: [{ usagePage: USAGE_PAGE_GENERIC_DESKTOP, usage: USAGE_KEYPAD }, ...(pinned ? [{ usagePage: USAGE_PAGE_GENERIC_DESKTOP, usage: USAGE_KEYBOARD }] : [])],
  };
}
