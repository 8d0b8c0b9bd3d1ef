import { SerialPortStream } from '@serialport/stream';
import { serialBinding } from './hangup-aware-binding.ts';
import { ChannelEnd, type ByteChannel } from './byte-channel.ts';
import type { ChannelError } from './errors.ts';
import { err, ok, type Result } from '../../core/result.ts';

class SerialChannel extends ChannelEnd {
  /** Set when we close the port; any other close is the device going away. */
  #closing = false;

  constructor(
    readonly name: string,
    private readonly port: SerialPortStream,
  ) {
    super();
    // Flowing mode for the port's whole life: a paused port only notices an unplug on its next write.
    port.on('data', (chunk: Buffer) => {
      this.deliver(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    });
    // Not the close event's argument: a write failing on a dead line destroys the stream, which says
    // "close" with no error before serialport reports its disconnect.
    port.on('close', () => this.end(this.#closing ? 'closed' : 'disconnected'));
    // Errors after open (a write to a vanished pty) also arrive as `close`; keep them from crashing.
    port.on('error', () => {});
  }

  write(data: Uint8Array): Promise<boolean> {
    if (this.closed || !this.port.isOpen) return Promise.resolve(false);
    return new Promise((resolve) => {
      this.port.write(Buffer.from(data.buffer, data.byteOffset, data.byteLength), (e) => resolve(!e));
    });
  }

  close(): Promise<void> {
    this.#closing = true;
    if (this.closed || !this.port.isOpen) {
      this.end('closed');
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.port.close(() => {
        this.end('closed');
        resolve();
      });
    });
  }
}

function channelError(e: Error & { code?: string }, path: string): ChannelError {
  const text = e.message;
  if (e.code === 'ENOENT' || /ENOENT|No such file/i.test(text)) return { reason: 'notFound', message: `${path} does not exist` };
  if (e.code === 'EACCES' || /EACCES|Permission denied/i.test(text)) return { reason: 'permission', message: `${path}: permission denied (is the user in the dialout group?)` };
  if (/EBUSY|Resource busy|Cannot lock/i.test(text)) return { reason: 'busy', message: `${path} is in use by another process` };
  return { reason: 'openFailed', message: `${path}: ${text}` };
}

/**
 * Opens a serial port (or pseudo-terminal) in raw 8N1 mode. DTR/RTS are raised best-effort: the
 * modem-line ioctls fail on ptys and that failure is ignored.
 */
export function openSerialChannel(path: string, baudRate: number, signal?: AbortSignal): Promise<Result<ByteChannel, ChannelError>> {
  if (signal?.aborted) return Promise.resolve(err({ reason: 'canceled', message: 'open canceled' }));
  return new Promise((resolve) => {
    let port: SerialPortStream;
    try {
      port = new SerialPortStream({ binding: serialBinding, path, baudRate, autoOpen: false, hupcl: false, lock: true });
    } catch (e) {
      resolve(err(channelError(e as Error, path)));
      return;
    }
    port.open((e) => {
      if (e) return resolve(err(channelError(e, path)));
      if (signal?.aborted) {
        port.close(() => resolve(err({ reason: 'canceled', message: 'open canceled' })));
        return;
      }
      // Some USB adapters only pass data with DTR/RTS up; on a pty these ioctls fail, which is fine.
      port.set({ dtr: true, rts: true }, () => resolve(ok(new SerialChannel(path, port))));
    });
  });
}
