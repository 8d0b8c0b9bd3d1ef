import type { CreatedDevice } from '../common/created-device.ts';
import { hidWatchFor, type HidDeviceDeps, type HidIds } from '../common/hid/deps.ts';
import type { ScannerConfig } from './config.ts';
import { ScannerDriver } from './driver.ts';
import { ScannerSimulator, SIMULATED_SCANNER_IDS } from './simulator.ts';
import { USAGE_KEYBOARD, USAGE_PAGE_BARCODE_SCANNER, USAGE_PAGE_GENERIC_DESKTOP } from '../common/hid/usages.ts';
import type { HidMatch } from '../common/hid/device-match.ts';

export type CreatedScanner = CreatedDevice<ScannerDriver, ScannerSimulator>;

/** Picks the simulated or the real scanner from configuration. Call `driver.start()` to begin. */
export async function createScanner(config: ScannerConfig, deps: HidDeviceDeps): Promise<CreatedScanner> {
  const settings = {
    protocol: config.protocol,
    layout: config.layout,
    maxLength: config.maxLength,
    terminator: config.terminator,
    interKeyTimeoutMs: config.interKeyTimeoutMs,
    repeatWindowMs: config.repeatWindowMs,
  };
  const now = deps.now ?? Date.now;
  if (config.mode === 'none') return { driver: new ScannerDriver({ watch: null, mode: 'none', settings, now }), simulator: null, link: null, close: async () => {} };
  const simulator =
    config.mode === 'simulated'
      ? new ScannerSimulator({
          bus: deps.bus,
          protocol: config.protocol === 'keyboard' ? 'keyboard' : 'pos',
          layout: config.layout,
          suffix: config.terminator === 'tab' ? 'tab' : config.terminator === 'none' ? 'none' : 'enter',
        })
      : null;
  const watch = hidWatchFor({ ...config, mode: config.mode }, deps, SIMULATED_SCANNER_IDS, (ids) => scannerMatch(config.protocol, ids));
  return { driver: new ScannerDriver({ watch, mode: config.mode, settings, now }), simulator, link: null, close: async () => {} };
}

/** Which HID interface is the scanner. Without ids only a HID POS scanner can be told apart from the kiosk's other keyboards. */
export function scannerMatch(protocol: ScannerConfig['protocol'], ids: HidIds): HidMatch {
  const keyboard = { usagePage: USAGE_PAGE_GENERIC_DESKTOP, usage: USAGE_KEYBOARD };
  const pos = { usagePage: USAGE_PAGE_BARCODE_SCANNER };
  const collections = protocol === 'pos' ? [pos] : protocol === 'keyboard' ? [keyboard] : ids.vendorId === undefined ? [pos] : [pos, keyboard];
  return { ...(ids.vendorId !== undefined ? { vendorId: ids.vendorId } : {}), ...(ids.productId !== undefined ? { productId: ids.productId } : {}), collections };
}
