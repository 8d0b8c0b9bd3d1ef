import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import type { KioskLogger } from '../log/logger.ts';
import type { FleetOutbox, OutboxRow } from '../store/fleet-outbox.ts';
import { kioskTopic, type Channel, type KioskAddress } from './topics.ts';
import { err, ok, type Result } from '../../core/result.ts';

/** How to reach the fleet broker. */
export interface BrokerOptions {
  url: string;
  /** Defaults to the kiosk id (ACLs can then use `%c`). */
  clientId?: string;
  username?: string;
  password?: string;
  /** PEM of the CA for `mqtts://` brokers with a private CA. */
  ca?: string;
  keepaliveS: number;
  connectTimeoutMs: number;
  reconnectMinMs: number;
  reconnectMaxMs: number;
  /** Most outbox rows awaiting PUBACK at once (capped by the broker's Receive Maximum). */
  window?: number;
}

export interface PublisherOptions extends BrokerOptions {
  address: KioskAddress;
  clientId: string;
  outbox: FleetOutbox;
  log: KioskLogger;
  now: () => Date;
  random?: () => number;
  /** Serialises a live message (state, telemetry): the same redaction as the outbox. */
  encode: (message: Record<string, unknown>) => string;
  /** The retained state payloads: `online` on connect, `offline` at a clean stop, `lost` as the will. */
  state: (status: 'online' | 'offline' | 'lost') => Record<string, unknown>;
  /** After CONNACK, the online state and before the outbox replay: publish what must be fresh (telemetry). */
  onConnected?: (info: { reconnect: boolean }) => void;
  /** A message on this kiosk's `cmd` topic. */
  onCommand?: (payload: Buffer) => void;
  /** A store write in a broker callback threw; the row stays as it was and the next connection retries. */
  onError?: (step: string, e: Error) => void;
}

export type PublisherStatus = 'connecting' | 'online' | 'waiting' | 'stopped';

export type PublishFailure = { code: 'offline'; message: string } | { code: 'refused'; reasonCode: number; message: string } | { code: 'closed'; message: string };

export interface PublisherStats {
  status: PublisherStatus;
  connects: number;
  /** Outbox rows the broker acknowledged since start. */
  acked: number;
  refused: number;
  inFlight: number;
}

interface Connection {
  gen: number;
  client: MqttClient;
  online: boolean;
  closed: boolean;
  connectedAtMs: number;
  /** Rows published on this connection and not yet acknowledged. */
  inFlight: Set<number>;
  /** Highest seq handed to this connection; a new connection starts again from the oldest unsent row. */
  lastSeq: number;
  window: number;
  lastError: Error | null;
}

/** A connection that lasted this long has proven the broker works: the next retry starts small again. */
const STABLE_MS = 5000;
const DEFAULT_WINDOW = 16;

/** Broker URL without credentials, for logs. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return '(invalid url)';
  }
}

export type ConnectFailureKind = 'auth' | 'unreachable' | 'timeout' | 'closed' | 'other';

/** Why a connection failed, in words a technician can act on (`auth`: check the kiosk's broker credentials). */
export function reasonOf(e: Error | null): { kind: ConnectFailureKind; reason: string; code: string | number | null } {
  if (!e) return { kind: 'closed', reason: 'closed', code: null };
  const raw = (e as { code?: unknown }).code;
  const code = typeof raw === 'string' || typeof raw === 'number' ? raw : null;
  let kind: ConnectFailureKind = 'other';
  // CONNACK 4/5 (MQTT 3.1.1), 134/135 (MQTT 5): mosquitto answers a bad password with 135.
  if (code === 4 || code === 5 || code === 134 || code === 135 || code === 138) kind = 'auth';
  else if (typeof code === 'string' && ['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET'].includes(code)) kind = 'unreachable';
  else if (/timeout/i.test(e.message)) kind = 'timeout';
  return { kind, reason: e.message, code };
}

/**
 * The kiosk's one MQTT connection. It owns reconnection (exponential backoff with jitter, so a
 * fleet that lost its broker does not come back as one stampede) and makes a fresh client for each
 * connection, so that mqtt.js never re-sends on its own: the outbox alone decides what is sent
 * again, and it only re-sends rows the broker did not acknowledge.
 */
export class FleetPublisher {
  readonly #o: PublisherOptions;
  readonly #topics: Record<Channel, string>;
  readonly #statusListeners = new Set<(s: PublisherStatus) => void>();
  #conn: Connection | null = null;
  #gen = 0;
  #attempt = 0;
  #timer: NodeJS.Timeout | null = null;
  #status: PublisherStatus = 'waiting';
  #stopped = false;
  #started = false;
  #connects = 0;
  #since: string | null = null;
  #acked = 0;
  #refused = 0;

