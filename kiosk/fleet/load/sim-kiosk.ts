import BetterSqlite3, { type Database } from 'better-sqlite3';
import type { KioskLogger } from '../../log/logger.ts';
import type { DeviceStatus, DeviceSummary } from '../../../core/device-status.ts';
import { openDatabase } from '../../store/open-database.ts';
import { kioskMigrations } from '../../store/migrations/index.ts';
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

/** The tables the fleet agent uses; a simulated kiosk needs no others. */
const FLEET_TABLES = new Set(['fleet_outbox', 'fleet_state', 'fleet_command_nonce']);

/**
 * An empty kiosk store with every migration applied, as bytes to copy from. `fleetOnly` keeps only
 * the fleet's tables (a fifth of the pages): tens of thousands of simulated kiosks each hold a copy.
 */
export function templateStore(options: { fleetOnly?: boolean } = {}): Buffer {
  const opened = openDatabase({ path: ':memory:', migrations: kioskMigrations });
  if (!opened.ok) throw new Error(opened.error.message);
  if (options.fleetOnly) {
    // The fleet's tables in a fresh database with small pages: the image and SQLite's initial page
    // cache (20 pages per connection) shrink with them.
    const full = opened.value.db;
    const small = new BetterSqlite3(':memory:');
    small.pragma('page_size = 512');
    const schema = full.prepare<[], { sql: string; tbl_name: string }>("SELECT sql, tbl_name FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'").all();
    for (const { sql, tbl_name } of schema) if (FLEET_TABLES.has(tbl_name)) small.exec(sql);
    small.pragma(`user_version = ${Number(full.pragma('user_version', { simple: true }))}`);
    full.close();
    const bytes = small.serialize();
    small.close();
    return bytes;
  }
  const bytes = opened.value.db.serialize();
  opened.value.db.close();
  return bytes;
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
