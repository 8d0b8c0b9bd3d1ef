import { auditHead } from '../store/audit-trail.ts';
import { readFileSync, statSync, statfsSync } from 'node:fs';
import type { BootContext } from './context.ts';
import type { DeviceBoard } from '../../devices/common/device-board.ts';
import { FleetAgent } from '../fleet/agent.ts';
import { agentListens } from '../fleet/bus-reporter.ts';
import type { KioskBus } from '../bus.ts';
import { commandPublicKey } from '../fleet/commands.ts';
import { safeUrl } from '../fleet/publisher.ts';
import type { ServiceState } from '../fleet/service-state.ts';
import type { FleetSources } from '../fleet/sources.ts';
import { LedgerSqlSources } from '../fleet/store-sources.ts';
import { kioskTopic } from '../fleet/topics.ts';
import { VERSION } from '../version.ts';
import { StoreView } from '../store/store-view.ts';

export interface FleetHandle {
  /** Null when no broker is configured. */
  readonly agent: FleetAgent | null;
}

export interface FleetWiring {
  board: DeviceBoard;
  service: ServiceState;
  /** The agent hears prints, fingerprints, seals and the power here. */
  bus: KioskBus;
  /** What the other areas know (registry, power, maintenance, guidance); the store's own facts are read here. */
  sources?: Partial<FleetSources>;
}

/**
 * Fleet reporting, built after every area it reports on. The MQTT side starts only when
 * `fleet.mqttUrl` (or `ADM_MQTT_URL`) is set: without it nothing is published and nothing is queued.
 *
 * Consumables and unknown prints come through the store's APIs; prints today by type through one
 * aggregate query on the ledger table (see `LedgerSqlSources`).
 */
export function wireFleet(ctx: BootContext, w: FleetWiring): FleetHandle {
  const { config, log } = ctx;
  const f = config.fleet;
  const db = ctx.store.db;
  const ledger = new LedgerSqlSources(db, ctx.now);
  const sources: FleetSources = {
    devices: () => w.board.summaries(),
    consumables: () => ledger.consumables(),
    printsSince: (since) => ledger.printsSince(since),
    unknownPrints: () => ledger.unknownPrints(),
    registryReachable: () => null,
    // Read from the store each telemetry: the audit chain is written by maintenance on the same database.
    auditHead: () => auditHead(db),
    ...w.sources,
  };
  const service = w.service;

  if (f.mqttUrl === undefined) {
    log.event('fleet.disabled', { reason: 'no broker URL (fleet.mqttUrl / ADM_MQTT_URL)' });
    return { agent: null };
  }
  let ca: string | undefined;
  if (f.caFile !== undefined) {
    try {
      ca = readFileSync(f.caFile, 'utf8');
    } catch (e) {
      log.event('fleet.disabled', { reason: `fleet.caFile ${f.caFile} is unreadable: ${(e as Error).message}` });
      return { agent: null };
    }
  }
  let key = null;
  if (f.commandPublicKey === undefined) {
    log.event('fleet.command_key_missing', { reason: 'fleet.commandPublicKey is not set' });
  } else {
    const parsed = commandPublicKey(f.commandPublicKey);
    if (parsed.ok) key = parsed.value;
    else log.event('fleet.command_key_missing', { reason: parsed.error.message });
  }

  const address = { region: config.kiosk.regionCode, kiosk: config.kiosk.id };
  const agent = new FleetAgent({
    address,
    district: config.kiosk.districtCode,
    version: VERSION,
    startedAtMs: ctx.startedAt,
    broker: {
      url: f.mqttUrl,
      clientId: f.clientId,
      username: f.username,
      password: f.password,
      ca,
      keepaliveS: f.keepaliveS,
      connectTimeoutMs: f.connectTimeoutMs,
      reconnectMinMs: f.reconnectMinMs,
      reconnectMaxMs: f.reconnectMaxMs,
    },
    db,
    outboxMax: f.outboxMax,
    sources,
    service,
    commandKey: key,
    commandMaxSkewMs: f.commandMaxSkewMs,
    telemetryIntervalMs: f.telemetryIntervalMs,
    alertCheckMs: f.alertCheckMs,
    fingerprintAlertAfter: f.fingerprintAlertAfter,
    log,
    now: ctx.now,
    diagnostics: () => diagnosticsExtra(ctx),
  });
  log.event('fleet.enabled', { url: safeUrl(f.mqttUrl), topic: kioskTopic(address, 'state').replace(/\/state$/, '/…'), commandsVerified: key !== null });
  const unlisten = agentListens(w.bus, agent);
  ctx.lifecycle.add('fleet', {
    outermost: true,
    start: () => agent.start(),
    stop: async () => {
      unlisten();
      await agent.stop(Math.min(2000, Math.max(200, config.timeouts.shutdownMs / 2)));
      log.event('fleet.stopped', {});
    },
  });
  return { agent };
}

/** Configuration and store facts for the diagnostics report: modes and sizes, never secrets or NIKs. */
function diagnosticsExtra(ctx: BootContext): Record<string, unknown> {
  const c = ctx.config;
  let dbBytes: number | null = null;
  let freeMb: number | null = null;
  try {
    dbBytes = statSync(ctx.store.path).size;
    const fs = statfsSync(c.dataDir);
    freeMb = Math.round((fs.bavail * fs.bsize) / 1048576);
  } catch {
    // In-memory store or an unreadable data directory: reported as unknown.
  }
  return {
    config: {
      kiosk: { id: c.kiosk.id, regionCode: c.kiosk.regionCode, districtCode: c.kiosk.districtCode ?? null, language: c.kiosk.language },
      devices: Object.fromEntries(Object.entries(c.devices).map(([k, v]) => [k, (v as { mode: string }).mode])),
      registry: { mode: c.registry.mode },
      fleet: { telemetryIntervalMs: c.fleet.telemetryIntervalMs, keepaliveS: c.fleet.keepaliveS, outboxMax: c.fleet.outboxMax, credentials: c.fleet.username !== undefined },
      technicians: c.maintenance.technicianNiks.length,
    },
    store: { schemaVersion: new StoreView(ctx.store.db).schemaVersion(), bytes: dbBytes, dataDirFreeMb: freeMb },
  };
}
