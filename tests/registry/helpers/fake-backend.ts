import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { KioskLogger } from '../../../kiosk/log/logger.ts';
import { Redactor } from '../../../kiosk/privacy/redactor.ts';

/** A misbehaving central registry on a loopback port: it counts requests and answers as told. */
export async function fakeBackend(answer: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    hits += 1;
    req.resume();
    answer(req, res);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits: () => hits,
    close: () => new Promise<void>((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    }),
  };
}

/** A port that was just free: nothing listens there. */
export async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** A logger that keeps the events for assertions. */
export function recordingLogger(): KioskLogger & { events: Array<{ name: string; fields: Record<string, unknown> }> } {
  const events: Array<{ name: string; fields: Record<string, unknown> }> = [];
  const redactor = new Redactor();
  const log = {
    events,
    redactor,
    event(name: string, fields: Record<string, unknown> = {}) {
      events.push({ name, fields: redactor.object(fields) });
    },
    child() {
      return log;
    },
    flush() {},
  };
  return log as unknown as KioskLogger & { events: typeof events };
}
