import type { Result } from '../core/result.ts';
import type { Application, Citizen, DocumentListing, DocumentType, IsoDate } from '../core/domain.ts';
import type { ClaimProof, RegistryError } from '../core/registry.ts';

/**
 * The seam between the journey machines and everything that touches hardware or the network.
 * The composition root (kiosk/boot/wire-journey.ts) adapts the real drivers, registry, ledger and
 * renderers to these shapes; tests hand in fakes. Every call takes an AbortSignal: when the
 * machine leaves a state (cancel, time-out, card removed) the call in flight is aborted.
 */
export interface Op {
  signal: AbortSignal;
}

// ── e-KTP reader with fingerprint sensor ───────────────────────────────────────────────────────

export type CardFailureCode =
  /** The card left the reader's field before the read finished. */
  | 'card_removed'
  /** A card is there but the chip could not be read (bent, dirty, another kind of card). */
  | 'unreadable'
  /** The reader itself is broken, unplugged or did not answer. */
  | 'reader_fault';

export interface CardFailure {
  code: CardFailureCode;
  /** For technicians and logs; never personal data. */
  detail?: string;
}

/** What the flow needs from the chip. Photo and fingerprint minutiae stay inside the reader. */
export interface CardRead {
  nik: string;
}

export type CardEvent = 'present' | 'removed';

export interface CardPort {
  /** Card present/removed as they happen; called at once with the current state. Returns an unsubscribe. */
  watch(listener: (event: CardEvent) => void): () => void;
  /** Reads the chip of the card on the reader (mutual authentication with the SAM happens inside). */
  read(op: Op): Promise<Result<CardRead, CardFailure>>;
  /**
   * Waits for a finger on the sensor and matches it 1:1, on the device, against the minutiae of the
   * card on the reader. Resolves with the verdict only: biometrics never reach the runtime.
   */
  verifyFinger(op: Op): Promise<Result<{ match: boolean }, CardFailure>>;
}

// ── QR / barcode scanner ───────────────────────────────────────────────────────────────────────

export interface ScanFailure {
  code: 'scanner_fault';
  detail?: string;
}

export interface ScannerPort {
  /**
   * The next code scanned, as text. Waits until a scan, a fault, or the signal aborts. `fresh`: a
   * new purpose (a new session's sign-in, a document's proof), so the same QR as the last scan counts
   * again; otherwise a QR still lying under the scanner is not read twice.
   */
  next(op: Op & { fresh: boolean }): Promise<Result<string, ScanFailure>>;
}

// ── Registry (the central Dukcapil side) ───────────────────────────────────────────────────────

/** The registry calls the session needs; kiosk/registry's `Registry` satisfies it as is. */
export interface RegistryPort {
  findByNik(nik: string, options: Op): Promise<Result<Citizen, RegistryError>>;
  signInWithPin(nik: string, pin: string, options: Op): Promise<Result<Citizen, RegistryError>>;
  signInWithQr(text: string, options: Op): Promise<Result<Citizen, RegistryError>>;
  listDocuments(nik: string, today: IsoDate, options: Op): Promise<Result<DocumentListing[], RegistryError>>;
}

// ── Printing: claim → render → submit → watch (printed, released or unknown) → receipt ───────

/**
 * One print as it moves through the transaction. The ledger id names it; everything else the
 * transaction needs (package, rendered document, job) stays in kiosk/printing.
 */
export interface PrintHandle {
  ledgerId: string;
  application: Application;
  /** Known once rendered. */
  pages: number | null;
}

export const PRINT_FAILURE_CODES = ['paper_out', 'jammed', 'no_blanko', 'cover_open', 'printer_offline', 'printer_fault', 'render_failed', 'timeout'] as const;
export type PrintFailureCode = (typeof PRINT_FAILURE_CODES)[number];

export interface PrintFailure {
  code: PrintFailureCode;
  /**
   * How the print transaction settled the print before answering: `released`, nothing can have come
   * out and the entitlement is back with the citizen; `unknown`, a document may have come out, so
   * nobody may print it again until a person has looked (exactly once).
   */
  settled: 'released' | 'unknown';
  detail?: string;
}

/** A print the printer reported completed; the ledger says printed. */
export interface PrintedHandle extends PrintHandle {
  /** False when the registry could not be told yet; the transaction tells it later. */
  registryConfirmed: boolean;
}

export interface PrintProgress {
  page: number;
  pages: number;
}

export interface ClaimRequest {
  application: Application;
  nik: string;
  proof: ClaimProof;
}

export interface StepFailure {
  detail: string;
}

export interface ReceiptRequest {
  handle: PrintHandle;
  /** `printed`: a normal receipt; `unknown`: a receipt with the reference a technician needs. */
  outcome: 'printed' | 'unknown';
}

export interface PrintPorts {
  /**
   * Opens a ledger row (its id becomes the handle's `ledgerId`) and claims the document at the
   * registry with the citizen's proof. On any failure nothing stays held: a refusal fails the row, a
   * registry that did not answer gets the row released (the registry may have reserved it).
   */
  claim(request: ClaimRequest, op: Op): Promise<Result<PrintHandle, RegistryError>>;
  render(handle: PrintHandle, op: Op): Promise<Result<PrintHandle, PrintFailure>>;
  submit(handle: PrintHandle, op: Op): Promise<Result<PrintHandle, PrintFailure>>;
  /** Follows the job to its end, reporting pages as they come out, and settles the print. */
  watch(handle: PrintHandle, op: Op & { onProgress(progress: PrintProgress): void }): Promise<Result<PrintedHandle, PrintFailure>>;
  receipt(request: ReceiptRequest, op: Op): Promise<Result<void, StepFailure>>;
  /**
   * The citizen says nothing came out of a print the printer reported done: the print is put up for
   * review and the fleet alerted. Never a reprint: the entitlement stays used until a person decides.
   */
  reportNothingOut(ledgerId: string, op: Op): Promise<Result<void, StepFailure>>;
}

// ── The kiosk's own state: in service or not, and what it can print now ───────────────────────

export const UNAVAILABILITY = ['offline', 'fault', 'paper_out', 'jammed', 'cover_open', 'no_blanko', 'not_installed'] as const;
export type Unavailability = (typeof UNAVAILABILITY)[number];

export type Availability = { ok: true } | { ok: false; reason: Unavailability };

export const OUT_OF_SERVICE_REASONS = ['technician', 'fleet', 'starting', 'reconciling', 'closed', 'registry_unreachable', 'on_battery', 'battery_charging'] as const;
export type OutOfServiceReason = (typeof OUT_OF_SERVICE_REASONS)[number];

export interface KioskStatus {
  /** Null when in service. */
  outOfService: OutOfServiceReason | null;
  a4Printer: Availability;
  cardPrinter: Availability;
  receiptPrinter: Availability;
  cardReader: Availability;
  scanner: Availability;
  /** Closed by opening hours: when it opens next (local ISO time with offset); null or unset otherwise. */
  opensAt?: string | null;
}

export interface KioskPort {
  status(): KioskStatus;
  watch(listener: (status: KioskStatus) => void): () => void;
}

// ── Everything together ────────────────────────────────────────────────────────────────────────

export interface JourneyPorts {
  card: CardPort;
  scanner: ScannerPort;
  registry: RegistryPort;
  printing: PrintPorts;
  kiosk: KioskPort;
  /** Today's date in the kiosk's calendar. */
  today(): IsoDate;
}

export type { Application, Citizen, DocumentListing, DocumentType, ClaimProof, RegistryError };
