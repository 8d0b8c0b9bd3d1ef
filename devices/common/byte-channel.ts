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

/** Listener bookkeeping shared by channel implementations. */
export class ChannelListeners {
  readonly data = new Set<(chunk: Uint8Array) => void>();
  readonly close = new Set<(reason: CloseReason) => void>();

  addData(l: (chunk: Uint8Array) => void): () => void {
    this.data.add(l);
    return () => this.data.delete(l);
  }

  addClose(l: (reason: CloseReason) => void): () => void {
    this.close.add(l);
    return () => this.close.delete(l);
  }

  emitData(chunk: Uint8Array): void {
    for (const l of [...this.data]) l(chunk);
  }

  emitClose(reason: CloseReason): void {
    const ls = [...this.close];
    this.close.clear();
    this.data.clear();
    for (const l of ls) l(reason);
  }
}
