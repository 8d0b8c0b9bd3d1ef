import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import type { ByteChannel, CloseReason } from './byte-channel.ts';
import type { ChannelError, DeviceError } from './errors.ts';
import { Backoff, type BackoffOptions } from './backoff.ts';
import { deadline, sleep } from './deadline.ts';
import { waitForPath } from './path-watch.ts';
import type { DeviceId, DeviceStatus } from '../../core/device-status.ts';
import type { Result } from '../../core/result.ts';

/** What a driver reports about the device itself; the supervisor adds connection state and `since`. */
export type StatusPatch = Partial<Omit<DeviceStatus, 'since'>>;

export interface SupervisorOptions {
  id: DeviceId;
  /** Opens the byte channel: a serial port, a pty or an in-memory cable. */
  open(signal: AbortSignal): Promise<Result<ByteChannel, ChannelError>>;
  /** Hands a fresh channel to the driver, which asks the device who it is and how it is. */
  attach(channel: ByteChannel, signal: AbortSignal): Promise<Result<StatusPatch, DeviceError>>;
  /** The channel is gone: the driver fails whatever was pending on it. */
  detach(reason: CloseReason): void;
  /** Asked every `intervalMs` while connected, so a device that went silent is noticed. */
  heartbeat?: { intervalMs: number; probe(signal: AbortSignal): Promise<Result<StatusPatch, DeviceError>>; failuresBeforeFault?: number };
  handshakeTimeoutMs: number;
  backoff?: BackoffOptions;
  /** Device path to watch for (re)appearing; reconnects as soon as it does. */
  watchPath?: string;
  now?: () => Date;
}

export interface SupervisorEvents {
  status: [status: DeviceStatus, previous: DeviceStatus];
  connected: [channel: ByteChannel];
  disconnected: [reason: CloseReason];
  /** A connection attempt failed; the next one is in `delayMs`. */
  retry: [info: { attempt: number; delayMs: number; reason: string; message: string }];
}

const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 250, maxMs: 10_000 };

function sameStatus(a: DeviceStatus, b: DeviceStatus): boolean {
  return (
    a.device === b.device &&
    a.paper === b.paper &&
    a.media === b.media &&
    a.detail === b.detail &&
    a.action === b.action &&
    a.reasons.length === b.reasons.length &&
    a.reasons.every((r, i) => r === b.reasons[i])
  );
}

/**
 * Keeps one device connected: opens it, lets the driver handshake, watches it (channel close,
 * heartbeat), and when it disappears reconnects with capped backoff, or at once when its path
 * reappears. Emits `status` on every change, in the XFS4IoT vocabulary.
 */
export class DeviceSupervisor extends EventEmitter<SupervisorEvents> {
  readonly #options: SupervisorOptions;
  readonly #backoff: Backoff;
  readonly #now: () => Date;
  #status: DeviceStatus;
  #channel: ByteChannel | null = null;
  #stop = new AbortController();
  #loop: Promise<void> | null = null;
  #waiters = new Set<() => void>();

  constructor(options: SupervisorOptions) {
    super();
    this.#options = options;
    this.#backoff = new Backoff(options.backoff ?? DEFAULT_BACKOFF);
    this.#now = options.now ?? (() => new Date());
    this.#status = { device: 'starting', reasons: [], since: this.#now().toISOString() };
  }

  get status(): DeviceStatus {
    return this.#status;
  }

