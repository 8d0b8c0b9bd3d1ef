import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { kioskJson, type FleetView } from './fleet-view.ts';
import { DASHBOARD_HTML, DASHBOARD_JS } from './dashboard-page.ts';

export interface DashboardOptions {
  view: FleetView;
  metrics: Registry;
  host: string;
  port: number;
  /** The monitor's own connection, shown on the page and in /healthz. */
  monitorStatus: () => { status: string; lastError: string | null; broker: string };
}

export interface Dashboard {
  readonly server: Server;
  url(): string;
  close(): Promise<void>;
}

const HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
};

/**
 * The fleet monitor's read-only web side: a dashboard page, its JSON, and `/metrics` for
 * Prometheus. It only answers GET and HEAD; it has no way to send a command.
 */
export async function startDashboard(o: DashboardOptions): Promise<Dashboard> {
  const server = createServer((req, res) => {
    for (const [k, v] of Object.entries(HEADERS)) res.setHeader(k, v);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('read-only\n');
      return;
    }
    const path = new URL(req.url ?? '/', 'http://monitor.invalid').pathname;
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (path === '/') return send(200, 'text/html; charset=utf-8', DASHBOARD_HTML);
    if (path === '/dashboard.js') return send(200, 'text/javascript; charset=utf-8', DASHBOARD_JS);
    if (path === '/api/fleet') {
      return send(200, 'application/json; charset=utf-8', JSON.stringify({ at: new Date().toISOString(), monitor: o.monitorStatus(), summary: o.view.summary(), kiosks: o.view.kiosks().map(kioskJson) }));
    }
    if (path === '/healthz') {
      const m = o.monitorStatus();
      return send(m.status === 'online' ? 200 : 503, 'application/json; charset=utf-8', JSON.stringify(m));
    }
    if (path === '/metrics') {
      o.metrics
        .metrics()
        .then((text) => send(200, o.metrics.contentType, text))
        .catch((e: unknown) => send(500, 'text/plain', `metrics failed: ${(e as Error).message}\n`));
      return;
    }
    send(404, 'text/plain', 'not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    server,
    url() {
      const a = server.address() as AddressInfo;
      return `http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
