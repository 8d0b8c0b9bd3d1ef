import { Writable } from 'node:stream';
import type { KeyObject } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { createLogger, type KioskLogger } from '../../../kiosk/log/logger.ts';
import { openDatabase } from '../../../kiosk/store/open-database.ts';
import { kioskMigrations } from '../../../kiosk/store/migrations/index.ts';
import { FleetAgent, type FleetAgentOptions } from '../../../kiosk/fleet/agent.ts';
import { FleetStateStore } from '../../../kiosk/store/fleet-state.ts';
import { ServiceState } from '../../../kiosk/fleet/service-state.ts';
import { emptySources, type FleetSources } from '../../../kiosk/fleet/sources.ts';

export interface LogLine {
  event: string;
  [k: string]: unknown;
}

export async function memoryLogger(): Promise<{ log: KioskLogger; lines: LogLine[] }> {
  const lines: LogLine[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const l of chunk.toString().split('\n')) if (l.trim()) lines.push(JSON.parse(l) as LogLine);
      cb();
    },
  });
  return { log: await createLogger({ level: 'trace', pretty: false, destination }), lines };
}

export function kioskDb(path = ':memory:'): Database {
  const r = openDatabase({ path, migrations: kioskMigrations });
  if (!r.ok) throw new Error(r.error.message);
  return r.value.db;
}

export interface TestKiosk {
  agent: FleetAgent;
  db: Database;
  service: ServiceState;
  log: KioskLogger;
  lines: LogLine[];
  stop(): Promise<void>;
}

export const ADDRESS = { region: '3506', kiosk: 'ADM-3506-T001' };

/** A kiosk's fleet side, in-process, with fast timers and a real store. */
export async function testKiosk(
  url: string,
  overrides: Partial<Omit<FleetAgentOptions, 'broker'>> & { broker?: Partial<FleetAgentOptions['broker']>; key?: KeyObject | null } = {},
): Promise<TestKiosk> {
  const { log, lines } = await memoryLogger();
  const db = overrides.db ?? kioskDb();
  const service = overrides.service ?? new ServiceState(() => new Date(), new FleetStateStore(db), (e) => log.event('fleet.step_failed', { step: 'service-persist', error: e.message }));
  const sources: FleetSources = overrides.sources ?? { ...emptySources };
  const agent = new FleetAgent({
    address: ADDRESS,
    version: '0.1.0-test',
    startedAtMs: Date.now(),
    db,
    outboxMax: 1000,
    service,
    sources,
    commandKey: overrides.key ?? null,
    commandMaxSkewMs: 60_000,
    telemetryIntervalMs: 60_000,
    alertCheckMs: 60_000,
    fingerprintAlertAfter: 3,
    log,
    ...overrides,
    broker: { url, keepaliveS: 5, connectTimeoutMs: 3000, reconnectMinMs: 100, reconnectMaxMs: 400, ...overrides.broker },
  });
  let stopped = false;
  return {
    agent,
    db,
    service,
    log,
    lines,
    async stop() {
      if (stopped) return;
      stopped = true;
      await agent.stop(1000);
      if (!overrides.db) db.close();
    },
  };
}
