import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { z } from 'zod';
import type { KioskLogger } from '../../log/logger.ts';
import type { Result } from '../../../core/result.ts';
import type { Registry, RegistryError } from '../../../core/registry.ts';
import { VERSION } from '../../version.ts';
import { requests, ROUTES, STATUS_OF, toWire, type RouteName } from './wire.ts';

export interface RegistryServerOptions {
  registry: Registry;
  host?: string;
  port: number;
  /** PEM contents. With `ca`, clients must present a certificate signed by it (mutual TLS). */
  tls?: { cert: string | Buffer; key: string | Buffer; ca?: string | Buffer };
  log?: KioskLogger;
  maxBodyBytes?: number;
}

export interface RegistryServer {
  readonly server: Server;
  listen(): Promise<string>;
  url(): string;
  close(): Promise<void>;
}

/** Every endpoint lives under this version prefix. */
export const API_PREFIX = '/v1';

type Handler = (body: unknown, signal: AbortSignal) => Promise<Result<unknown, RegistryError>>;

const invalid = (message: string, reason?: string): Result<never, RegistryError> => ({ ok: false, error: { code: 'invalid_request', message, ...(reason ? { reason } : {}) } });

/** Validates a request body against its schema, then calls the registry. */
function withBody<S extends z.ZodType>(schema: S, call: (input: z.output<S>, signal: AbortSignal) => Promise<Result<unknown, RegistryError>>): Handler {
  return (body, signal) => {
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return Promise.resolve(invalid(`request body: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`, 'schema'));
    }
    return call(parsed.data, signal);
  };
}

/**
 * Serves a registry over the registry API (docs/registry-api.md): what `adm registry serve` runs so
 * several kiosks share one embedded registry. Bodies are bounded and validated; every answer is JSON.
 */
export function createRegistryServer(options: RegistryServerOptions): RegistryServer {
  const { registry, log } = options;
  const maxBody = options.maxBodyBytes ?? 64 * 1024;
  const noSuch = (what: string) => () => Promise.resolve(invalid(`this registry does not offer ${what}`, 'unsupported'));
  const handlers: Record<RouteName, Handler> = {
    ping: async (_b, signal) => {
      const r = await registry.ping({ signal });
      return r.ok ? { ok: true, value: { version: VERSION } } : r;
    },
    offices: (_b, signal) => registry.offices({ signal }),
    find: withBody(requests.find, (i, signal) => registry.findByNik(i.nik, { signal })),
    signInPin: withBody(requests.signInPin, (i, signal) => registry.signInWithPin(i.nik, i.pin, { signal })),
    signInQr: withBody(requests.signInQr, (i, signal) => registry.signInWithQr(i.text, { signal })),
    list: withBody(requests.list, (i, signal) => registry.listDocuments(i.nik, i.today, { signal })),
    state: withBody(requests.state, (i, signal) => registry.documentState(i.type, i.number, { signal })),
    verify: registry.verifyDocument ? withBody(requests.verify, (i, signal) => registry.verifyDocument?.(i.seal, { signal }) as ReturnType<Handler>) : noSuch('verify'),
    claim: withBody(requests.claim, (i, signal) => registry.claim(i, { signal })),
    confirm: withBody(requests.confirm, async (i, signal) => {
      const r = await registry.confirmPrinted(i.applicationId, i.ledgerId, { signal });
      return r.ok ? { ok: true, value: null } : r;
    }),
    release: withBody(requests.release, async (i, signal) => {
      const r = await registry.release(i.applicationId, i.ledgerId, i.reason, { signal });
      return r.ok ? { ok: true, value: null } : r;
    }),
    claimStatus: registry.claimStatus ? withBody(requests.claimStatus, (i, signal) => registry.claimStatus?.(i.applicationId, i.ledgerId, { signal }) as ReturnType<Handler>) : noSuch('claim status'),
  };
  const table = new Map<string, Handler>(Object.entries(ROUTES).map(([name, r]) => [`${r.method} ${r.path}`, handlers[name as RouteName]]));

  const send = (res: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  const refuse = (res: ServerResponse, status: number, message: string, path: string) => {
    log?.event('registry.server_rejected', { path, status, reason: message });
    send(res, status, { ok: false, error: { code: 'invalid_request', message } });
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://registry.invalid').pathname;
    const handler = path.startsWith(API_PREFIX) ? table.get(`${req.method ?? ''} ${path.slice(API_PREFIX.length)}`) : undefined;
    if (!handler) return refuse(res, 404, `no endpoint ${req.method ?? ''} ${path}`, path);
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBody && !tooBig) {
        tooBig = true;
        refuse(res, 413, `request body larger than ${maxBody} bytes`, path);
        req.destroy();
      } else if (!tooBig) chunks.push(c);
    });
    req.on('end', () => {
      if (tooBig) return;
      let body: unknown;
      if (req.method === 'POST') {
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          return refuse(res, 400, 'request body is not JSON', path);
        }
      }
      const controller = new AbortController();
      res.on('close', () => {
        if (!res.writableFinished) controller.abort();
      });
      handler(body, controller.signal)
        .then((r) => (r.ok ? send(res, 200, { ok: true, value: toWire(r.value) }) : send(res, STATUS_OF[r.error.code], { ok: false, error: r.error })))
        .catch((e: unknown) => {
          log?.event('registry.server_failed', { path, error: e });
          if (!res.headersSent) send(res, 500, { ok: false, error: { code: 'unavailable', message: 'internal error in the registry server' } });
        });
    });
  };

  const server = options.tls
    ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key, ca: options.tls.ca, requestCert: options.tls.ca !== undefined, rejectUnauthorized: options.tls.ca !== undefined }, handle)
    : createHttpServer(handle);
  server.requestTimeout = 15_000;
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 5_000;
  let address: AddressInfo | null = null;
  const url = () => {
    if (!address) throw new Error('bug: url() before listen()');
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `${options.tls ? 'https' : 'http'}://${host}:${address.port}${API_PREFIX}`;
  };
  return {
    server,
    url,
    listen() {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port, options.host ?? '127.0.0.1', () => {
          server.off('error', reject);
          address = server.address() as AddressInfo;
          log?.event('registry.server_listening', { url: url(), tls: Boolean(options.tls), mutualTls: Boolean(options.tls?.ca) });
          resolve(url());
        });
      });
    },
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
