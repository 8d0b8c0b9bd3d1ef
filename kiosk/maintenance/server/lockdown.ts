import type { IncomingMessage } from 'node:http';
import { fromLoopback } from '../../server/ws/lockdown.ts';

/**
 * The maintenance app is for the kiosk's own browser, like the citizen UI: requests must come over
 * loopback, name the kiosk's own loopback Host (a DNS-rebinding name fails), and state-changing
 * requests must carry the kiosk's own Origin and a JSON body (so no foreign page can post a form).
 */
export const MAINTENANCE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=(), bluetooth=(), clipboard-read=(), display-capture=()';

export type Refusal = 'not_loopback' | 'bad_host' | 'bad_origin' | 'no_origin' | 'bad_content_type';

export function loopbackHosts(port: number): Set<string> {
  const names = ['127.0.0.1', 'localhost', '[::1]'];
  // A browser leaves the default port out of Host.
  return new Set(port === 80 ? [...names, ...names.map((n) => `${n}:80`)] : names.map((n) => `${n}:${port}`));
}

/** For every request: loopback peer and a loopback Host. */
export function checkRequest(req: IncomingMessage, hosts: ReadonlySet<string>): Refusal | null {
  if (!fromLoopback(req)) return 'not_loopback';
  if (!hosts.has(req.headers.host ?? '')) return 'bad_host';
  return null;
}

/** For requests that change something: the page's own Origin and a JSON body. */
export function checkPost(req: IncomingMessage, hosts: ReadonlySet<string>): Refusal | null {
  const basic = checkRequest(req, hosts);
  if (basic) return basic;
  const origin = req.headers.origin;
  if (origin === undefined) return 'no_origin';
  if (origin !== `http://${req.headers.host}`) return 'bad_origin';
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') return 'bad_content_type';
  return null;
}

export type BodyError = { code: 'too_large' | 'bad_json' | 'aborted'; message: string };

/** Reads at most `limit` bytes of JSON; a larger body is refused as soon as it passes the limit. */
export function readJson(req: IncomingMessage, limit: number): Promise<{ ok: true; value: unknown } | { ok: false; error: BodyError }> {
  return new Promise((resolve) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    // An oversized body is not read on: the caller answers 413 and closes the connection.
    if (declared > limit) {
      req.pause();
      resolve({ ok: false, error: { code: 'too_large', message: `body over ${limit} bytes` } });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > limit) {
        done = true;
        req.pause();
        resolve({ ok: false, error: { code: 'too_large', message: `body over ${limit} bytes` } });
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') {
        resolve({ ok: true, value: {} });
        return;
      }
      try {
        resolve({ ok: true, value: JSON.parse(text) as unknown });
      } catch {
        resolve({ ok: false, error: { code: 'bad_json', message: 'the body is not JSON' } });
      }
    });
    req.on('error', () => {
      if (done) return;
      done = true;
      resolve({ ok: false, error: { code: 'aborted', message: 'the request ended early' } });
    });
  });
}
