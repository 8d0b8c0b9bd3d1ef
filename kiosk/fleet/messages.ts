import { z } from 'zod';
import { DEVICE_STATES, PAPER_STATES, MEDIA_STATES } from '../../core/device-status.ts';
import { POWER_STATES } from '../power/power-state.ts';

/**
 * The payloads on fleet topics, version 1. The kiosk builds them; the monitor parses them with
 * these schemas and counts (never trusts) anything that does not fit. Every field is a count, a
 * state or an identifier of the kiosk: nothing about a citizen.
 */
export const FLEET_PROTOCOL_VERSION = 1;

const iso = z.iso.datetime({ offset: true });
const label = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/);
const count = z.number().int().min(0);
/** What every retained kiosk message starts with: the protocol version and which kiosk, where. */
const kioskHeader = { v: z.literal(FLEET_PROTOCOL_VERSION), kiosk: label, region: label };

export const OUT_OF_SERVICE_REASONS = ['technician', 'fleet', 'no-printable-document', 'closed-hours', 'registry-unreachable', 'on-battery', 'battery-charging'] as const;
export const serviceSchema = z.object({
  inService: z.boolean(),
  reasons: z.array(z.enum(OUT_OF_SERVICE_REASONS)),
  since: iso,
});

/** The power from the kiosk's UPS: `on_battery` with the charge and runtime left while mains is lost. */
export const powerSchema = z.object({
  state: z.enum(POWER_STATES),
  /** ups.status flags, e.g. `OB DISCHRG`. */
  status: z.string().max(60).nullable(),
  chargePct: z.number().min(0).max(100).nullable(),
  runtimeS: count.nullable(),
  since: iso,
});
export type PowerMessage = z.infer<typeof powerSchema>;

/** Retained on `state`: `online` on connect, `offline` on a clean stop, `lost` (the last will) otherwise. */
export const stateSchema = z.object({
  ...kioskHeader,
  status: z.enum(['online', 'offline', 'lost']),
  /** When the kiosk said it; the will carries the time its connection began instead. */
  at: iso,
  /**
   * When the connection this state belongs to began: the same in a connection's `online` and in
   * its will, so a monitor can tell a late will of an older connection from a current one.
   */
  since: iso.optional(),
  version: z.string().max(40).optional(),
  service: serviceSchema.optional(),
  /** Present when the kiosk has a UPS. */
  power: powerSchema.optional(),
});
export type StateMessage = z.infer<typeof stateSchema>;

export const deviceTelemetrySchema = z.object({
  mode: z.string().max(20),
  state: z.enum(DEVICE_STATES),
  paper: z.enum(PAPER_STATES).optional(),
  media: z.enum(MEDIA_STATES).optional(),
  reasons: z.array(label).max(20),
});

export const consumableTelemetrySchema = z.object({
  level: count,
  capacity: z.number().int().positive(),
  low: count,
  status: z.enum(['ok', 'low', 'out']),
});

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const activeAlertSchema = z.object({
  kind: label,
  subject: label,
  severity: z.enum(SEVERITIES),
  since: iso,
});
export type ActiveAlertMessage = z.infer<typeof activeAlertSchema>;

/** Retained on `telemetry`, every `fleet.telemetryIntervalMs` and on demand. */
export const telemetrySchema = z.object({
  ...kioskHeader,
  at: iso,
  version: z.string().max(40),
  /** Six-digit kecamatan code, when the kiosk is configured with one. */
  district: z.string().regex(/^\d{6}$/).optional(),
  /** The kiosk's local calendar date (YYYY-MM-DD) that `printedToday` and `failedToday` count. */
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  uptimeS: count,
  service: serviceSchema,
  devices: z.record(label, deviceTelemetrySchema),
  consumables: z.record(label, consumableTelemetrySchema),
  /** Documents printed since local midnight, by document type. */
  printedToday: z.record(label, count),
  /** Prints that failed since local midnight, by document type. */
  failedToday: z.record(label, count),
  /** Prints whose outcome is unknown, waiting for a technician. */
  unknownPrints: count,
  alerts: z.array(activeAlertSchema),
  /** Whether the registry answered lately; null when this kiosk cannot tell. */
  registryReachable: z.boolean().nullable(),
  outbox: z.object({ pending: count, dropped: count, refused: count }),
  commandsRefused: count,
  /**
   * Where the maintenance audit chain stands: its newest row and that row's MAC. Kept by the fleet,
   * it lets anyone check later that an export's chain was not rewritten up to that row.
   */
  auditHead: z.object({ seq: count, mac: z.string().regex(/^[\w-]{1,64}$/) }).nullable().default(null),
  /** Present when the kiosk has a UPS. */
  power: powerSchema.optional(),
  /** Sessions since start in which voice guidance was on: a count, nothing about who (optional for older kiosks). */
  guidanceSessions: count.optional(),
});
export type TelemetryMessage = z.infer<typeof telemetrySchema>;

const dataValue = z.union([z.string().max(200), z.number(), z.boolean(), z.null(), z.array(z.string().max(64)).max(20)]);
export type EventData = Record<string, string | number | boolean | null | string[]>;

/** What every message sent from the outbox starts with. */
const outboxHead = {
  v: z.literal(FLEET_PROTOCOL_VERSION),
  /** Unique; a monitor drops a second copy of an id it has seen. */
  id: z.string().min(8).max(64),
  /** Outbox order on this kiosk. */
  seq: z.number().int().positive(),
  kiosk: label,
  region: label,
  at: iso,
};

/** On `event`, QoS 1, from the outbox: alerts (raised and cleared) and other happenings. */
export const eventSchema = z.object({
  ...outboxHead,
  kind: label,
  severity: z.enum(SEVERITIES),
  /** For alerts: what it is about (a device, a consumable, a ledger row id). */
  subject: label.optional(),
  /** For alerts: true when raised, false when cleared. */
  active: z.boolean().optional(),
  data: z.record(z.string().max(40), dataValue),
  /** True when the event waited in the outbox while the broker was unreachable. */
  historical: z.boolean(),
});
export type EventMessage = z.infer<typeof eventSchema>;

/** On `diagnostics`, QoS 1, from the outbox, in answer to a `diagnostics` command. */
export const diagnosticsSchema = z.object({
  ...outboxHead,
  /** The nonce of the command that asked for it. */
  request: z.string().max(64),
  report: z.record(z.string(), z.unknown()),
  historical: z.boolean(),
});
export type DiagnosticsMessage = z.infer<typeof diagnosticsSchema>;
