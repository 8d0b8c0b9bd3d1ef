import type { DocumentPrinter, FinishedJob, JobProgress, PrinterStatus } from '../../devices/document-printer/types.ts';
import type { PrinterError } from '../../devices/document-printer/errors.ts';
import type { KioskLogger } from '../log/logger.ts';
import type { ClaimProof, Registry, RegistryError } from '../../core/registry.ts';
import type { RegistryOutcomes } from './registry-sync.ts';
import type { DocumentType, PrintPackage } from '../../core/domain.ts';
import type { Result } from '../../core/result.ts';
import type { LedgerState, PrintLedger, PrinterKind } from '../store/print-ledger.ts';

/** A rendered document ready for the printer. `kiosk/documents`' RenderedDocument fits this shape. */
export interface RenderedPdf {
  pdf: Uint8Array;
  pages: number;
}

/**
 * Renders a claimed package. The journey passes
 * `(pkg, signal) => renderDocument(pkg.content, pkg.signature, { signal })`.
 */
export type RenderFn = (pkg: PrintPackage, signal: AbortSignal) => Promise<Result<RenderedPdf, { code: string; message: string }>>;

/** Points where a state change has just been committed; the crash harness kills the kiosk there. */
export type TracePoint =
  | 'claim:row-committed'
  | 'claim:registry-answered'
  | 'render:committed'
  | 'submit:intent-committed'
  | 'submit:accepted'
  | 'submit:committed'
  | 'watch:finished'
  | 'settle:committed'
  | 'settle:registry-told';

export interface PrintDeps {
  ledger: PrintLedger;
  registry: Pick<Registry, 'claim'> & RegistryOutcomes;
  printers: Partial<Record<PrinterKind, DocumentPrinter>>;
  kioskId: string;
  /** Keyed hash of a NIK for the ledger row (`nikRef` with the kiosk's secret). */
  subjectRef(nik: string): string;
  /** How long a job may wait for a technician (paper out, jam, cover open) before it is canceled. */
  attentionTimeoutMs: number;
  /** How long a whole job may take; past it the job is canceled. */
  jobTimeoutMs: number;
  /** How long the printer may take to confirm a cancel (it may finish the sheet in hand); default 30 s. */
  cancelWaitMs?: number;
  log?: KioskLogger;
  /** Called when a print is put up for review, so the fleet raises its alert at once. */
  onReview?: () => void;
  trace?: (point: TracePoint, ledgerId: string) => void;
}

export interface PrintRequest {
  applicationId: string;
  documentType: DocumentType;
  /** The signed-in citizen's NIK: sent to the registry, stored only as a keyed hash. */
  nik: string;
  proof: ClaimProof;
}

/**
 * Why a print did not end with a document in the citizen's hands. `state` is the ledger row's
 * state afterwards: `failed` (nothing was held), `released` (entitlement given back), `unknown`
 * (held for a technician) or an unfinished state when `interrupted` (boot settles it).
 */
export type PrintErrorCode =
  /** This document already has a live ledger row on this kiosk. */
  | 'already_live'
  /** The registry said no: wrong PIN, locked, already printed, not ready… (see `registry`). */
  | 'claim_refused'
  /** The registry did not answer; anything it may have reserved is released. */
  | 'registry_unavailable'
  | 'render_failed'
  /** The printer could not take the job (paper out, jam, busy, off); nothing was printed. */
  | 'printer_not_ready'
  /** The printer aborted or canceled the job with nothing out; the entitlement is released. */
  | 'print_failed'
  /** Nobody can tell whether it printed; a technician decides. */
  | 'outcome_unknown'
  /** The caller's AbortSignal fired (shutdown); the row is left for boot reconciliation. */
  | 'interrupted'
  /** The ledger row was not where this step expected it: a bug or a concurrent actor. */
  | 'ledger_conflict';

export interface PrintError {
  code: PrintErrorCode;
  /** For logs and technicians; the UI picks its own words from `code`. */
  message: string;
  ledgerId?: string;
  state?: LedgerState;
  registry?: RegistryError;
  printer?: PrinterError;
  printerStatus?: PrinterStatus;
  job?: FinishedJob;
}

export interface Claimed {
  ledgerId: string;
  pkg: PrintPackage;
  printer: PrinterKind;
}

export interface Submitted {
  ledgerId: string;
  jobId: number;
}

/** What watching a job ended with. */
export type WatchOutcome =
  | { kind: 'finished'; job: FinishedJob }
  /** The printer stopped answering, or forgot the job: whether it printed cannot be known. */
  | { kind: 'lost'; why: string };

export interface PrintDone {
  ledgerId: string;
  jobId: number;
  /** Whether the registry acknowledged at once; if not, it is retried in the background. */
  registryTold: boolean;
}

export interface PrintStepOptions {
  signal?: AbortSignal;
}

export interface WatchStepOptions extends PrintStepOptions {
  onProgress?: (progress: JobProgress) => void;
}