  constructor(options: PublisherOptions) {
    this.#o = options;
    const a = options.address;
    this.#topics = {
      state: kioskTopic(a, 'state'),
      telemetry: kioskTopic(a, 'telemetry'),
      event: kioskTopic(a, 'event'),
      diagnostics: kioskTopic(a, 'diagnostics'),
      cmd: kioskTopic(a, 'cmd'),
    };
  }

  get status(): PublisherStatus {
    return this.#status;
  }

  get online(): boolean {
    return this.#conn?.online === true;
  }

  /** When the current connection (attempt) began: carried by its `online` state and its will. */
  get since(): string | null {
    return this.#since;
  }

  topic(channel: Channel): string {
    return this.#topics[channel];
  }

  stats(): PublisherStats {
    return { status: this.#status, connects: this.#connects, acked: this.#acked, refused: this.#refused, inFlight: this.#conn?.inFlight.size ?? 0 };
  }

  onStatus(listener: (s: PublisherStatus) => void): () => void {
    this.#statusListeners.add(listener);
    return () => this.#statusListeners.delete(listener);
  }

  /** Resolves once online (at once if it is); rejects when `signal` aborts first. */
  whenOnline(signal: AbortSignal): Promise<void> {
    if (this.online) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const off = this.onStatus((s) => {
        if (s === 'online') {
          off();
          signal.removeEventListener('abort', abort);
          resolve();
        }
      });
      const abort = () => {
        off();
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      };
      if (signal.aborted) abort();
      else signal.addEventListener('abort', abort, { once: true });
    });
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#connect();
  }

  /** Sends waiting outbox rows now if online; call after `outbox.enqueue`. */
  kick(): void {
    const c = this.#conn;
    if (c?.online) this.#pump(c);
  }

  /**
   * Publishes a live message (state, telemetry) when online; nothing is queued when offline,
   * because the next connection publishes a fresh one anyway.
   */
  publishLive(channel: 'state' | 'telemetry', message: Record<string, unknown>, options: { qos: 0 | 1; retain: boolean }): Promise<Result<void, PublishFailure>> {
    const c = this.#conn;
    if (!c?.online) return Promise.resolve(err({ code: 'offline', message: 'not connected to the broker' }));
    return this.#publish(c, this.#topics[channel], this.#o.encode(message), options);
  }

  #publish(c: Connection, topic: string, payload: string, options: { qos: 0 | 1; retain: boolean }): Promise<Result<void, PublishFailure>> {
    return new Promise((resolve) => {
      c.client.publish(topic, payload, options, (e) => {
        if (!e) return resolve(ok(undefined));
        const code = (e as { code?: unknown }).code;
        if (typeof code === 'number' && code >= 0x80) resolve(err({ code: 'refused', reasonCode: code, message: e.message }));
        else resolve(err({ code: 'closed', message: e.message }));
      });
    });
  }

  #setStatus(s: PublisherStatus): void {
    if (this.#status === s) return;
    this.#status = s;
    for (const l of [...this.#statusListeners]) l(s);
  }

  #connect(): void {
    this.#timer = null;
    if (this.#stopped) return;
    const o = this.#o;
    this.#since = o.now().toISOString();
    const will = Buffer.from(o.encode(o.state('lost')));
    const options: IClientOptions = {
      clientId: o.clientId,
      username: o.username,
      password: o.password,
      ca: o.ca,
      protocolVersion: 5,
      clean: true,
      keepalive: o.keepaliveS,
      connectTimeout: o.connectTimeoutMs,
      // This class reconnects, with a fresh client each time (see the class comment).
      reconnectPeriod: 0,
      will: { topic: this.#topics.state, payload: will, qos: 1, retain: true },
    };
    const client = connect(o.url, options);
    const conn: Connection = {
      gen: ++this.#gen,
      client,
      online: false,
      closed: false,
      connectedAtMs: 0,
      inFlight: new Set(),
      lastSeq: 0,
      window: o.window ?? DEFAULT_WINDOW,
      lastError: null,
    };
    this.#conn = conn;
    this.#setStatus('connecting');
    client.on('error', (e) => {
      conn.lastError = e;
    });
    client.on('close', () => this.#onClose(conn));
    client.on('message', (topic, payload) => {
      if (conn === this.#conn && topic === this.#topics.cmd) o.onCommand?.(payload);
    });
    client.on('connect', (connack) => {
      if (conn !== this.#conn || conn.closed) return;
      // Alerts are small and urgent: no Nagle delay waiting for the previous segment's ACK.
      (client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
      conn.online = true;
      conn.connectedAtMs = o.now().getTime();
      const receiveMax = connack.properties?.receiveMaximum;
      if (typeof receiveMax === 'number' && receiveMax > 0) conn.window = Math.min(conn.window, receiveMax);
      const reconnect = this.#connects > 0;
      this.#connects++;
      o.log.event('fleet.connected', { url: safeUrl(o.url), clientId: o.clientId, reconnect, pending: o.outbox.stats().pending });
      client.subscribe(this.#topics.cmd, { qos: 1 }, (e, granted) => {
        const code = granted?.[0]?.qos;
        if (e || (typeof code === 'number' && code >= 0x80)) {
          o.log.event('fleet.subscribe_refused', { topic: this.#topics.cmd, reason: e?.message ?? `reason code ${String(code)}` });
        }
      });
      void this.#publish(conn, this.#topics.state, o.encode(o.state('online')), { qos: 1, retain: true });
      this.#setStatus('online');
      o.onConnected?.({ reconnect });
      this.#pump(conn);
    });
  }

  #onClose(conn: Connection): void {
    if (conn.closed) return;
    conn.closed = true;
    const wasOnline = conn.online;
    conn.online = false;
    // Forced end: pending callbacks fail now; the unacknowledged rows stay in the outbox.
    conn.client.end(true);
    if (conn !== this.#conn || this.#stopped) return;
    const lasted = wasOnline ? this.#o.now().getTime() - conn.connectedAtMs : 0;
    this.#attempt = lasted >= STABLE_MS ? 0 : this.#attempt + 1;
    const delay = this.#backoff(this.#attempt);
    const { kind, reason, code } = reasonOf(conn.lastError);
    if (wasOnline) this.#o.log.event('fleet.disconnected', { kind, reason, code, inFlight: conn.inFlight.size, retryInMs: delay });
    else this.#o.log.event('fleet.connect_failed', { url: safeUrl(this.#o.url), kind, reason, code, attempt: this.#attempt, retryInMs: delay });
    this.#setStatus('waiting');
    this.#timer = setTimeout(() => this.#connect(), delay);
  }

  /** Full jitter over an exponential ceiling, never below half the minimum. */
  #backoff(attempt: number): number {
    const { reconnectMinMs: min, reconnectMaxMs: max } = this.#o;
    const ceiling = Math.min(max, min * 2 ** Math.min(attempt, 20));
    const r = (this.#o.random ?? Math.random)();
    return Math.round(Math.max(min / 2, ceiling * r));
  }

  #pump(c: Connection): void {
    while (c.online && c.inFlight.size < c.window) {
      const rows = this.#o.outbox.next(c.lastSeq, c.window - c.inFlight.size);
      if (rows.length === 0) return;
      for (const row of rows) this.#send(c, row);
    }
  }

  #send(c: Connection, row: OutboxRow): void {
    c.lastSeq = row.seq;
    c.inFlight.add(row.seq);
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(row.payload) as Record<string, unknown>;
    } catch {
      // Written by this class's own encoder; unreadable means a damaged row: keep it for a technician.
      c.inFlight.delete(row.seq);
      this.#o.outbox.markRefused(row.seq, 'unreadable payload');
      return;
    }
    // Waited in the outbox (written before this connection came up): say so.
    const historical = Date.parse(row.createdAt) < c.connectedAtMs;
    const payload = JSON.stringify({ ...message, seq: row.seq, historical });
    c.client.publish(this.#topics[row.channel], payload, { qos: 1 }, (e) => {
      c.inFlight.delete(row.seq);
      try {
        this.#settle(c, row, e);
      } catch (thrown) {
        // The outbox could not record the outcome: the row stays unsent and is replayed later
        // (at least once), which is safe; a crash of the kiosk is not.
        this.#o.onError?.('outbox', thrown as Error);
      }
    });
  }

  #settle(c: Connection, row: OutboxRow, e: Error | undefined): void {
    if (!e) {
      this.#acked++;
      this.#o.outbox.markSent(row.seq);
      this.#pump(c);
      return;
    }
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'number' && code >= 0x80) {
      // The broker said no (ACL): retrying cannot help. Kept and counted, never silently lost.
      this.#refused++;
      this.#o.outbox.markRefused(row.seq, e.message);
      this.#o.log.event('fleet.publish_refused', { seq: row.seq, channel: row.channel, reasonCode: code, reason: e.message });
      this.#pump(c);
    }
    // Otherwise the connection went away: the row stays unsent and the next connection replays it.
  }

  /**
   * Clean stop: `offline` replaces the retained state (so the monitor does not show "lost"),
   * in-flight rows get the rest of the time to be acknowledged, then DISCONNECT (no will).
   */
  async stop(timeoutMs = 2000): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const c = this.#conn;
    this.#setStatus('stopped');
    if (!c) return;
    const deadline = Date.now() + timeoutMs;
    if (c.online) {
      const bye = this.#publish(c, this.#topics.state, this.#o.encode(this.#o.state('offline')), { qos: 1, retain: true });
      await within(bye, timeoutMs);
      while (c.online && c.inFlight.size > 0 && Date.now() < deadline) await within(new Promise(() => {}), 10);
      c.closed = true;
      c.online = false;
      await within(new Promise<void>((resolve) => c.client.end(false, {}, () => resolve())), Math.max(deadline - Date.now(), 50));
    }
    c.closed = true;
    c.client.end(true);
  }
}

/** Waits for `p`, or `ms`, whichever comes first, leaving no timer behind. */
async function within(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p, new Promise<void>((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}
