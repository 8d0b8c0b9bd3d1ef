import type { DeviceSummary } from '../../core/device-status.ts';
import type { ActiveAlert } from './alerts.ts';
import type { PowerMessage, TelemetryMessage } from './messages.ts';
import type { OutboxStats } from '../store/fleet-outbox.ts';
import type { ServiceSnapshot } from './service-state.ts';
import type { ConsumableLevel, PrintCounts } from './sources.ts';
import type { KioskAddress } from './topics.ts';
import { FLEET_PROTOCOL_VERSION } from './messages.ts';
import { safeLabel } from './store-sources.ts';

export interface TelemetryInputs {
  address: KioskAddress;
  district?: string;
  at: Date;
  /** Start of the kiosk's local day that `today` counts from. */
  dayStart: Date;
  version: string;
  uptimeS: number;
  service: ServiceSnapshot;
  devices: DeviceSummary[];
  consumables: ConsumableLevel[];
  today: PrintCounts;
  unknownPrints: number;
  alerts: ActiveAlert[];
  registryReachable: boolean | null;
  outbox: OutboxStats;
  commandsRefused: number;
  auditHead: { seq: number; mac: string } | null;
  power?: PowerMessage | null;
  guidanceSessions?: number;
}

/** States and counts only: device details (free text) stay for the diagnostics report. */
export function buildTelemetry(i: TelemetryInputs): TelemetryMessage {
  const devices: TelemetryMessage['devices'] = {};
  for (const d of i.devices) {
    devices[d.id] = {
      mode: d.mode.slice(0, 20),
      state: d.status.device,
      ...(d.status.paper !== undefined ? { paper: d.status.paper } : {}),
      ...(d.status.media !== undefined ? { media: d.status.media } : {}),
      reasons: d.status.reasons.map(safeLabel).slice(0, 20),
    };
  }
  const consumables: TelemetryMessage['consumables'] = {};
  for (const c of i.consumables) {
    consumables[safeLabel(c.name)] = {
      level: Math.max(0, Math.trunc(c.level)),
      capacity: Math.max(1, Math.trunc(c.capacity)),
      low: Math.max(0, Math.trunc(c.lowThreshold)),
      status: c.level <= 0 ? 'out' : c.level <= c.lowThreshold ? 'low' : 'ok',
    };
  }
  return {
    v: FLEET_PROTOCOL_VERSION,
    kiosk: i.address.kiosk,
    region: i.address.region,
    at: i.at.toISOString(),
    version: i.version,
    ...(i.district !== undefined ? { district: i.district } : {}),
    day: localDate(i.dayStart),
    uptimeS: Math.max(0, Math.round(i.uptimeS)),
    service: i.service,
    devices,
    consumables,
    printedToday: i.today.printed,
    failedToday: i.today.failed,
    unknownPrints: i.unknownPrints,
    alerts: i.alerts.map((a) => ({ kind: a.kind, subject: safeLabel(a.subject), severity: a.severity, since: a.since })),
    registryReachable: i.registryReachable,
    outbox: i.outbox,
    commandsRefused: i.commandsRefused,
    auditHead: i.auditHead,
    ...(i.power ? { power: i.power } : {}),
    ...(i.guidanceSessions !== undefined ? { guidanceSessions: Math.max(0, Math.trunc(i.guidanceSessions)) } : {}),
  };
}

/** YYYY-MM-DD of a local date. */
export function localDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
