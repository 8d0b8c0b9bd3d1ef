import { Listeners } from './listeners.ts';

/**
 * A byte pipe to a device: a serial port, a pseudo-terminal or an in-memory cable. Drivers and
 * simulators speak their protocols over this and nothing else, so the same code runs against a
 * real port, a socat pty pair and the in-memory cable of `npm start`.
 */
export type CloseReason = 'disconnected' | 'closed';

export interface ByteChannel {
  /** Path or cable name, for status details. */
  readonly name: string;
  readonly closed: boolean;
  /** Resolves true once the bytes are handed to the OS (or the peer), false if the channel is closed. */
  write(data: Uint8Array): Promise<boolean>;
  /** A listener stays attached for the channel's life: that is how an unplug is noticed. */
  onData(listener: (chunk: Uint8Array) => void): () => void;
  onClose(listener: (reason: CloseReason) => void): () => void;
  close(): Promise<void>;
}

/**
 * What every channel end shares: its data and close listeners, and ending once. Implementations
 * deliver bytes with `deliver` and end with `end`; a listener added after the end hears `closed`.
 */
export abstract class ChannelEnd implements ByteChannel {
  readonly #data = new Listeners<[chunk: Uint8Array]>();
  readonly #close = new Listeners<[reason: CloseReason]>();
  #closed = false;

  abstract readonly name: string;
  abstract write(data: Uint8Array): Promise<boolean>;
  abstract close(): Promise<void>;

  get closed(): boolean {
    return this.#closed;
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    return this.#data.add(listener);
  }

  onClose(listener: (reason: CloseReason) => void): () => void {
    if (this.#closed) {
      queueMicrotask(() => listener('closed'));
      return () => {};
    }
    return this.#close.add(listener);
  }

  protected deliver(chunk: Uint8Array): void {
    if (!this.#closed && chunk.length > 0) this.#data.emit(chunk);
  }

  /** Ends the channel, once: close listeners hear why, and every listener is dropped. False when it had already ended. */
  protected end(reason: CloseReason): boolean {
    if (this.#closed) return false;
    this.#closed = true;
    this.#data.clear();
    this.#close.emit(reason);
    this.#close.clear();
    return true;
  }
}
