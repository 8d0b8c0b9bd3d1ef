import { connect, type MqttClient } from 'mqtt';
import { fleetFilter } from '../topics.ts';
import { FleetView } from './fleet-view.ts';

export interface MonitorOptions {
  url: string;
  username?: string;
  password?: string;
  /** Only this region (four-digit code); every region when unset. */
  region?: string;
  /**
   * A persistent session name: the broker then keeps the monitor's events (QoS 1) while it is
   * briefly away. Without it the monitor starts fresh each time (retained state and telemetry
   * still give the whole picture at once).
   */
  session?: string;
  reconnectMs?: number;
  /**
   * After a broker outage, how long kiosks get to reconnect before one not heard from shows as
   * `unknown` (default 120 s: twice the kiosks' default longest backoff).
   */
  confirmAfterMs?: number;
  /**
   * Feed this view instead of a new one: monitors of several brokers (a fleet sharded over brokers)
   * then give one picture.
   */
  view?: FleetView;
  /** Wills that arrived this long before the monitor lost the broker are the outage's (default 5 s). */
  outageWindowMs?: number;
}

export type MonitorStatus = 'connecting' | 'online' | 'offline';

/** Subscribes to the fleet's topics and feeds a `FleetView`. Read-only: it publishes nothing. */
export class FleetMonitor {
  readonly view: FleetView;
  readonly client: MqttClient;
  #status: MonitorStatus = 'connecting';
  #lastError: string | null = null;
  #outages = 0;
  #wasOnline = false;
  #confirmTimer: NodeJS.Timeout | null = null;
  readonly #ready: Promise<void>;

  constructor(o: MonitorOptions) {
    this.view = o.view ?? new FleetView();
    const filter = fleetFilter(o.region);
    this.client = connect(o.url, {
      protocolVersion: 5,
      username: o.username,
      password: o.password,
      clientId: o.session ?? `adm-fleet-monitor-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
      clean: o.session === undefined,
      ...(o.session !== undefined ? { properties: { sessionExpiryInterval: 3600 } } : {}),
      reconnectPeriod: o.reconnectMs ?? 2000,
      connectTimeout: 10_000,
    });
    this.client.on('message', (topic, payload) => this.view.apply(topic, payload, Date.now()));
    this.client.on('error', (e) => (this.#lastError = e.message));
    this.client.on('close', () => {
      // One broker outage, counted once however many kiosks it cuts off.
      if (this.#status === 'online') {
        this.#outages++;
        this.view.attributeToOutage(Date.now() - (o.outageWindowMs ?? 5000));
      }
      this.#status = 'offline';
      if (this.#confirmTimer) clearTimeout(this.#confirmTimer);
      this.#confirmTimer = null;
    });
    const confirmAfterMs = o.confirmAfterMs ?? 120_000;
    this.#ready = new Promise((resolve) => {
      this.client.on('connect', (connack) => {
        this.#status = 'online';
        this.#lastError = null;
        if (this.#wasOnline) {
          this.view.unconfirmAll(Date.now(), confirmAfterMs);
          this.#confirmTimer = setTimeout(() => this.view.expireUnconfirmed(), confirmAfterMs);
          this.#confirmTimer.unref();
        }
        this.#wasOnline = true;
        if (connack.sessionPresent) return resolve();
        this.client.subscribe(filter, { qos: 1 }, (e) => {
          if (e) this.#lastError = `subscribe ${filter}: ${e.message}`;
          resolve();
        });
      });
    });
  }

  get status(): MonitorStatus {
    return this.#status;
  }

  get lastError(): string | null {
    return this.#lastError;
  }

  /** Times the monitor lost a working connection to the broker. */
  get outages(): number {
    return this.#outages;
  }

  /**
   * Resolves once connected and subscribed; rejects with the broker's reason when `signal` aborts
   * first, or at the first failed attempt with `failFast` (a one-shot `--once` has nobody to wait for).
   */
  async ready(signal: AbortSignal, options: { failFast?: boolean } = {}): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const abort = () => reject(new Error(`cannot reach the broker: ${this.#lastError ?? 'no answer'}`));
      if (signal.aborted) return abort();
      signal.addEventListener('abort', abort, { once: true });
      if (options.failFast) this.client.once('close', () => queueMicrotask(abort));
      void this.#ready.then(() => {
        signal.removeEventListener('abort', abort);
        resolve();
      });
    });
  }

  close(): Promise<void> {
    if (this.#confirmTimer) clearTimeout(this.#confirmTimer);
    return this.client.endAsync(true);
  }
}
