import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket, type RawData } from 'ws';
import type { Intent } from '../../../flows/intents.ts';
import type { KioskLogger } from '../../log/logger.ts';
import type { LaunchTokens } from './launch-token.ts';
import { checkOrigin, sameSecret } from './lockdown.ts';
import { encode, encodeSnapshot, MAX_MESSAGE_BYTES, parseClientMessage, PROTOCOL_VERSION, type AccessEvent } from './protocol.ts';
import { TokenBucket } from '../token-bucket.ts';

/** What the socket needs from the journey: the current view, its changes, and a way to hand in intents. */
export interface JourneyEndpoint {
  current(): { seq: number; json: string };
  subscribe(listener: (update: { seq: number; json: string }) => void): () => void;
  /** Hands an intent to the session; true when the session took it in the state it was in. */
  dispatch(intent: Intent): boolean;
}

export interface UiSocketLimits {
  maxMessageBytes: number;
  /** Sustained intents per second, and how many may come at once. */
  perSecond: number;
  burst: number;
  /** Dropped messages in a row after which the socket is closed. */
  closeAfterDropped: number;
  heartbeatMs: number;
  /** How long a connected UI has to answer a ping before a newcomer may replace it. */
  livenessMs: number;
  /** Unsent bytes after which a UI that does not read is disconnected. */
  maxBufferedBytes: number;
}

export const DEFAULT_LIMITS: UiSocketLimits = {
  maxMessageBytes: MAX_MESSAGE_BYTES,
  perSecond: 10,
  burst: 20,
  closeAfterDropped: 200,
  heartbeatMs: 15_000,
  livenessMs: 1_500,
  maxBufferedBytes: 1 << 20,
};

export interface UiSocketOptions {
  journey: JourneyEndpoint;
  secret: string;
  /** Single-use tokens the kiosk browser's launch URL carries; exchanged for `secret` on connect. */
  launch?: LaunchTokens;
  /** Host header values this server answers to; known once it listens. */
  hosts(): ReadonlySet<string>;
  log: KioskLogger;
  limits?: Partial<UiSocketLimits>;
}

/** Close codes the UI reads (docs/protocol.md). */
export const CLOSE = { policy: 1008, tooBig: 1009, goingAway: 1001, slowReader: 4008 } as const;

/**
 * The touch UI's one socket. At most one UI is connected: a newcomer is refused while the current
 * one answers pings, and takes its place only when it does not (a crashed tab). The socket carries
 * no session state: closing it changes nothing for the citizen, and a reload resumes.
 */
export class UiSocketServer {
  readonly #o: UiSocketOptions;
  readonly #limits: UiSocketLimits;
  readonly #wss: WebSocketServer;
  #current: WebSocket | null = null;
  #pending = false;
  #connections = 0;
  readonly #onAttach = new Set<() => void>();

  constructor(options: UiSocketOptions) {
    this.#o = options;
    this.#limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.#wss = new WebSocketServer({ noServer: true, maxPayload: this.#limits.maxMessageBytes, perMessageDeflate: false, clientTracking: true });
  }

  get connected(): boolean {
    return this.#current !== null;
  }

  /** Tells the kiosk browser to open maintenance; false when no UI is connected to hear it. */
  openMaintenance(): boolean {
    const ws = this.#current;
    if (ws === null || ws.readyState !== ws.OPEN) return false;
    ws.send(encode({ v: PROTOCOL_VERSION, type: 'open', target: 'maintenance', from: 'gesture' }));
    return true;
  }

  /** Sends an accessibility event (keypad key, guidance state) to the UI; false when none is connected. */
  sendAccess(event: AccessEvent): boolean {
    const ws = this.#current;
    if (ws === null || ws.readyState !== ws.OPEN) return false;
    ws.send(encode({ v: PROTOCOL_VERSION, type: 'access', event }));
    return true;
  }

