import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { KioskLogger } from '../log/logger.ts';
import { Routes, sendJson } from './routes.ts';
import { loopbackHosts } from './ws/lockdown.ts';

/** Headers every response carries: the UI loads nothing from outside and cannot be framed. */
export const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

export interface HttpServer {
  readonly server: Server;
  readonly routes: Routes;
  /** `http://127.0.0.1:8080`, known once listening. */
  url(): string;
  /** The Host values a request to this kiosk may carry (its loopback names); empty before listening. */
  hosts(): ReadonlySet<string>;
  listen(): Promise<void>;
  close(): Promise<void>;
}

export function createHttpServer(options: { host: string; port: number; log: KioskLogger }): HttpServer {
  const routes = new Routes();
  const { log } = options;
  const server = createServer((req, res) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    const url = new URL(req.url ?? '/', 'http://kiosk.invalid');
    const table = req.method === 'GET' || req.method === 'HEAD' ? routes.get : req.method === 'POST' ? routes.post : null;
    let handler = table?.get(url.pathname);
    if (!handler && (req.method === 'GET' || req.method === 'HEAD')) {
      const prefix = [...routes.prefixes.keys()].sort((a, b) => b.length - a.length).find((p) => url.pathname.startsWith(p));
      handler = prefix === undefined ? undefined : routes.prefixes.get(prefix);
    }
    if (!handler) {
      sendJson(res, table ? 404 : 405, { error: table ? 'not_found' : 'method_not_allowed' });
      return;
    }
    Promise.resolve()
      .then(() => handler(req, res, url))
      .catch((e: unknown) => {
        log.event('http.request_failed', { path: url.pathname, error: e });
        if (!res.headersSent) sendJson(res, 500, { error: 'internal' });
        else res.destroy();
      });
  });
  // Upgraded sockets (the kiosk browser's UI socket) leave the server's books: closing must end them itself.
  const upgraded = new Set<Duplex>();
  server.on('upgrade', (req, socket, head) => {
    upgraded.add(socket);
    socket.once('close', () => upgraded.delete(socket));
    const url = new URL(req.url ?? '/', 'http://kiosk.invalid');
    const handler = routes.upgrades.get(url.pathname);
    if (!handler) {
      log.event('ws.rejected', { path: url.pathname, reason: 'no_endpoint' });
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    handler(req, socket, head, url);
  });
  // Keep-alive sockets from the kiosk browser must not hold shutdown open.
  server.keepAliveTimeout = 5000;

  let address: AddressInfo | null = null;
  let hosts: ReadonlySet<string> = new Set();
  return {
    server,
    routes,
    hosts: () => hosts,
    url() {
      if (!address) throw new Error('bug: url() before listen()');
      const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      return `http://${host}:${address.port}`;
    },
    listen() {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port, options.host, () => {
          server.off('error', reject);
          address = server.address() as AddressInfo;
          hosts = loopbackHosts(address.port);
          log.event('http.listening', { url: `http://${options.host}:${address.port}` });
          resolve();
        });
      });
    },
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const s of upgraded) s.destroy();
      });
    },
  };
}
