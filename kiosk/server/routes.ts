import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>;
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer, url: URL) => void;

/** Exact-path routes and WebSocket upgrade handlers that areas register at boot. */
export class Routes {
  readonly get = new Map<string, RouteHandler>();
  readonly post = new Map<string, RouteHandler>();
  /** Prefix routes (e.g. static files under `/ui/`), tried after exact ones, longest first. */
  readonly prefixes = new Map<string, RouteHandler>();
  readonly upgrades = new Map<string, UpgradeHandler>();
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
