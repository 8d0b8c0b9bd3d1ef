import type { Result } from '../../../core/result.ts';

/**
 * The HID transport seam. node-hid implements it on a real kiosk; the in-memory bus implements it
 * for the simulators, so drivers parse the same reports in both.
 */

/** What enumeration tells about one HID interface (node-hid's `Device`, trimmed to what we use). */
export interface HidDeviceInfo {
  vendorId: number;
  productId: number;
  /** Platform path, e.g. `/dev/hidraw3`; the key for opening. */
  path: string;
  /** Top-level collection usage page, e.g. 0x8C bar code scanner, 0x0D digitizer, 0x01 generic desktop. */
  usagePage?: number;
  usage?: number;
  interface?: number;
  product?: string;
  manufacturer?: string;
}

export type HidUnavailableReason =
  /** The optional node-hid package is not installed. */
  | 'node-hid-missing'
  /** node-hid's native binding cannot load libusb-1.0 (Debian package libusb-1.0-0). */
  | 'libusb-missing'
  /** The hidraw build cannot load libudev (Debian package libudev1). */
  | 'libudev-missing'
  /** No prebuilt binding for this platform and none built locally. */
  | 'binding-missing'
  | 'binding-failed';

/** Known failures of the transport. None of them stops the kiosk: the device is `noDevice` with the reason. */
export type HidError =
  | { code: 'unavailable'; reason: HidUnavailableReason; detail: string }
  | { code: 'permissionDenied'; path: string; detail: string }
  | { code: 'openFailed'; path: string; detail: string }
  | { code: 'listFailed'; detail: string }
  /** The transport threw instead of returning a result: a defect in it, contained. */
  | { code: 'transportFailed'; operation: string; detail: string }
  | { code: 'timeOut'; operation: string; timeoutMs: number }
  | { code: 'canceled'; operation: string };

export type ReportListener = (report: Uint8Array) => void;
/** The device went away or the read failed; the connection is dead after this. */
export type ConnectionLostListener = (detail: string) => void;

export interface HidConnection {
  readonly device: HidDeviceInfo;
  /** The report descriptor when the platform exposes it (Linux sysfs, simulators); null otherwise. */
  readonly reportDescriptor: Uint8Array | null;
  onReport(listener: ReportListener): () => void;
  onLost(listener: ConnectionLostListener): () => void;
  close(): Promise<void>;
}

export interface HidTransport {
  /** `node-hid` or `memory`, for summaries and logs. */
  readonly kind: string;
  list(signal: AbortSignal): Promise<Result<HidDeviceInfo[], HidError>>;
  open(device: HidDeviceInfo, signal: AbortSignal): Promise<Result<HidConnection, HidError>>;
}

export function describeHidError(e: HidError): string {
  switch (e.code) {
    case 'unavailable':
      return `HID unavailable (${e.reason}): ${e.detail}`;
    case 'permissionDenied':
      return `no permission to open ${e.path}: ${e.detail}`;
    case 'openFailed':
      return `cannot open ${e.path}: ${e.detail}`;
    case 'listFailed':
      return `cannot list HID devices: ${e.detail}`;
    case 'transportFailed':
      return `${e.operation} failed: ${e.detail}`;
    case 'timeOut':
      return `${e.operation} did not finish within ${e.timeoutMs} ms`;
    case 'canceled':
      return `${e.operation} canceled`;
  }
}
