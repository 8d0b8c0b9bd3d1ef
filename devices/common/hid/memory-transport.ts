import { err, ok, type Result } from '../../../core/result.ts';
import type { HidConnection, HidDeviceInfo, HidError, HidTransport } from './types.ts';
import { ReportingConnection } from './reporting-connection.ts';

/** A device on the simulated bus: what enumeration shows and the descriptor it would publish. */
export interface SimulatedHidDevice {
  readonly info: HidDeviceInfo;
  readonly reportDescriptor: Uint8Array | null;
}

/**
 * An in-memory HID bus: the far end of the wire for simulators. Devices are plugged and unplugged,
 * and their input reports reach whoever opened them, asynchronously and in order as hidraw delivers
 * them. Opening a device that is gone, or one marked unreadable, fails like node-hid does.
 */
export class MemoryHidBus implements HidTransport {
  readonly kind = 'memory';
  readonly #devices = new Map<string, SimulatedHidDevice>();
  readonly #open = new Map<string, Set<MemoryHidConnection>>();
  readonly #denied = new Map<string, string>();

  plug(device: SimulatedHidDevice): void {
    this.#devices.set(device.info.path, device);
  }

  /** Pulls the cable: the device leaves enumeration and open connections see a read error. */
  unplug(path: string): boolean {
    const had = this.#devices.delete(path);
    for (const c of this.#open.get(path) ?? []) c.drop('could not read from HID device');
    this.#open.delete(path);
    return had;
  }

  isPlugged(path: string): boolean {
    return this.#devices.has(path);
  }

  /** Makes opens of `path` fail with a permission error until called again with null (a missing udev rule). */
  denyOpen(path: string, detail: string | null): void {
    if (detail === null) this.#denied.delete(path);
    else this.#denied.set(path, detail);
  }

  /** Device side: sends one input report; false when nobody has the device open. */
  send(path: string, report: Uint8Array): boolean {
    const conns = this.#open.get(path);
    if (!conns || conns.size === 0 || !this.#devices.has(path)) return false;
    const copy = Uint8Array.from(report);
    for (const c of conns) c.deliver(copy);
    return true;
  }

  /** True when a driver has `path` open. */
  isOpen(path: string): boolean {
    return (this.#open.get(path)?.size ?? 0) > 0;
  }

  async list(signal: AbortSignal): Promise<Result<HidDeviceInfo[], HidError>> {
    if (signal.aborted) return err({ code: 'canceled', operation: 'list' });
    return ok([...this.#devices.values()].map((d) => ({ ...d.info })));
  }

  async open(device: HidDeviceInfo, signal: AbortSignal): Promise<Result<HidConnection, HidError>> {
    if (signal.aborted) return err({ code: 'canceled', operation: 'open' });
    const found = this.#devices.get(device.path);
    if (!found) return err({ code: 'openFailed', path: device.path, detail: `cannot open device with path ${device.path}` });
    const denied = this.#denied.get(device.path);
    if (denied !== undefined) return err({ code: 'permissionDenied', path: device.path, detail: denied });
    const conn = new MemoryHidConnection(found.info, found.reportDescriptor, () => this.#open.get(device.path)?.delete(conn));
    let set = this.#open.get(device.path);
    if (!set) this.#open.set(device.path, (set = new Set()));
    set.add(conn);
    return ok(conn);
  }
}

class MemoryHidConnection extends ReportingConnection {
  constructor(
    readonly device: HidDeviceInfo,
    readonly reportDescriptor: Uint8Array | null,
    private readonly detach: () => void,
  ) {
    super();
  }

  deliver(report: Uint8Array): void {
    queueMicrotask(() => {
      if (this.closed) return;
      this.report(report);
    });
  }

  /** The device went away: listeners hear it after the reports already on their way. */
  drop(detail: string): void {
    queueMicrotask(() => this.lose(detail));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.detach();
  }
}
