import { ok, type Result } from '../../core/result.ts';
import { HidSimulator, ownLayout, simulatedDevice, type HidSendError } from '../common/hid/hid-simulator.ts';
import type { MemoryHidBus, SimulatedHidDevice } from '../common/hid/memory-transport.ts';
import { accessibilityKeypadDescriptor } from './descriptors.ts';
import { usageFor } from './key-map.ts';
import { encodeKeyReport } from './keypad-encoder.ts';
import { keypadLayout, type KeypadLayout } from './keypad-layout.ts';
import type { KeypadKey } from './types.ts';

/** pid.codes test IDs: never a real product. */
export const SIMULATED_KEYPAD_IDS = { vendorId: 0x1209, productId: 0x0003 } as const;

export type KeypadSimulatorError = HidSendError;

export interface KeypadSimulatorOptions {
  bus: MemoryHidBus;
  path?: string;
}

/** The simulated keypad as the bus lists it, and the key report layout its descriptor gives. */
function keypadOf(options: KeypadSimulatorOptions): { device: SimulatedHidDevice; layout: KeypadLayout } {
  const descriptor = accessibilityKeypadDescriptor();
  const layout = ownLayout(descriptor, keypadLayout, 'simulated keypad descriptor has no key array');
  const device = simulatedDevice(
    { ...SIMULATED_KEYPAD_IDS, path: options.path ?? '/sim/hidraw-keypad', usagePage: 0x01, usage: 0x07, product: 'Simulated tactile accessibility keypad' },
    descriptor,
  );
  return { device, layout };
}

/**
 * A tactile accessibility keypad on the far end of the simulated HID bus: each key press is a key
 * report with the usage down, then one with it up, laid out by the keypad's own descriptor.
 */
export class KeypadSimulator extends HidSimulator {
  readonly #layout: KeypadLayout;

  constructor(options: KeypadSimulatorOptions) {
    const keypad = keypadOf(options);
    super(options.bus, keypad.device);
    this.#layout = keypad.layout;
  }

  get layout(): KeypadLayout {
    return this.#layout;
  }

  /** One key press: down, then up. */
  press(key: KeypadKey): Result<void, KeypadSimulatorError> {
    const usage = usageFor(key);
    const down = this.sendReports([encodeKeyReport(this.#layout, [usage])]);
    if (!down.ok) return down;
    return this.sendReports([encodeKeyReport(this.#layout, [])]);
  }

  /** Sends reports as they are (broken ones, other report IDs). */
  sendReports(reports: readonly Uint8Array[]): Result<void, KeypadSimulatorError> {
    const sent = this.send(reports);
    return sent.ok ? ok(undefined) : sent;
  }
}
