import type { ClaimProof, RegistryError } from '../../core/registry.ts';
import type { Citizen, DocumentListing } from '../../core/domain.ts';
import type { Notice } from '../notices.ts';
import type { KioskStatus } from '../ports.ts';
import type { PrintOutcome, PrintPhase } from '../print/outcome.ts';

export type Language = 'id' | 'en';
export type SignInMethod = 'ektp' | 'nik' | 'qr';

export interface SessionInput {
  kiosk: KioskStatus;
  /** The attract screen's language; each session starts in it. */
  language: Language;
}

/**
 * Everything the session holds. Personal data (citizen, card NIK, listings, pending PINs) lives
 * here for the session only and is dropped by `wipe` when the citizen is done.
 */
export interface SessionContext {
  kiosk: KioskStatus;
  defaultLanguage: Language;
  language: Language;
  cardPresent: boolean;
  /** How many fingerprint tries a citizen gets (configuration). */
  fingerAttempts: number;
  method: SignInMethod | null;
  fingerFailures: number;
  cardNik: string | null;
  /** NIK + login PIN on their way to the registry; cleared as soon as the check ends. */
  pendingLogin: { nik: string; pin: string } | null;
  pendingQr: string | null;
  citizen: Citizen | null;
  listings: DocumentListing[];
  selectedId: string | null;
  proof: ClaimProof | null;
  progress: { phase: PrintPhase; page: number; pages: number | null } | null;
  outcome: PrintOutcome | null;
  notice: Notice | null;
  printed: number;
}

export type SessionEvent =
  // Citizen intents (kiosk/server/ws turns UI messages into these).
  | { type: 'start' }
  | { type: 'method'; method: SignInMethod }
  | { type: 'submitLogin'; nik: string; pin: string }
  | { type: 'choose'; applicationId: string }
  | { type: 'submitPin'; pin: string }
  | { type: 'confirm' }
  | { type: 'back' }
  | { type: 'cancel' }
  | { type: 'retry' }
  | { type: 'useNik' }
  | { type: 'finish' }
  | { type: 'another' }
  | { type: 'nothingCameOut' }
  | { type: 'dismiss' }
  | { type: 'activity' }
  | { type: 'language'; language: Language }
  // From the kiosk's watchers.
  | { type: 'kiosk.status'; status: KioskStatus }
  | { type: 'card.present' }
  | { type: 'card.removed' };

export type EndReason = 'finished' | Notice['code'];

/** What the session tells whoever hosts it (logging, privacy bookkeeping). Carries personal data only where named. */
export type SessionEmitted =
  | { type: 'journey.started'; method: SignInMethod | null }
  | { type: 'journey.signedIn'; method: SignInMethod; citizen: Citizen }
  | { type: 'journey.signInFailed'; method: SignInMethod; code: RegistryError['code'] | 'finger_locked' }
  | { type: 'journey.printOutcome'; documentType: string; outcome: PrintOutcome }
  | { type: 'journey.ended'; reason: EndReason; printed: number };

export function initialContext(input: SessionInput, fingerAttempts: number): SessionContext {
  return {
    kiosk: input.kiosk,
    defaultLanguage: input.language,
    language: input.language,
    cardPresent: false,
    fingerAttempts,
    ...emptySession(),
  };
}

/** The per-citizen part of the context, empty. */
export function emptySession() {
  return {
    method: null,
    fingerFailures: 0,
    cardNik: null,
    pendingLogin: null,
    pendingQr: null,
    citizen: null,
    listings: [],
    selectedId: null,
    proof: null,
    progress: null,
    outcome: null,
    notice: null,
    printed: 0,
  } satisfies Partial<SessionContext>;
}
