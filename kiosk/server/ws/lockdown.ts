import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * What keeps the touch UI for the kiosk's own browser only: a per-boot secret that appears only in
 * the browser's launch URL, Host and Origin checks against DNS rebinding and foreign pages, and a
 * Content-Security-Policy that lets the page load nothing from anywhere but the kiosk itself.
 */

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function sameSecret(given: string | null, secret: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/** The peer is on this machine (the kiosk's browser, a technician's tool, the updater). */
export function fromLoopback(req: IncomingMessage): boolean {
  return LOOPBACK.test(req.socket.remoteAddress ?? '');
}

/** The Host values a loopback server on `port` answers to. */
export function loopbackHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
}

export type HostCheck = { ok: true } | { ok: false; reason: 'bad_host' | 'bad_origin' | 'no_origin' };

/** Host must be the kiosk's own loopback address (a rebinding name fails here). */
export function checkHost(req: IncomingMessage, hosts: ReadonlySet<string>): HostCheck {
  return hosts.has(req.headers.host ?? '') ? { ok: true } : { ok: false, reason: 'bad_host' };
}

/** A socket must come from a page the kiosk served: Origin is `http://` + the same Host. */
export function checkOrigin(req: IncomingMessage, hosts: ReadonlySet<string>): HostCheck {
  const host = checkHost(req, hosts);
  if (!host.ok) return host;
  const origin = req.headers.origin;
  if (origin === undefined) return { ok: false, reason: 'no_origin' };
  return origin === `http://${req.headers.host}` ? { ok: true } : { ok: false, reason: 'bad_origin' };
}

export const UI_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  // Voice guidance: clips are fetched from /speech (connect-src) and played from blob: URLs.
  "media-src blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Browser features the kiosk page never needs. */
export const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=(), clipboard-read=(), display-capture=()';
