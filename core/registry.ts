import type { Result } from './result.ts';
import type { Citizen, DocumentListing, DocumentType, Office, PrintPackage, IsoDate } from './domain.ts';

export type RegistryErrorCode =
  | 'not_found'
  | 'not_registered'
  | 'wrong_pin'
  | 'locked'
  | 'already_claimed'
  | 'not_ready'
  | 'not_printable_yet'
  | 'superseded'
  | 'invalid_request'
  | 'unavailable'
  | 'timeout'
  | 'bad_response'
  /** confirm/release for a ledger id that holds no live claim on that document (e.g. confirm after release). */
  | 'not_claimed';

/** A known failure of a registry call; `message` is for logs and technicians, not for citizens. */
export interface RegistryError {
  code: RegistryErrorCode;
  message: string;
  /** Wrong-PIN attempts left before the document locks. */
  attemptsLeft?: number;
  /** For `not_printable_yet`: the first day it can print. */
  printableFrom?: IsoDate;
  /** For `locked`: until when, if the lock expires. */
  lockedUntil?: string;
  /** For `not_ready`: when Dukcapil expects the document to be ready. */
  expectedOn?: IsoDate;
  /** For `invalid_request`: which check failed, e.g. the NIK problem code `bad_day`. */
  reason?: string;
}

/** How a citizen proves they may print a document: its one-time PIN or the QR from the SMS/e-mail. */
export type ClaimProof = { kind: 'pin'; pin: string } | { kind: 'qr'; text: string };

export interface ClaimRequest {
  applicationId: string;
  /** The kiosk's ledger id: claiming again with the same id returns the same package. */
  ledgerId: string;
  nik: string;
  proof: ClaimProof;
  kioskId: string;
}

export type DocumentState = { status: 'active' | 'superseded' | 'unknown'; supersededBy?: string };

/** What a document's QR says when checked against the registry (signature and current state). */
export interface DocumentVerdict {
  signatureValid: boolean;
  status: 'active' | 'superseded' | 'unknown';
  supersededBy?: string;
  /** The signing office, when its key id is known. */
  office?: Office;
}

export type ClaimState = { state: 'claimed' | 'printed' | 'released' | 'none'; kioskId?: string };

export interface CallOptions {
  signal?: AbortSignal;
}

/**
 * The central Dukcapil side as the kiosk sees it. Two implementations: the embedded SQLite
 * registry (default for the simulated kiosk) and the HTTP adapter to a central system.
 */
export interface Registry {
  /** Looks up a citizen after their e-KTP was read and the fingerprint matched on the device. */
  findByNik(nik: string, options?: CallOptions): Promise<Result<Citizen, RegistryError>>;
  /** NIK + login PIN sign-in. */
  signInWithPin(nik: string, pin: string, options?: CallOptions): Promise<Result<Citizen, RegistryError>>;
  /** Sign-in with the QR from the citizen's SMS or e-mail. */
  signInWithQr(text: string, options?: CallOptions): Promise<Result<Citizen, RegistryError>>;
  /** Ready, not-yet-printable and in-progress documents of this citizen, as of `today`. */
  listDocuments(nik: string, today: IsoDate, options?: CallOptions): Promise<Result<DocumentListing[], RegistryError>>;
  /** Checks the document's PIN or QR and reserves it for this ledger id. Idempotent per ledger id. */
  claim(request: ClaimRequest, options?: CallOptions): Promise<Result<PrintPackage, RegistryError>>;
  /** The document is in the citizen's hands: it will never print again. */
  confirmPrinted(applicationId: string, ledgerId: string, options?: CallOptions): Promise<Result<void, RegistryError>>;
  /** The print did not happen: the entitlement goes back to the citizen. */
  release(applicationId: string, ledgerId: string, reason: string, options?: CallOptions): Promise<Result<void, RegistryError>>;
  /** Whether a document number is the current one (for verifying a QR). */
  documentState(type: DocumentType, number: string, options?: CallOptions): Promise<Result<DocumentState, RegistryError>>;
  /**
   * Checks a document's seal (its QR text): the signature against the office key, and whether that
   * issue (number + issue date) is still current. Needed for KTP-el/KIA, whose number (the NIK) stays
   * the same across re-issues. Both implementations provide it.
   */
  verifyDocument?(seal: string, options?: CallOptions): Promise<Result<DocumentVerdict, RegistryError>>;
  /** What the registry knows of one ledger id's claim, for the ledger's reconciliation at boot. Both implementations provide it. */
  claimStatus?(applicationId: string, ledgerId: string, options?: CallOptions): Promise<Result<ClaimState, RegistryError>>;
  /** Issuing offices with their public keys, for offline verification. */
  offices(options?: CallOptions): Promise<Result<Office[], RegistryError>>;
  /** Cheap reachability probe for health and fleet. */
  ping(options?: CallOptions): Promise<Result<void, RegistryError>>;
  close(): Promise<void>;
}
