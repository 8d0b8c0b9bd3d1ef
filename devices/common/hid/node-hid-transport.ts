import { accessSync, constants, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { err, ok, type Result } from '../../../core/result.ts';
import type { LoadedNodeHid, NodeHidAsyncDevice } from './node-hid-loader.ts';
import type { HidConnection, HidDeviceInfo, HidError, HidTransport } from './types.ts';
import { ReportingConnection } from './reporting-connection.ts';

/** The production transport: node-hid's async API (its reads run on a worker thread, not the event loop). */
export class NodeHidTransport implements HidTransport {
  readonly kind = 'node-hid';

  constructor(
    private readonly loaded: LoadedNodeHid,
    /** Where the Linux kernel publishes report descriptors; a parameter so tests can point it elsewhere. */
    private readonly sysfsHidraw = '/sys/class/hidraw',
  ) {}

  async list(_signal: AbortSignal): Promise<Result<HidDeviceInfo[], HidError>> {
    try {
      const devices = await this.loaded.hid.devicesAsync();
      return ok(
        devices
          .filter((d): d is typeof d & { path: string } => typeof d.path === 'string' && d.path.length > 0)
          .map((d) => ({
            vendorId: d.vendorId,
            productId: d.productId,
            path: d.path,
            usagePage: d.usagePage,
            usage: d.usage,
            interface: d.interface,
            product: d.product,
            manufacturer: d.manufacturer,
          })),
      );
    } catch (e) {
      return err({ code: 'listFailed', detail: (e as Error).message });
    }
  }

  async open(device: HidDeviceInfo, _signal: AbortSignal): Promise<Result<HidConnection, HidError>> {
    let raw: NodeHidAsyncDevice;
    try {
      raw = await this.loaded.hid.HIDAsync.open(device.path);
    } catch (e) {
      const detail = (e as Error).message;
      if (isPermissionProblem(device.path)) return err({ code: 'permissionDenied', path: device.path, detail: `${detail} (see the udev rule in docs/devices)` });
      return err({ code: 'openFailed', path: device.path, detail });
    }
    return ok(new NodeHidConnection(device, raw, readDescriptor(this.sysfsHidraw, device.path)));
  }
}

class NodeHidConnection extends ReportingConnection {
  constructor(
    readonly device: HidDeviceInfo,
    private readonly raw: NodeHidAsyncDevice,
    readonly reportDescriptor: Uint8Array | null,
  ) {
    super();
    raw.on('data', (data: Buffer) => this.report(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)));
    raw.on('error', (e: Error) => {
      if (this.lose(e.message)) void raw.close().catch(() => undefined);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.raw.removeAllListeners();
    await this.raw.close();
  }
}

/** Linux exposes the descriptor of `/dev/hidrawN` at `/sys/class/hidraw/hidrawN/device/report_descriptor`. */
export function readDescriptor(sysfsHidraw: string, path: string): Uint8Array | null {
  if (!/^\/dev\/hidraw\d+$/.test(path)) return null;
  try {
    return new Uint8Array(readFileSync(`${sysfsHidraw}/${basename(path)}/device/report_descriptor`));
  } catch {
    return null;
  }
}

function isPermissionProblem(path: string): boolean {
  if (!path.startsWith('/dev/')) return false;
  try {
    accessSync(path, constants.R_OK | constants.W_OK);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EACCES';
  }
}

/**
 * The transport source both HID devices share: node-hid is imported on first use; a failure is
 * returned (and retried on the next poll, e.g. after a technician installs libusb), a success kept.
 */
export function lazyNodeHidTransport(load: () => Promise<Result<LoadedNodeHid, HidError>>): () => Promise<Result<HidTransport, HidError>> {
  let transport: NodeHidTransport | null = null;
  return async () => {
    if (transport) return ok(transport);
    const loaded = await load();
    if (!loaded.ok) return loaded;
    transport = new NodeHidTransport(loaded.value);
    return ok(transport);
  };
}
