import { ok, type Result } from '../../../core/result.ts';
import type { HidMatch } from './device-match.ts';
import { HidWatch } from './hid-watch.ts';
import type { MemoryHidBus } from './memory-transport.ts';
import type { HidError, HidTransport } from './types.ts';

/** What the HID device factories need from the composition root. */
export interface HidDeviceDeps {
  /** The shared simulated bus (simulated mode). */
  bus: MemoryHidBus;
  /** The shared node-hid transport source (hid mode), loaded lazily. */
  nodeHid: () => Promise<Result<HidTransport, HidError>>;
  operationTimeoutMs: number;
  now?: () => number;
}

/** USB ids as a HID device's configuration holds them (either may be left out). */
export interface HidIds {
  vendorId?: number;
  productId?: number;
}

/**
 * The watch a HID driver reads through: node-hid for the configured ids, or in simulated mode the
 * shared bus and the simulator's own ids, so the driver's matching runs the same in both.
 */
export function hidWatchFor(
  config: { mode: 'simulated' | 'hid'; pollIntervalMs: number } & HidIds,
  deps: HidDeviceDeps,
  simulatedIds: Required<HidIds>,
  match: (ids: HidIds) => HidMatch,
): HidWatch {
  const simulated = config.mode === 'simulated';
  return new HidWatch({
    transport: simulated ? () => Promise.resolve(ok(deps.bus)) : deps.nodeHid,
    match: match(simulated ? { ...simulatedIds } : { vendorId: config.vendorId, productId: config.productId }),
    pollIntervalMs: config.pollIntervalMs,
    operationTimeoutMs: deps.operationTimeoutMs,
    ...(deps.now ? { now: deps.now } : {}),
  });
}
