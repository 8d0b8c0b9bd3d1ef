import { Writable } from 'node:stream';
import { SimulatedClock } from 'xstate';
import WebSocket from 'ws';
import { JourneyHost } from '../../../flows/host.ts';
import { createLogger } from '../../../kiosk/log/logger.ts';
import { createHttpServer } from '../../../kiosk/server/http-server.ts';
import { mountTouchUi } from '../../../kiosk/server/ui-mount.ts';
import { LaunchTokens } from '../../../kiosk/server/ws/launch-token.ts';
import { loopbackHosts, newSecret } from '../../../kiosk/server/ws/lockdown.ts';
import type { UiSocketLimits } from '../../../kiosk/server/ws/ui-socket.ts';
import { SETTINGS } from '../../flows/support/fixtures.ts';
import { ScriptedPorts } from '../../flows/support/scripted-ports.ts';

/** The touch UI server on a free loopback port, with a session on scripted ports and a simulated clock. */
export async function startUiServer(limits: Partial<UiSocketLimits> = {}) {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  const log = await createLogger({ level: 'debug', pretty: false, destination });
  const http = createHttpServer({ host: '127.0.0.1', port: 0, log });
  const ports = new ScriptedPorts();
  const clock = new SimulatedClock();
  const journey = new JourneyHost({ ports, settings: SETTINGS, clock, language: 'id' });
  const secret = newSecret();
  const launch = new LaunchTokens();
  let hosts: ReadonlySet<string> = new Set();
  const socket = mountTouchUi(http.routes, { journey, secret, launch, hosts: () => hosts, log, limits });
  await http.listen();
  const port = Number(new URL(http.url()).port);
  hosts = loopbackHosts(port);
  return {
    url: http.url(),
    port,
    secret,
    launch,
    journey,
    ports,
    clock,
    socket,
    logs: lines,
    async close() {
      await socket.close();
      journey.stop();
      await http.close();
    },
  };
}

export type UiServer = Awaited<ReturnType<typeof startUiServer>>;

export interface Msg {
  type: string;
  [k: string]: unknown;
}

/** A UI socket client that keeps every message, to wait for the next of a kind. */
export class UiClient {
  readonly messages: Msg[] = [];
  readonly #waiters: Array<() => void> = [];
  closeCode: number | null = null;
  readonly closed: Promise<number>;
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (d) => {
      this.messages.push(JSON.parse(String(d)) as Msg);
      for (const w of this.#waiters.splice(0)) w();
    });
    this.closed = new Promise((resolve) => ws.on('close', (code) => {
      this.closeCode = code;
      for (const w of this.#waiters.splice(0)) w();
      resolve(code);
    }));
  }

  /** Opens a socket the way the kiosk browser does; rejects with the HTTP status when refused. */
  static open(server: UiServer, o: { secret?: string | null; token?: string; origin?: string | null; host?: string } = {}): Promise<UiClient> {
    const secret = o.secret === undefined ? server.secret : o.secret;
    const origin = o.origin === undefined ? `http://127.0.0.1:${server.port}` : o.origin;
    const headers: Record<string, string> = {};
    if (origin !== null) headers.origin = origin;
    if (o.host) headers.host = o.host;
    const q = o.token !== undefined ? `?t=${encodeURIComponent(o.token)}` : secret === null ? '' : `?k=${encodeURIComponent(secret)}`;
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws/ui${q}`, { headers });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new UiClient(ws)));
      ws.once('unexpected-response', (_req, res) => {
        reject(Object.assign(new Error(`refused ${res.statusCode}`), { status: res.statusCode }));
        ws.terminate();
      });
      ws.once('error', reject);
    });
  }

  /** The first message of `type` after index `from` (waits for it). */
  async next(type: string, from = 0, timeoutMs = 5000): Promise<Msg> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = this.messages.slice(from).find((x) => x.type === type);
      if (m) return m;
      if (this.closeCode !== null) throw new Error(`closed (${this.closeCode}) before a ${type}`);
      if (Date.now() > deadline) throw new Error(`no ${type} within ${timeoutMs} ms; got ${this.messages.map((x) => x.type).join(',')}`);
      await new Promise<void>((r) => {
        this.#waiters.push(r);
        setTimeout(r, 50);
      });
    }
  }

  lastView(): { screen: string; [k: string]: unknown } {
    const snaps = this.messages.filter((m) => m.type === 'snapshot');
    return (snaps.at(-1) as unknown as { view: { screen: string } }).view;
  }

  /** Sends an intent and waits for its ack and for the snapshot it causes (when it changes the view). */
  async intent(intent: Record<string, unknown>, id = `t${this.messages.length}`): Promise<Msg> {
    const from = this.messages.length;
    this.ws.send(JSON.stringify({ v: 1, type: 'intent', id, intent }));
    for (;;) {
      const ack = this.messages.slice(from).find((m) => m.type === 'ack' && m.id === id);
      if (ack) return ack;
      await this.next('ack', from);
    }
  }

  raw(text: string | Buffer): number {
    const from = this.messages.length;
    this.ws.send(text);
    return from;
  }

  close(): Promise<number> {
    this.ws.close();
    return this.closed;
  }
}

export async function untilScreen(c: UiClient, screen: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (c.lastView()?.screen !== screen) {
    if (Date.now() > deadline) throw new Error(`screen ${c.lastView()?.screen}, wanted ${screen}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