  /** Called after a UI connected and got its first snapshot (a reload must learn the guidance state again). */
  onAttach(listener: () => void): () => void {
    this.#onAttach.add(listener);
    return () => this.#onAttach.delete(listener);
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL): void {
    const origin = checkOrigin(req, this.#o.hosts());
    if (!origin.ok) return this.#refuse(socket, 403, origin.reason);
    const token = url.searchParams.get('t');
    const byToken = token !== null && this.#o.launch?.matches(token) === true;
    if (!byToken && !sameSecret(url.searchParams.get('k'), this.#o.secret)) return this.#refuse(socket, 401, token !== null ? 'spent_launch_token' : 'no_secret');
    if (this.#pending) return this.#refuse(socket, 409, 'busy');
    const accept = () => {
      // The token is spent only by a socket that is let in, and only once (two racing: one wins).
      if (byToken && !this.#o.launch?.consume(token)) return this.#refuse(socket, 401, 'spent_launch_token');
      this.#accept(req, socket, head, byToken);
    };
    const current = this.#current;
    if (current === null) return accept();
    this.#pending = true;
    void this.#alive(current).then((alive) => {
      this.#pending = false;
      if (socket.destroyed) return;
      if (alive) return this.#refuse(socket, 409, 'busy');
      current.terminate();
      if (this.#current === current) this.#current = null;
      accept();
    });
  }

  #refuse(socket: Duplex, status: 401 | 403 | 409, reason: string): void {
    this.#o.log.event('ws.rejected', { path: '/ws/ui', reason });
    const text = status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Conflict';
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  }

  #alive(ws: WebSocket): Promise<boolean> {
    return new Promise((resolve) => {
      if (ws.readyState !== ws.OPEN) return resolve(false);
      const timer = setTimeout(() => {
        ws.off('pong', onPong);
        resolve(false);
      }, this.#limits.livenessMs);
      const onPong = () => {
        clearTimeout(timer);
        resolve(true);
      };
      ws.once('pong', onPong);
      ws.ping();
    });
  }

  #accept(req: IncomingMessage, socket: Duplex, head: Buffer, launched: boolean): void {
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#attach(ws, launched));
  }

  #attach(ws: WebSocket, launched: boolean): void {
    const { journey, log } = this.#o;
    const limits = this.#limits;
    const conn = ++this.#connections;
    this.#current = ws;
    log.event('ws.connected', { conn });

    // One line per abusive socket: what it sends while closing is ignored, not logged again.
    let abusive = false;
    const closeAbusive = (code: number | null, reason: string, detail: Record<string, unknown> = {}) => {
      if (abusive) return;
      abusive = true;
      log.event('ws.closed_abusive', { conn, reason, ...detail });
      if (code !== null) ws.close(code, reason === 'not_reading' ? 'not reading' : reason);
    };
    const send = (text: string) => {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > limits.maxBufferedBytes) {
        closeAbusive(CLOSE.slowReader, 'not_reading', { buffered: ws.bufferedAmount });
        return;
      }
      ws.send(text);
    };

    // A browser that came in with the launch token learns the session's secret here, for reloads.
    send(encode({ v: PROTOCOL_VERSION, type: 'hello', protocol: PROTOCOL_VERSION, maxMessageBytes: limits.maxMessageBytes, ...(launched ? { secret: this.#o.secret } : {}) }));
    const now = journey.current();
    send(encodeSnapshot(now.seq, now.json));
    const unsubscribe = journey.subscribe((u) => send(encodeSnapshot(u.seq, u.json)));
    for (const l of this.#onAttach) l();

    const bucket = new TokenBucket(limits.perSecond, limits.burst);
    let dropped = 0;
    let warnedAt = -Infinity;
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (abusive) return;
      if (!bucket.take()) {
        dropped++;
        const t = performance.now();
        if (t - warnedAt > 1000) {
          warnedAt = t;
          log.event('ws.rate_limited', { conn, dropped });
          send(encode({ v: PROTOCOL_VERSION, type: 'error', id: null, code: 'rate_limited', message: 'too many messages; slow down' }));
        }
        if (dropped >= limits.closeAfterDropped) closeAbusive(CLOSE.policy, 'flood', { dropped });
        return;
      }
      dropped = 0;
      const parsed = isBinary ? ({ ok: false, id: null, code: 'invalid_message', message: 'text frames only' } as const) : parseClientMessage(data.toString('utf8'));
      if (!parsed.ok) {
        log.event('ws.bad_message', { conn, code: parsed.code });
        send(encode({ v: PROTOCOL_VERSION, type: 'error', id: parsed.id, code: parsed.code, message: parsed.message }));
        return;
      }
      const { id, intent } = parsed.message;
      const accepted = journey.dispatch(intent);
      send(encode({ v: PROTOCOL_VERSION, type: 'ack', id, accepted }));
    });

    let alive = true;
    ws.on('pong', () => (alive = true));
    const heartbeat = setInterval(() => {
      if (!alive) {
        ws.terminate();
        return;
      }
      alive = false;
      ws.ping();
    }, limits.heartbeatMs);
    heartbeat.unref();

    ws.on('error', (e: Error & { code?: string }) => {
      // ws closes the socket itself (1009 for an oversized message); this records why.
      closeAbusive(null, e.code ?? 'socket_error');
    });
    ws.on('close', (code: number) => {
      clearInterval(heartbeat);
      unsubscribe();
      if (this.#current === ws) this.#current = null;
      log.event('ws.disconnected', { conn, code });
    });
  }

  /** Closes the UI socket (shutdown): the browser shows "reconnecting" until the kiosk is back. */
  close(): Promise<void> {
    for (const ws of this.#wss.clients) ws.close(CLOSE.goingAway, 'kiosk stopping');
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        for (const ws of this.#wss.clients) ws.terminate();
      }, 500);
      this.#wss.close(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }
}
