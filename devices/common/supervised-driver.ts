import { EventEmitter } from 'node:events';
import type { DeviceId, DeviceStatus, DeviceSummary } from '../../core/device-status.ts';
import type { Result } from '../../core/result.ts';
import type { BackoffOptions } from './backoff.ts';
import type { ByteChannel, CloseReason } from './byte-channel.ts';
import type { ChannelError, DeviceError } from './errors.ts';
import { DeviceSupervisor, type StatusPatch } from './supervisor.ts';

export interface SupervisedDriverOptions {
  id: DeviceId;
  /** `simulated`, `serial`, `pcsc`: shown in the device's summary. */
  mode: string;
  /** Opens the byte channel; without it the driver's own `openChannel` does. */
  open?: (signal: AbortSignal) => Promise<Result<ByteChannel, ChannelError>>;
  handshakeTimeoutMs: number;
  heartbeatMs: number;
  backoff?: BackoffOptions;
  watchPath?: string;
}

type StatusEvents = { status: [DeviceStatus] };

/** What a serial driver's options say about its supervision, whatever else they hold. */
export interface SerialSupervision {
  mode: string;
  open: (signal: AbortSignal) => Promise<Result<ByteChannel, ChannelError>>;
  handshakeTimeoutMs?: number;
  heartbeatMs?: number;
  backoff?: BackoffOptions;
  watchPath?: string;
}

/** Supervision of a serial device from its driver's options: a 2 s handshake and a 5 s heartbeat unless they say otherwise. */
export function serialSupervision(id: DeviceId, o: SerialSupervision): SupervisedDriverOptions {
  return {
    id,
    mode: o.mode,
    open: o.open,
    handshakeTimeoutMs: o.handshakeTimeoutMs ?? 2000,
    heartbeatMs: o.heartbeatMs ?? 5000,
    ...(o.backoff ? { backoff: o.backoff } : {}),
    ...(o.watchPath !== undefined ? { watchPath: o.watchPath } : {}),
  };
}

/**
 * What every supervised driver shares (the e-KTP reader on serial or PC/SC, the receipt printer):
 * a supervisor that keeps the device connected, start and stop, status and summary. The driver
 * speaks its protocol in `attachChannel` (the handshake), `probe` (the heartbeat) and `detachChannel`.
 */
export abstract class SupervisedDriver<Events extends Record<keyof Events, unknown[]>> extends EventEmitter<Events & StatusEvents> {
  readonly #supervisor: DeviceSupervisor;
  readonly #summary: { id: DeviceId; mode: string };

  protected constructor(o: SupervisedDriverOptions) {
    super();
    this.#summary = { id: o.id, mode: o.mode };
    this.#supervisor = new DeviceSupervisor({
      id: o.id,
      open: o.open ?? ((signal) => this.openChannel(signal)),
      attach: (ch, signal) => this.attachChannel(ch, signal),
      detach: (reason) => this.detachChannel(reason),
      handshakeTimeoutMs: o.handshakeTimeoutMs,
      heartbeat: { intervalMs: o.heartbeatMs, probe: (signal) => this.probe(signal) },
      ...(o.backoff ? { backoff: o.backoff } : {}),
      ...(o.watchPath !== undefined ? { watchPath: o.watchPath } : {}),
    });
    // The generic event map hides `status` from the type checker; every driver's map has it.
    this.#supervisor.on('status', (s) => (this as unknown as EventEmitter<StatusEvents>).emit('status', s));
  }

  /** A fresh channel: ask the device who it is and how it is. */
  protected abstract attachChannel(channel: ByteChannel, signal: AbortSignal): Promise<Result<StatusPatch, DeviceError>>;
  /** The channel is gone: fail whatever was pending on it. */
  protected abstract detachChannel(reason: CloseReason): void;
  /** The heartbeat: is the device still there and how is it. */
  protected abstract probe(signal: AbortSignal): Promise<Result<StatusPatch, DeviceError>>;

  /** Drivers whose channel is not given by the factory open it here. */
  protected openChannel(_signal: AbortSignal): Promise<Result<ByteChannel, ChannelError>> {
    throw new Error(`bug: ${this.#summary.id} has no way to open its channel`);
  }

  /** Called first by `stop`: abort what is running. */
  protected beforeStop(): void {}

  get supervisor(): DeviceSupervisor {
    return this.#supervisor;
  }

  start(): void {
    this.#supervisor.start();
  }

  async stop(): Promise<void> {
    this.beforeStop();
    await this.#supervisor.stop();
  }

  status(): DeviceStatus {
    return this.#supervisor.status;
  }

  summary(): DeviceSummary {
    return { id: this.#summary.id, mode: this.#summary.mode, status: this.status() };
  }

  waitConnected(signal: AbortSignal): Promise<boolean> {
    return this.#supervisor.waitConnected(signal);
  }
}
