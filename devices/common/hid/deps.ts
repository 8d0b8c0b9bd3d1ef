import type { Result } from '../../../core/result.ts';
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
