import { auditHead } from '../store/audit-trail.ts';
import { readFileSync, statSync, statfsSync } from 'node:fs';
import type { BootContext } from './context.ts';
import type { DeviceBoard } from '../../devices/common/device-board.ts';
import { FleetAgent, type FleetReporter } from '../fleet/agent.ts';
import { commandPublicKey } from '../fleet/commands.ts';
import { FleetStateStore } from '../store/fleet-state.ts';
import { safeUrl } from '../fleet/publisher.ts';
import { ServiceState } from '../fleet/service-state.ts';
import type { FleetSources } from '../fleet/sources.ts';
import { LedgerSqlSources } from '../fleet/store-sources.ts';
import { kioskTopic } from '../fleet/topics.ts';
import { printableDocuments } from '../firmware/self-test.ts';
import { VERSION } from '../version.ts';
import { StoreView } from '../store/store-view.ts';

export interface FleetHandle {
  /** Whether the kiosk serves citizens, and why not: the journey reads it, technicians and the fleet set it. */
  readonly service: ServiceState;
  /** For the journey (fingerprint results) and anyone who changed something the fleet reports. */
  readonly reporter: FleetReporter;
  /** Null when no broker is configured. */
  readonly agent: FleetAgent | null;
  /** Sources known only to areas wired later (registry reachability…). */
  provide(sources: Partial<FleetSources>): void;
}

const noReporter: FleetReporter = { fingerprintFailure() {}, fingerprintSuccess() {}, refresh() {}, untrustedSeal() {}, trustedSeal() {} };

/**
 * Fleet reporting and the service state. The service state always exists (technicians and the
 * journey need it without a broker); the MQTT side starts only when `fleet.mqttUrl` (or
 * `ADM_MQTT_URL`) is set: without it nothing is published and nothing is queued.
 *
 * Consumables and unknown prints come through the store's APIs; prints today by type through one
 * aggregate query on the ledger table (see `LedgerSqlSources`).
 */
export function wireFleet(ctx: BootContext, devices: DeviceBoard): FleetHandle {
  const { config, log } = ctx;
  const f = config.fleet;
  const db = ctx.store.db;
  const service = new ServiceState(ctx.now, new FleetStateStore(db), (e) => log.event('fleet.step_failed', { step: 'service-persist', error: e.message }));
  const ledger = new LedgerSqlSources(db, ctx.now);
  const sources: FleetSources = {
    devices: () => devices.summaries(),
    consumables: () => ledger.consumables(),
    printsSince: (since) => ledger.printsSince(since),
    unknownPrints: () => ledger.unknownPrints(),
    registryReachable: () => null,
    // Read from the store each telemetry: the audit chain is written by maintenance on the same database.
    auditHead: () => auditHead(db),
  };

  // Out of service while no document type can be printed. Checked on a timer, not now: areas wired
  // after this one are still adding their devices to the board.
  const checkPrintable = () => {
    const summaries = devices.summaries();
    if (summaries.length > 0) service.set('no-printable-document', printableDocuments(summaries).printable.length === 0);
  };
  const printableTimer = setInterval(checkPrintable, f.alertCheckMs).unref();
  ctx.lifecycle.add('service-state', () => clearInterval(printableTimer));

  const handle = (agent: FleetAgent | null): FleetHandle => ({
    service,
    reporter: agent ?? noReporter,
    agent,
    provide(more) {
      Object.assign(sources, more);
    },
  });

  if (f.mqttUrl === undefined) {
    log.event('fleet.disabled', { reason: 'no broker URL (fleet.mqttUrl / ADM_MQTT_URL)' });
    return handle(null);
  }
  let ca: string | undefined;
  if (f.caFile !== undefined) {
    try {
      ca = readFileSync(f.caFile, 'utf8');
    } catch (e) {
      log.event('fleet.disabled', { reason: `fleet.caFile ${f.caFile} is unreadable: ${(e as Error).message}` });
      return handle(null);
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
  agent.start();
  ctx.lifecycle.add('fleet', async () => {
    await agent.stop(Math.min(2000, Math.max(200, config.timeouts.shutdownMs / 2)));
    log.event('fleet.stopped', {});
  });
  return handle(agent);
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
