import { connect, type Socket } from 'node:net';
import { err, ok, type Result } from '../../core/result.ts';
import { ChannelEnd, type ByteChannel, type CloseReason } from './byte-channel.ts';
import type { ChannelError } from './errors.ts';

/** A byte channel over a TCP socket, for devices reached through a local daemon (NUT's upsd). */
class TcpChannel extends ChannelEnd {
  constructor(
    readonly name: string,
    private readonly socket: Socket,
  ) {
    super();
    socket.on('data', (chunk: Buffer) => this.deliver(chunk));
    socket.on('error', () => this.#end('disconnected'));
    socket.on('close', () => this.#end('disconnected'));
  }

  write(data: Uint8Array): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    return new Promise((resolve) => this.socket.write(data, (e) => resolve(!e)));
  }

  close(): Promise<void> {
    this.#end('closed');
    return Promise.resolve();
  }

  #end(reason: CloseReason): void {
    if (this.closed) return;
    this.socket.destroy();
    this.end(reason);
  }
}

/** Connects to `host:port` within `timeoutMs`; a refusal or a silence is a typed `ChannelError`. */
export function openTcpChannel(host: string, port: number, signal: AbortSignal, timeoutMs: number): Promise<Result<ByteChannel, ChannelError>> {
  const name = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(err({ reason: 'canceled', message: `connecting to ${name} was canceled` }));
    const socket = connect({ host, port });
    socket.setNoDelay(true);
    const done = (r: Result<ByteChannel, ChannelError>) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      socket.off('error', onError);
      socket.off('connect', onConnect);
      if (!r.ok) socket.destroy();
      resolve(r);
    };
    const onAbort = () => done(err({ reason: 'canceled', message: `connecting to ${name} was canceled` }));
    const onError = (e: NodeJS.ErrnoException) => {
      const why = e.code === 'ECONNREFUSED' ? 'nothing listens there' : e.code === 'EACCES' || e.code === 'EPERM' ? 'not permitted' : e.message;
      done(err({ reason: e.code === 'EACCES' || e.code === 'EPERM' ? 'permission' : e.code === 'ECONNREFUSED' ? 'notFound' : 'openFailed', message: `cannot connect to ${name}: ${why}` }));
    };
    const onConnect = () => done(ok(new TcpChannel(name, socket)));
    const timer = setTimeout(() => done(err({ reason: 'openFailed', message: `no connection to ${name} within ${timeoutMs} ms` })), timeoutMs);
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('error', onError);
    socket.once('connect', onConnect);
  });
}
