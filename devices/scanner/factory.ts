import { HidWatch } from '../common/hid/hid-watch.ts';
import type { HidDeviceDeps } from '../common/hid/deps.ts';
import { ok } from '../../core/result.ts';
import type { ScannerConfig } from './config.ts';
import { ScannerDriver } from './driver.ts';
import { ScannerSimulator, SIMULATED_SCANNER_IDS } from './simulator.ts';
import { USAGE_KEYBOARD, USAGE_PAGE_BARCODE_SCANNER, USAGE_PAGE_GENERIC_DESKTOP } from './protocol.ts';
import type { HidMatch } from '../common/hid/device-match.ts';

export interface CreatedScanner {
  driver: ScannerDriver;
  /** Present in simulated mode: the dev panel's handle on the far end. */
  simulator: ScannerSimulator | null;
}

/** Picks the simulated or the real scanner from configuration. Call `driver.start()` to begin. */
export function createScanner(config: ScannerConfig, deps: HidDeviceDeps): CreatedScanner {
  const settings = {
    protocol: config.protocol,
    layout: config.layout,
    maxLength: config.maxLength,
    terminator: config.terminator,
    interKeyTimeoutMs: config.interKeyTimeoutMs,
    repeatWindowMs: config.repeatWindowMs,
  };
  const now = deps.now ?? Date.now;
  if (config.mode === 'none') return { driver: new ScannerDriver({ watch: null, mode: 'none', settings, now }), simulator: null };

  let simulator: ScannerSimulator | null = null;
  let transport = deps.nodeHid;
  let ids: { vendorId?: number; productId?: number } = { vendorId: config.vendorId, productId: config.productId };
  if (config.mode === 'simulated') {
    simulator = new ScannerSimulator({
      bus: deps.bus,
      protocol: config.protocol === 'keyboard' ? 'keyboard' : 'pos',
      layout: config.layout,
      suffix: config.terminator === 'tab' ? 'tab' : config.terminator === 'none' ? 'none' : 'enter',
    });
    transport = () => Promise.resolve(ok(deps.bus));
    ids = { ...SIMULATED_SCANNER_IDS };
  }
  const watch = new HidWatch({
    transport,
    match: scannerMatch(config.protocol, ids),
    pollIntervalMs: config.pollIntervalMs,
    operationTimeoutMs: deps.operationTimeoutMs,
    now,
  });
  return { driver: new ScannerDriver({ watch, mode: config.mode, settings, now }), simulator };
}

/** Which HID interface is the scanner. Without ids only a HID POS scanner can be told apart from the kiosk's other keyboards. */
export function scannerMatch(protocol: ScannerConfig['protocol'], ids: { vendorId?: number; productId?: number }): HidMatch {
  const keyboard = { usagePage: USAGE_PAGE_GENERIC_DESKTOP, usage: USAGE_KEYBOARD };
  const pos = { usagePage: USAGE_PAGE_BARCODE_SCANNER };
  const collections = protocol === 'pos' ? [pos] : protocol === 'keyboard' ? [keyboard] : ids.vendorId === undefined ? [pos] : [pos, keyboard];
  return { ...(ids.vendorId !== undefined ? { vendorId: ids.vendorId } : {}), ...(ids.productId !== undefined ? { productId: ids.productId } : {}), collections };
}
