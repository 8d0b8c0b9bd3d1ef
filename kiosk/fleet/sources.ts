import type { DeviceSummary } from '../../core/device-status.ts';
import type { Result } from '../../core/result.ts';
import type { PowerMessage } from './messages.ts';

/** One consumable as the store counts it (A4 sheets, card blanko, ribbon, receipt roll…). */
export interface ConsumableLevel {
  name: string;
  level: number;
  capacity: number;
  lowThreshold: number;
}

/** Prints since a moment, by document type. */
export interface PrintCounts {
  printed: Record<string, number>;
  failed: Record<string, number>;
}

/** A print whose outcome nobody knows yet (the ledger's `unknown` state), waiting for a technician. */
export interface UnknownPrint {
  ledgerId: string;
  documentType: string;
  /** A printed row the citizen reported missing (up for review), not one whose outcome is unknown. */
  review?: boolean;
}

/**
 * Where the fleet reads what it reports. The composition root fills it from the other areas
 * (device board, print ledger, consumables, registry); the fleet never reaches into them itself.
 * Each function is called on the fleet's timers and must be cheap and must not throw for known
 * conditions.
 */
export interface FleetSources {
  devices(): DeviceSummary[];
  consumables(): ConsumableLevel[];
  printsSince(since: Date): PrintCounts;
  unknownPrints(): UnknownPrint[];
  /** Whether the registry answered lately; null when unknown. */
  registryReachable(): boolean | null;
  /** For a remote operator: one print's ledger history and what the printer says of its job (nothing personal). */
  printEvidence?(ledgerId: string): Promise<Result<Record<string, unknown>, RemoteActionError>>;
  /** A remote operator's answer to an unknown print, checked and audited like a technician's. */
  resolvePrint?(ledgerId: string, decision: 'printed' | 'not_printed', note: string, by: string): Promise<Result<Record<string, unknown>, RemoteActionError>>;
  /** The end of the maintenance audit chain (newest row and its MAC); null when empty or unknown. */
  auditHead?(): { seq: number; mac: string } | null;
  /** The power from the UPS; null when the kiosk has none. */
  power?(): PowerMessage | null;
  /** The link to the central registry: down past the kiosk's threshold raises one alert. */
  registryLink?(): RegistryLinkFacts | null;
  /** Sessions in which voice guidance was on, since start. */
  guidanceSessions?(): number;
}

export interface RegistryLinkFacts {
  down: boolean;
  downForMs: number;
  /** The client's words for the last failure (names the link, never a citizen). */
  lastError: string | null;
}

export interface RemoteActionError {
  code: string;
  message: string;
}


/** Sources for a kiosk with nothing to report yet (and the base that wiring overrides). */
export const emptySources: FleetSources = {
  devices: () => [],
  consumables: () => [],
  printsSince: () => ({ printed: {}, failed: {} }),
  unknownPrints: () => [],
  registryReachable: () => null,
  auditHead: () => null,
};
