import { request as httpRequest, Agent as HttpAgent } from 'node:http';
import { request as httpsRequest, Agent as HttpsAgent } from 'node:https';

/** What one HTTP attempt came to, before any interpretation as a registry answer. */
export type Attempt =
  | { kind: 'response'; status: number; body: unknown }
  | { kind: 'garbage'; status: number; detail: string }
  | { kind: 'network'; connected: boolean; detail: string }
  | { kind: 'timeout'; connected: boolean }
  | { kind: 'aborted' };

export interface TlsMaterial {
  ca?: string | Buffer;
  cert?: string | Buffer;
  key?: string | Buffer;
}

export interface Transport {
  send(method: 'GET' | 'POST', path: string, body: unknown, timeoutMs: number, signal?: AbortSignal): Promise<Attempt>;
  close(): void;
}

/**
 * JSON over HTTP(S) with keep-alive, mutual TLS when given a client certificate, a per-attempt
 * timeout and a bounded response size. It never throws: every outcome is an `Attempt`.
 */
export function createTransport(baseUrl: string, tls: TlsMaterial = {}, maxResponseBytes = 16 * 1024 * 1024): Transport {
  const base = new URL(baseUrl);
  const secure = base.protocol === 'https:';
  const agent = secure
    ? new HttpsAgent({ keepAlive: true, maxSockets: 8, ca: tls.ca, cert: tls.cert, key: tls.key })
    : new HttpAgent({ keepAlive: true, maxSockets: 8 });
  const request = secure ? httpsRequest : httpRequest;
  const prefix = base.pathname.replace(/\/$/, '');

  return {
    send(method, path, body, timeoutMs, signal) {
      return new Promise<Attempt>((resolve) => {
        if (signal?.aborted) return resolve({ kind: 'aborted' });
        let connected = false;
        let settled = false;
        const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
        const finish = (a: Attempt) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          resolve(a);
        };
        const req = request({
          protocol: base.protocol, hostname: base.hostname, port: base.port, path: `${prefix}${path}`, method, agent,
          headers: { accept: 'application/json', ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}) },
        });
        const timer = setTimeout(() => {
          finish({ kind: 'timeout', connected });
          req.destroy();
        }, timeoutMs);
        const onAbort = () => {
          finish({ kind: 'aborted' });
          req.destroy();
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        req.on('socket', (socket) => {
          // A reused keep-alive socket is already connected (and must not collect listeners).
          if (!socket.connecting) connected = true;
          else socket.once(secure ? 'secureConnect' : 'connect', () => {
            connected = true;
          });
        });
        req.on('error', (e: NodeJS.ErrnoException) => finish({ kind: 'network', connected, detail: e.code ?? e.message }));
        req.on('response', (res) => {
          connected = true;
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > maxResponseBytes) {
              finish({ kind: 'garbage', status: res.statusCode ?? 0, detail: `response larger than ${maxResponseBytes} bytes` });
              req.destroy();
              return;
            }
            chunks.push(c);
          });
          res.on('error', (e) => finish({ kind: 'network', connected: true, detail: e.message }));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            try {
              finish({ kind: 'response', status: res.statusCode ?? 0, body: JSON.parse(text) as unknown });
            } catch {
              finish({ kind: 'garbage', status: res.statusCode ?? 0, detail: `not JSON: ${JSON.stringify(text.slice(0, 60))}` });
            }
          });
        });
        req.end(payload);
      });
    },
    close() {
      agent.destroy();
    },
  };
}
