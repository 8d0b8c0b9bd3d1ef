import { ChannelEnd, type ByteChannel, type CloseReason } from './byte-channel.ts';
import type { ChannelError } from './errors.ts';
import { err, ok, type Result } from '../../core/result.ts';

/** Splits what one side writes into the chunks the other side receives (to exercise reassembly). */
export type Chunker = (data: Uint8Array) => Uint8Array[];

class CableEnd extends ChannelEnd {
  peer: CableEnd | null = null;

  constructor(
    readonly name: string,
    private readonly chunker: Chunker | undefined,
  ) {
    super();
  }

  write(data: Uint8Array): Promise<boolean> {
    const peer = this.peer;
    if (this.closed || peer === null || peer.closed) return Promise.resolve(false);
    const copy = Uint8Array.from(data);
    const chunks = this.chunker ? this.chunker(copy) : [copy];
    // Delivered on a later microtask, like bytes arriving from a port: no re-entrancy into the writer.
    for (const c of chunks) queueMicrotask(() => peer.deliver(c));
    return Promise.resolve(true);
  }

  /** Ends this side; the peer sees it as an unplug. */
  shut(reason: CloseReason): void {
    if (!this.end(reason)) return;
    const peer = this.peer;
    this.peer = null;
    if (peer && !peer.closed) queueMicrotask(() => peer.shut('disconnected'));
  }

  close(): Promise<void> {
    this.shut('closed');
    return Promise.resolve();
  }
}

/**
 * An in-memory serial cable between a host and a simulated device. The host opens it like a port;
 * each open hands the device side a fresh end. Unplugging closes both ends as a yanked USB cable
 * does, and opening fails until it is plugged back in.
 */
export class MemoryCable {
  #plugged = true;
  #host: CableEnd | null = null;
  #device: CableEnd | null = null;
  readonly #deviceListeners = new Set<(end: ByteChannel) => void>();

  constructor(
    readonly name = 'memory',
    private readonly chunker?: Chunker,
  ) {}

  get plugged(): boolean {
    return this.#plugged;
  }

  /** The simulator's side: called with a new end each time the host opens the cable. */
  onDeviceEnd(listener: (end: ByteChannel) => void): () => void {
    this.#deviceListeners.add(listener);
    if (this.#device && !this.#device.closed) listener(this.#device);
    return () => this.#deviceListeners.delete(listener);
  }

  open(signal?: AbortSignal): Promise<Result<ByteChannel, ChannelError>> {
    if (signal?.aborted) return Promise.resolve(err({ reason: 'canceled', message: 'open canceled' }));
    if (!this.#plugged) return Promise.resolve(err({ reason: 'notFound', message: `${this.name}: nothing plugged in` }));
    if (this.#host && !this.#host.closed) return Promise.resolve(err({ reason: 'busy', message: `${this.name}: already open` }));
    const host = new CableEnd(`${this.name}`, this.chunker);
    const device = new CableEnd(`${this.name}:device`, this.chunker);
    host.peer = device;
    device.peer = host;
    this.#host = host;
    this.#device = device;
    for (const l of [...this.#deviceListeners]) l(device);
    return Promise.resolve(ok(host));
  }

  unplug(): void {
    this.#plugged = false;
    this.#host?.shut('disconnected');
    this.#device?.shut('disconnected');
  }

  plug(): void {
    this.#plugged = true;
  }
}

/** A chunker that cuts writes at pseudo-random points (seeded, so a failing test replays). */
export function randomChunker(seed = 1, maxChunk = 7): Chunker {
  let s = seed >>> 0 || 1;
  const rnd = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x1_0000_0000;
  };
  return (data) => {
    const out: Uint8Array[] = [];
    let i = 0;
    while (i < data.length) {
      const n = 1 + Math.floor(rnd() * maxChunk);
      out.push(data.subarray(i, i + n));
      i += n;
    }
    return out;
  };
}
