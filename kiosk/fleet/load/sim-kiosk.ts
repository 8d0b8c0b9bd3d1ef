import BetterSqlite3, { type Database } from 'better-sqlite3';
import type { KioskLogger } from '../../log/logger.ts';
import type { DeviceStatus, DeviceSummary } from '../../../core/device-status.ts';
import { templateStore } from '../../store/template-store.ts';
import { FleetAgent } from '../agent.ts';
import { ServiceState } from '../service-state.ts';
import type { FleetSources } from '../sources.ts';
import type { KioskAddress } from '../topics.ts';

const SIM_DEVICES = ['a4Printer', 'cardPrinter', 'receiptPrinter'] as const;

export interface SimKioskOptions {
  address: KioskAddress;
  brokerUrl: string;
  telemetryIntervalMs: number;
  alertCheckMs: number;
  log: KioskLogger;
  random?: () => number;
  /** A migrated empty store (`templateStore()`), copied instead of migrating each kiosk's own. */
  template?: Buffer;
  /** Six-digit kecamatan code sent in telemetry. */
  district?: string;
  /** Random prints, refills and paper changes on every check (default); off, only `print` and `setBlanko` change anything. */
  drift?: boolean;
  /** Reconnection backoff (defaults 1 s to 15 s). */
  reconnect?: { minMs: number; maxMs: number };
}

/**
 * One simulated kiosk for load tests: the real fleet agent, publisher and outbox (on an in-memory
 * store), with devices and counters that drift the way a busy kiosk's do.
 */
export class SimKiosk {
  readonly agent: FleetAgent;
  readonly address: KioskAddress;
  readonly #db: Database;
  readonly #status: Record<(typeof SIM_DEVICES)[number], DeviceStatus>;
  readonly #printed: Record<string, number> = { KK: 0, KTP_EL: 0, KIA: 0, AKTA_KELAHIRAN: 0 };
  #a4 = 500;
  #blanko = 200;

  constructor(o: SimKioskOptions) {
    this.address = o.address;
    this.#db = new BetterSqlite3(o.template ?? templateStore());
    const random = o.random ?? Math.random;
    const drift = o.drift ?? true;
    const since = new Date().toISOString();
    this.#status = {
      a4Printer: { device: 'online', paper: 'full', reasons: [], since },
      cardPrinter: { device: 'online', media: 'present', reasons: [], since },
      receiptPrinter: { device: 'online', paper: 'full', reasons: [], since },
    };
    const sources: FleetSources = {
      devices: (): DeviceSummary[] => {
        if (drift) this.#drift(random);
        this.#settle();
        return SIM_DEVICES.map((id) => ({ id, mode: 'simulated', status: this.#status[id] }));
      },
      consumables: () => [
        { name: 'a4-sheets', level: this.#a4, capacity: 500, lowThreshold: 50 },
        { name: 'card-blanko', level: this.#blanko, capacity: 200, lowThreshold: 20 },
      ],
      printsSince: () => ({ printed: { ...this.#printed }, failed: {} }),
      unknownPrints: () => [],
      registryReachable: () => true,
    };
    this.agent = new FleetAgent({
      address: o.address,
      district: o.district,
      version: 'sim',
      startedAtMs: Date.now(),
      broker: { url: o.brokerUrl, keepaliveS: 30, connectTimeoutMs: 30_000, reconnectMinMs: o.reconnect?.minMs ?? 1000, reconnectMaxMs: o.reconnect?.maxMs ?? 15_000 },
      db: this.#db,
      outboxMax: 1000,
      sources,
      service: new ServiceState(),
      commandKey: null,
      commandMaxSkewMs: 300_000,
      telemetryIntervalMs: o.telemetryIntervalMs,
      alertCheckMs: o.alertCheckMs,
      fingerprintAlertAfter: 8,
      log: o.log,
      random,
    });
  }

  get status(): Record<string, DeviceStatus> {
    return this.#status;
  }

  /** Prints `n` documents of `type` (a card type takes a blanko each, an A4 one two sheets) and reports at once. */
  print(type: string, n: number): void {
    for (let i = 0; i < n; i++) this.#printOne(type);
    this.agent.refresh();
    void this.agent.publishTelemetry();
  }

  /** A technician's refill (or the hopper running dry): sets the blanko count and reports at once. */
  setBlanko(level: number): void {
    this.#blanko = Math.max(0, Math.min(200, Math.trunc(level)));
    this.agent.refresh();
    void this.agent.publishTelemetry();
  }

  #printOne(t: string): void {
    this.#printed[t] = (this.#printed[t] ?? 0) + 1;
    if (t === 'KTP_EL' || t === 'KIA') this.#blanko = Math.max(0, this.#blanko - 1);
    else this.#a4 = Math.max(0, this.#a4 - 2);
  }

  /** A few prints per check; paper and blanko run low and get refilled. */
  #drift(random: () => number): void {
    if (random() < 0.3) {
      const types = Object.keys(this.#printed);
      this.#printOne(types[Math.floor(random() * types.length)] ?? 'KK');
    }
    if (random() < 0.01) this.#a4 = 500;
    if (random() < 0.01) this.#blanko = 200;
  }

  /** Device states follow the counters. */
  #settle(): void {
    const a4 = this.#status.a4Printer;
    a4.paper = this.#a4 === 0 ? 'out' : this.#a4 <= 50 ? 'low' : 'full';
    this.#status.cardPrinter.media = this.#blanko === 0 ? 'notPresent' : 'present';
  }

  start(): void {
    this.agent.start();
  }

  async stop(): Promise<void> {
    await this.agent.stop(500);
    this.#db.close();
  }
}