  /** The open channel while the device is connected and has answered its handshake. */
  get channel(): ByteChannel | null {
    return this.#channel;
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  async stop(): Promise<void> {
    this.#stop.abort();
    const ch = this.#channel;
    this.#channel = null;
    await ch?.close();
    await this.#loop;
    this.#wake();
  }

  /** Driver-side news (paper out, card present, device busy) merged into the status. */
  report(patch: StatusPatch): void {
    if (this.#channel === null) return;
    this.#set({ ...this.#status, ...patch });
  }

  /** Resolves true once connected, false if `signal` aborts first. */
  waitConnected(signal: AbortSignal): Promise<boolean> {
    if (this.#channel) return Promise.resolve(true);
    return new Promise((resolve) => {
      const wake = () => {
        signal.removeEventListener('abort', onAbort);
        this.#waiters.delete(wake);
        resolve(this.#channel !== null);
      };
      const onAbort = () => wake();
      this.#waiters.add(wake);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  #wake(): void {
    for (const w of [...this.#waiters]) w();
  }

  #set(next: Omit<DeviceStatus, 'since'>): void {
    const prev = this.#status;
    const candidate: DeviceStatus = { ...next, reasons: [...next.reasons], since: prev.since };
    for (const k of ['paper', 'media', 'detail', 'action'] as const) if (candidate[k] === undefined) delete candidate[k];
    if (sameStatus(prev, candidate)) return;
    candidate.since = this.#now().toISOString();
    this.#status = candidate;
    this.emit('status', candidate, prev);
  }

  async #retryDelay(attempt: number, reason: string, message: string): Promise<void> {
    const delayMs = this.#backoff.next();
    this.emit('retry', { attempt, delayMs, reason, message });
    const signal = this.#stop.signal;
    if (this.#options.watchPath !== undefined && !existsSync(this.#options.watchPath)) await waitForPath(this.#options.watchPath, delayMs, signal);
    else await sleep(delayMs, signal);
  }

  async #run(): Promise<void> {
    const o = this.#options;
    const stop = this.#stop.signal;
    let attempt = 0;
    while (!stop.aborted) {
      attempt++;
      if (o.watchPath !== undefined && !existsSync(o.watchPath)) {
        this.#set({ device: 'noDevice', reasons: ['path-missing'], detail: `${o.watchPath} does not exist` });
        await this.#retryDelay(attempt, 'notFound', `${o.watchPath} does not exist`);
        continue;
      }
      const opened = await o.open(stop);
      if (stop.aborted) {
        if (opened.ok) await opened.value.close();
        break;
      }
      if (!opened.ok) {
        this.#set({ device: 'noDevice', reasons: [opened.error.reason], detail: opened.error.message });
        await this.#retryDelay(attempt, opened.error.reason, opened.error.message);
        continue;
      }
      const channel = opened.value;
      let closeReason: CloseReason | null = null;
      const closed = new Promise<CloseReason>((resolve) =>
        channel.onClose((r) => {
          closeReason = r;
          resolve(r);
        }),
      );
      const hs = deadline(stop, o.handshakeTimeoutMs);
      const shook = await o.attach(channel, hs.signal);
      hs.dispose();
      if (!shook.ok || closeReason !== null || stop.aborted) {
        // Stopped during the handshake: its abort has fired already, so nothing below would wake.
        o.detach(closeReason ?? 'closed');
        await channel.close();
        if (stop.aborted) break;
        const why = shook.ok ? 'disconnected' : shook.error.reason;
        const message = shook.ok ? 'closed during handshake' : shook.error.message;
        this.#set({ device: shook.ok ? 'noDevice' : 'hardwareError', reasons: [why], detail: message });
        await this.#retryDelay(attempt, why, message);
        continue;
      }
      this.#channel = channel;
      this.#backoff.reset();
      attempt = 0;
      this.#set({ device: 'online', reasons: [], ...shook.value });
      this.emit('connected', channel);
      this.#wake();

      const heartbeat = this.#heartbeat(channel);
      const reason = await Promise.race([closed, new Promise<'stop'>((r) => stop.addEventListener('abort', () => r('stop'), { once: true }))]);
      heartbeat.abort();
      this.#channel = null;
      o.detach(reason === 'stop' ? 'closed' : reason);
      if (reason === 'stop') {
        await channel.close();
        break;
      }
      this.emit('disconnected', reason);
      this.#set({ device: 'noDevice', reasons: ['disconnected'], detail: `${channel.name} went away` });
      await this.#retryDelay(1, 'disconnected', `${channel.name} went away`);
    }
    this.#set({ device: 'offline', reasons: ['stopped'] });
  }

  #heartbeat(channel: ByteChannel): AbortController {
    const control = new AbortController();
    const hb = this.#options.heartbeat;
    if (!hb) return control;
    const limit = hb.failuresBeforeFault ?? 2;
    void (async () => {
      let failures = 0;
      while (await sleep(hb.intervalMs, control.signal)) {
        if (channel.closed) return;
        const d = deadline(control.signal, this.#options.handshakeTimeoutMs);
        const r = await hb.probe(d.signal);
        d.dispose();
        if (control.signal.aborted || channel.closed) return;
        if (r.ok) {
          failures = 0;
          this.#set({ ...this.#status, device: 'online', reasons: this.#status.reasons.filter((x) => x !== 'no-response'), ...r.value });
        } else if (++failures >= limit) {
          this.#set({ ...this.#status, device: 'hardwareError', reasons: ['no-response'], detail: r.error.message });
        }
      }
    })();
    return control;
  }
}
