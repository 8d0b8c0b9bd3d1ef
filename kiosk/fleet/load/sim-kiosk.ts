import BetterSqlite3, { type Database } from 'better-sqlite3';
import type { KioskLogger } from '../../log/logger.ts';
import type { DeviceStatus, DeviceSummary } from '../../../devices/common/status.ts';
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
}

/** An empty kiosk store with every migration applied, as bytes to copy from. */
export function templateStore(): Buffer {
  const opened = openDatabase({ path: ':memory:', migrations: kioskMigrations });
  if (!opened.ok) throw new Error(opened.error.message);
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
  readonly #db: Database;
  readonly #status: Record<(typeof SIM_DEVICES)[number], DeviceStatus>;
  readonly #printed: Record<string, number> = { KK: 0, KTP_EL: 0, KIA: 0, AKTA_KELAHIRAN: 0 };
  #a4 = 500;
  #blanko = 200;

  constructor(o: SimKioskOptions) {
    this.#db = new BetterSqlite3(o.template ?? templateStore());
    const random = o.random ?? Math.random;
    const since = new Date().toISOString();
    this.#status = {
      a4Printer: { device: 'online', paper: 'full', reasons: [], since },
      cardPrinter: { device: 'online', media: 'present', reasons: [], since },
      receiptPrinter: { device: 'online', paper: 'full', reasons: [], since },
    };
    const sources: FleetSources = {
      devices: (): DeviceSummary[] => {
        this.#drift(random);
        return SIM_DEVICES.map((id) => ({ id, mode: 'simulated', status: this.#status[id] }));
      },
      consumables: () => [
        { name: 'a4_paper', level: this.#a4, capacity: 500, lowThreshold: 50 },
        { name: 'card_blanko', level: this.#blanko, capacity: 200, lowThreshold: 20 },
      ],
      printsSince: () => ({ printed: { ...this.#printed }, failed: {} }),
      unknownPrints: () => [],
      registryReachable: () => true,
    };
    this.agent = new FleetAgent({
      address: o.address,
      version: 'sim',
      startedAtMs: Date.now(),
      broker: { url: o.brokerUrl, keepaliveS: 30, connectTimeoutMs: 30_000, reconnectMinMs: 1000, reconnectMaxMs: 15_000 },
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

  /** A few prints per check; paper and blanko run low and get refilled. */
  #drift(random: () => number): void {
    if (random() < 0.3) {
      const types = Object.keys(this.#printed);
      const t = types[Math.floor(random() * types.length)] ?? 'KK';
      this.#printed[t] = (this.#printed[t] ?? 0) + 1;
      if (t === 'KTP_EL' || t === 'KIA') this.#blanko = Math.max(0, this.#blanko - 1);
      else this.#a4 = Math.max(0, this.#a4 - 2);
    }
    if (random() < 0.01) this.#a4 = 500;
    if (random() < 0.01) this.#blanko = 200;
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
