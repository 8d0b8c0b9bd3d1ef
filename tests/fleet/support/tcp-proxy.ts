import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP relay between a kiosk and the broker, so a test decides when the kiosk's network is up:
 * `block()` cuts every connection and refuses new ones, `unblock()` lets them through again.
 */
export class TcpProxy {
  readonly #sockets = new Set<Socket>();
  readonly #pairs: Array<[Socket, Socket]> = [];
  #blocked = false;

  private constructor(
    readonly server: Server,
    readonly port: number,
  ) {}

  static async start(targetPort: number): Promise<TcpProxy> {
    let proxy: TcpProxy | null = null;
    const server = createServer((client) => {
      if (!proxy || proxy.#blocked) {
        client.destroy();
        return;
      }
      const upstream = createConnection({ port: targetPort, host: '127.0.0.1' });
      const p = proxy;
      p.#sockets.add(client);
      p.#sockets.add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        p.#sockets.delete(client);
        p.#sockets.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.pipe(upstream);
      upstream.pipe(client);
      p.#pairs.push([client, upstream]);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('proxy has no port');
    proxy = new TcpProxy(server, address.port);
    return proxy;
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  get connections(): number {
    return this.#sockets.size / 2;
  }

  block(): void {
    this.#blocked = true;
    for (const s of this.#sockets) s.destroy();
    this.#sockets.clear();
  }

  /** The network goes silent without closing anything (a cable pulled far away): only keepalive notices. */
  freeze(): void {
    for (const [a, b] of this.#pairs) {
      a.unpipe(b);
      b.unpipe(a);
      a.pause();
      b.pause();
    }
  }

  unblock(): void {
    this.#blocked = false;
  }

  close(): Promise<void> {
    this.block();
    return new Promise((r) => this.server.close(() => r()));
  }
}
