/**
 * What the maintenance machine needs from the kiosk. The composition root
 * (kiosk/boot/wire-maintenance.ts) adapts the fleet's service state, the journey host and the
 * technician's running operations to these; tests hand in fakes.
 */
export interface MaintenancePorts {
  /** Holds the citizen flow out of service: no new session starts, a session in progress ends (never a print under way). */
  parkCitizens(): void;
  /** Calls back with whether the citizen flow is idle (no print under way), at once and on every change. */
  watchCitizens(listener: (idle: boolean) => void): () => void;
  /** Lets citizens back in, unless the technician left the kiosk out of service. */
  releaseCitizens(): void;
  /** Stops the technician's device operations still running (self-tests, test prints) and waits for them. */
  settleOperations(signal: AbortSignal): Promise<void>;
}

export interface MaintenanceSettings {
  /** How long the sign-in screen waits before the kiosk goes back to citizens. */
  signInTimeoutMs: number;
  /** Technician idle time before sign-out. */
  sessionIdleMs: number;
  /** Longest technician session. */
  sessionMaxMs: number;
  /** How long entering waits for a citizen's print under way. */
  enterTimeoutMs: number;
  /** How long leaving waits for the technician's operations to stop. */
  exitTimeoutMs: number;
}

/** How the technician got to the sign-in screen. */
export const ENTRY_SOURCES = ['gesture', 'long-press', 'page'] as const;
export type EntrySource = (typeof ENTRY_SOURCES)[number];

/** Who is signed in: a reference safe for the journal and audit (masked NIK + keyed hash, or `pin`). */
export interface TechnicianRef {
  ref: string;
  method: 'pin' | 'ektp' | 'fleet';
}

export const EXIT_REASONS = ['technician_left', 'canceled', 'sign_in_timeout', 'idle_timeout', 'session_expired', 'citizen_busy', 'shutdown'] as const;
export type ExitReason = (typeof EXIT_REASONS)[number];
