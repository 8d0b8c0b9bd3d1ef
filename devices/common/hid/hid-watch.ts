import { EventEmitter } from 'node:events';
import type { DeviceState, DeviceStatus, ErrorAction } from '../../../core/device-status.ts';
import type { Result } from '../../../core/result.ts';
import { withDeadline } from './deadline.ts';
import { describeMatch, pickDevice, type HidMatch } from './device-match.ts';
import { describeHidError, type HidConnection, type HidDeviceInfo, type HidError, type HidTransport } from './types.ts';

export interface HidWatchOptions {
  /** Gets the transport; for node-hid this is the lazy loader, so a missing libusb is a status, not a crash. */
  transport: () => Promise<Result<HidTransport, HidError>>;
  match: HidMatch;
  /** node-hid has no attach events: hot-plug is found by listing devices this often. */
  pollIntervalMs: number;
  /** Bound for one list or open. */
  operationTimeoutMs: number;
  now?: () => number;
}

export interface HidWatchEvents {
  status: [DeviceStatus];
  attached: [HidConnection];
  detached: [reason: string];
  report: [Uint8Array];
}

/**
 * Finds, opens and keeps one HID interface: polls enumeration, opens the device when it appears,
 * drops it when it disappears or a read fails, and keeps an XFS4IoT status with the reason.
 */
export class HidWatch extends EventEmitter<HidWatchEvents> {
  readonly #opts: HidWatchOptions;
  readonly #now: () => number;
  #transport: HidTransport | null = null;
  #connection: HidConnection | null = null;
  #unsubscribe: Array<() => void> = [];
  #status: DeviceStatus;
  #timer: NodeJS.Timeout | undefined;
  #polling: Promise<void> | null = null;
  #closed = false;
  readonly #abort = new AbortController();

  constructor(options: HidWatchOptions) {
    super();
    this.#opts = options;
    this.#now = options.now ?? Date.now;
    this.#status = { device: 'starting', reasons: [], since: new Date(this.#now()).toISOString() };
  }

  get status(): DeviceStatus {
    return this.#status;
  }

  get connection(): HidConnection | null {
    return this.#connection;
  }

  get transportKind(): string | null {
    return this.#transport?.kind ?? null;
  }

  /** Polls now and then every `pollIntervalMs` until closed. */
  start(): void {
    if (this.#closed || this.#timer) return;
    const loop = () => {
      void this.pollOnce().finally(() => {
        if (!this.#closed) this.#timer = setTimeout(loop, this.#opts.pollIntervalMs);
      });
    };
    loop();
  }

  /** One enumeration pass; concurrent callers share it. */
  pollOnce(): Promise<void> {
    this.#polling ??= this.#poll().finally(() => (this.#polling = null));
    return this.#polling;
  }

  async #poll(): Promise<void> {
    if (this.#closed) return;
    const signal = this.#abort.signal;
    if (!this.#transport) {
      const loaded = await this.#opts.transport();
      if (this.#closed) return;
      if (!loaded.ok) {
        this.#setStatus('noDevice', [reasonOf(loaded.error)], describeHidError(loaded.error), 'maintenance');
        return;
      }
      this.#transport = loaded.value;
    }
    const transport = this.#transport;
    const listed = await withDeadline(transport.list(signal), { signal, timeoutMs: this.#opts.operationTimeoutMs, operation: 'list HID devices' });
    if (this.#closed) return;
    if (!listed.ok) {
      if (listed.error.code !== 'canceled') this.#setStatus('noDevice', [reasonOf(listed.error)], describeHidError(listed.error));
      return;
    }
    if (this.#connection) {
      const path = this.#connection.device.path;
      if (!listed.value.some((d) => d.path === path)) await this.#drop(`${path} left the bus`);
      return;
    }
    const device = pickDevice(listed.value, this.#opts.match);
    if (!device) {
      this.#setStatus('noDevice', ['not-connected'], `no HID device matches ${describeMatch(this.#opts.match)}`);
      return;
    }
    await this.#open(transport, device, signal);
  }

  async #open(transport: HidTransport, device: HidDeviceInfo, signal: AbortSignal): Promise<void> {
    const opened = await withDeadline(transport.open(device, signal), {
      signal,
      timeoutMs: this.#opts.operationTimeoutMs,
      operation: `open ${device.path}`,
      onLate: (c) => void c.close(),
    });
    if (this.#closed) {
      if (opened.ok) await opened.value.close();
      return;
    }
    if (!opened.ok) {
      const action: ErrorAction | undefined = opened.error.code === 'permissionDenied' ? 'maintenance' : undefined;
      this.#setStatus('noDevice', [reasonOf(opened.error)], describeHidError(opened.error), action);
      return;
    }
    const conn = opened.value;
    this.#connection = conn;
    this.#unsubscribe = [
      conn.onReport((r) => this.emit('report', r)),
      conn.onLost((detail) => void this.#drop(`read failed: ${detail}`)),
    ];
    this.#setStatus('online', [], `${hex(device.vendorId)}:${hex(device.productId)} ${device.product ?? ''} at ${device.path}`.trim());
    this.emit('attached', conn);
  }

  async #drop(reason: string): Promise<void> {
    const conn = this.#connection;
    if (!conn) return;
    this.#connection = null;
    for (const u of this.#unsubscribe) u();
    this.#unsubscribe = [];
    await conn.close().catch(() => undefined);
    this.#setStatus('noDevice', ['disconnected'], reason);
    this.emit('detached', reason);
  }

  #setStatus(device: DeviceState, reasons: string[], detail?: string, action?: ErrorAction): void {
    const same = this.#status.device === device && this.#status.reasons.join() === reasons.join() && this.#status.detail === detail;
    if (same) return;
    this.#status = { device, reasons, ...(detail ? { detail } : {}), ...(action ? { action } : {}), since: new Date(this.#now()).toISOString() };
    this.emit('status', this.#status);
  }

  /** Stops polling and closes the device; bounded by the caller's signal. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#abort.abort();
    const conn = this.#connection;
    this.#connection = null;
    for (const u of this.#unsubscribe) u();
    this.#unsubscribe = [];
    if (conn) await conn.close().catch(() => undefined);
    this.removeAllListeners();
  }
}

const hex = (n: number) => n.toString(16).padStart(4, '0');

/** The machine-readable reason that goes into `DeviceStatus.reasons`. */
export function reasonOf(e: HidError): string {
  switch (e.code) {
    case 'unavailable':
      return e.reason;
    case 'permissionDenied':
      return 'permission-denied';
    case 'openFailed':
      return 'open-failed';
    case 'listFailed':
      return 'list-failed';
    case 'transportFailed':
      return 'transport-failed';
    case 'timeOut':
      return 'timeout';
    case 'canceled':
      return 'canceled';
  }
}
