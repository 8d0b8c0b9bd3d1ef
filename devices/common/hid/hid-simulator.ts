import { err, ok, type Result } from '../../../core/result.ts';
import type { MemoryHidBus, SimulatedHidDevice } from './memory-transport.ts';
import { parseReportDescriptor, type ReportDescriptor } from './report-descriptor.ts';

/** Why a simulated HID device could not send: not on the bus, or the driver has not opened it (a real device's data would go nowhere). */
export type HidSendError = { code: 'unplugged' } | { code: 'notOpen' };

/** What a simulated device says of itself on the bus, besides what all of ours share (interface 0, made by ADM). */
export interface SimulatedDeviceInfo {
  vendorId: number;
  productId: number;
  path: string;
  usagePage: number;
  usage: number;
  product: string;
}

/** A simulated device as the bus lists it. */
export function simulatedDevice(info: SimulatedDeviceInfo, reportDescriptor: Uint8Array): SimulatedHidDevice {
  const { vendorId, productId, path, usagePage, usage, product } = info;
  return { info: { vendorId, productId, path, usagePage, usage, interface: 0, manufacturer: 'ADM', product }, reportDescriptor };
}

/**
 * The report layout a simulated device's own descriptor gives. The descriptors are ours and fixed:
 * one its class cannot read is a defect, caught by the tests.
 */
export function ownLayout<L>(descriptor: Uint8Array, layoutOf: (d: ReportDescriptor) => Result<L, unknown>, defect: string): L {
  const parsed = parseReportDescriptor(descriptor);
  const layout = parsed.ok ? layoutOf(parsed.value) : null;
  if (!layout?.ok) throw new Error(defect);
  return layout.value;
}

/**
 * A HID device on the far end of the simulated bus: plugged in when made, unplugged and plugged
 * again by the dev panel and the tests, sending the reports its class encodes.
 */
export abstract class HidSimulator {
  readonly #bus: MemoryHidBus;

  protected constructor(
    bus: MemoryHidBus,
    readonly device: SimulatedHidDevice,
  ) {
    this.#bus = bus;
    this.plug();
  }

  get plugged(): boolean {
    return this.#bus.isPlugged(this.device.info.path);
  }

  /** True once the driver has the device open and reports reach it. */
  get opened(): boolean {
    return this.#bus.isOpen(this.device.info.path);
  }

  plug(): void {
    this.#bus.plug(this.device);
  }

  unplug(): void {
    this.#bus.unplug(this.device.info.path);
  }

  /** Sends `reports` in order, when the driver can hear them. */
  protected send(reports: readonly Uint8Array[]): Result<number, HidSendError> {
    if (!this.plugged) return err({ code: 'unplugged' });
    if (!this.opened) return err({ code: 'notOpen' });
    for (const r of reports) this.#bus.send(this.device.info.path, r);
    return ok(reports.length);
  }
}
