import type { CompletionCode } from '../common/completion.ts';
import type { DeviceStatus } from '../../core/device-status.ts';
import type { Result } from '../../core/result.ts';

/** The two document printers of an ADM: plain A4 (KK, akta) and blank ID-1 cards (KTP-el, KIA). */
export type DocumentPrinterKind = 'a4' | 'card';

export type TonerState = 'full' | 'low' | 'out' | 'unknown';

/** One consumable as the printer itself reports it (`printer-supply` or `marker-*`). */
export interface PrinterSupply {
  /** e.g. `Black Toner`, `Ribbon`. */
  name: string;
  /** IPP supply type, e.g. `toner`, `ribbonWax`, `wasteToner`. */
  type: string;
  /** Percent 0–100, or null when the printer does not know. */
  percent: number | null;
}

/** One input tray as the printer reports it (`printer-input-tray`). */
export interface PrinterTray {
  name: string;
  /** Sheets or cards loaded, or null when the tray cannot sense it. */
  level: number | null;
  capacity: number | null;
}

/**
 * A printer's status in the common vocabulary, plus what only printers have. `paper` describes A4
 * sheets; on the card printer `media` describes the blanko.
 */
export interface PrinterStatus extends DeviceStatus {
  toner: TonerState;
  /** True when a job submitted now would start printing. */
  ready: boolean;
  /** `printer-is-accepting-jobs`. */
  accepting: boolean;
  /** IPP `printer-state`, or `unreachable` when it did not answer. */
  ippState: 'idle' | 'processing' | 'stopped' | 'unreachable';
  /** `media-ready`: media names loaded now. */
  mediaReady: string[];
  supplies: PrinterSupply[];
  trays: PrinterTray[];
}

/** IPP `job-state` names (RFC 8011 §5.3.7). */
export const JOB_STATES = ['pending', 'pending-held', 'processing', 'processing-stopped', 'canceled', 'aborted', 'completed'] as const;
export type JobState = (typeof JOB_STATES)[number];
export type FinalJobState = 'completed' | 'aborted' | 'canceled';

export const isFinalJobState = (s: JobState): s is FinalJobState => s === 'completed' || s === 'aborted' || s === 'canceled';

/** A job as the printer describes it (Get-Job-Attributes / Get-Jobs). */
export interface JobInfo {
  id: number;
  name: string;
  state: JobState;
  /** `job-state-reasons`, e.g. `job-printing`, `aborted-by-system`, `job-canceled-by-user`. */
  reasons: string[];
  /** `job-state-message`, free text from the printer. */
  message: string | null;
  /** `job-media-sheets-completed` or `job-impressions-completed`, when reported. */
  sheetsCompleted: number | null;
  /**
   * Whether the printer began printing it (`date-time-at-processing` / `time-at-processing`, or a
   * `processing` state seen by `watch`). A job canceled after that may have put paper out.
   */
  processingStarted: boolean;
}

export interface FinishedJob extends JobInfo {
  state: FinalJobState;
}

/** What happened to a job while it was watched, for the UI's progress and the journal. */
export type JobProgress =
  | { kind: 'state'; job: JobInfo }
  /**
   * The printer's own condition changed while the job runs: `printer.ready` false with reasons
   * means it waits for a technician (paper out, jam, cover open); ready again means it recovered.
   */
  | { kind: 'attention'; job: JobInfo; printer: PrinterStatus; cleared: boolean };

export interface SubmittedJob {
  id: number;
  /** The `job-name` sent; it carries the ledger id so a job can be found again after a crash. */
  name: string;
  uri: string | null;
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Overrides the driver's per-call timeout. */
  timeoutMs?: number;
}

export interface WatchOptions {
  signal?: AbortSignal;
  /** How long the whole job may take before `watch` gives up (the job itself is left alone). */
  timeoutMs?: number;
  onProgress?: (progress: JobProgress) => void;
}

export interface SubmitRequest extends CallOptions {
  /** Carries the ledger id; see `jobNameFor`. */
  name: string;
  pdf: Uint8Array;
}

/**
 * Known failures of a printer operation.
 * - `unreachable`: connection refused or reset, DNS failure: the printer is off or unplugged.
 * - `timeout`: the printer took longer than the call's timeout (hung, or a stopped process).
 * - `canceled`: the caller's AbortSignal fired.
 * - `busy`: a job is already running on this printer (ours, or `server-error-busy`).
 * - `not_ready`: the printer cannot print now (paper out, jam, cover open, stopped); `status` says why.
 * - `rejected`: the printer refused the request (`client-error-*`), e.g. unsupported media.
 * - `not_found`: the job is unknown to the printer (history lost, or another printer).
 * - `bad_response`: the answer was not IPP, too large, or a server error.
 */
export type PrinterErrorCode = 'unreachable' | 'timeout' | 'canceled' | 'busy' | 'not_ready' | 'rejected' | 'not_found' | 'bad_response';

export interface PrinterError {
  code: PrinterErrorCode;
  /** For logs and technicians; never personal data. */
  message: string;
  /** The IPP status-code name when the printer answered one, e.g. `server-error-busy`. */
  ippStatus?: string;
  status?: PrinterStatus;
  /**
   * Set by `submit` when Print-Job went out but its answer was lost (timeout, reset, garbled): the
   * printer may hold the job. Look for it with `findJobs(name)` before deciding it was not printed.
   */
  maybeAccepted?: true;
  /** Set by `watch` when its deadline passed while the printer still reported the job running. */
  stillRunning?: true;
}

/** The XFS4IoT completion code of a printer failure, for flows that react by kind across devices. */
export function printerCompletion(e: PrinterError): CompletionCode {
  switch (e.code) {
    case 'timeout':
      return 'timeOut';
    case 'canceled':
      return 'canceled';
    case 'busy':
      return 'sequenceError';
    case 'unreachable':
      return 'deviceNotReady';
    case 'not_ready':
      // Paper out, jam, cover open: a person must act; a stopped printer is a hardware matter.
      return e.status?.device === 'hardwareError' ? 'hardwareError' : e.status ? 'userError' : 'deviceNotReady';
    case 'rejected':
    case 'not_found':
      return 'invalidData';
    case 'bad_response':
      return 'hardwareError';
  }
}

/** Status listener; called on every change of the polled status. */
export type StatusListener = (status: PrinterStatus) => void;

/**
 * One IPP document printer. Every operation takes an AbortSignal and a timeout and returns known
 * failures as values. One job at a time: `submit` refuses while a job is running.
 */
export interface DocumentPrinter {
  readonly kind: DocumentPrinterKind;
  /** `ipp://…` of the real printer or of the simulator. */
  readonly uri: string;
  /** PWG media name every job is printed on. */
  readonly media: string;
  /** The last known status (from polling or the last call). */
  status(): PrinterStatus;
  /** Asks the printer now (Get-Printer-Attributes). */
  refreshStatus(options?: CallOptions): Promise<Result<PrinterStatus, PrinterError>>;
  onStatus(listener: StatusListener): () => void;
  /** Starts polling status every `pollIntervalMs`. */
  startPolling(): void;
  /**
   * Whether a job sent now would print: the last job finished, the printer idle, paper/blanko in,
   * no jam, cover closed, accepting jobs. `busy` or `not_ready` (with the status) otherwise.
   */
  checkReady(options?: CallOptions): Promise<Result<PrinterStatus, PrinterError>>;
  /**
   * Sends Print-Job (call `checkReady` first: a printer without paper takes the job and holds it).
   * Refuses with `busy` while this driver's previous job has not finished.
   */
  submit(request: SubmitRequest): Promise<Result<SubmittedJob, PrinterError>>;
  job(jobId: number, options?: CallOptions): Promise<Result<JobInfo, PrinterError>>;
  /** Jobs the printer still remembers whose `job-name` equals `name` (Get-Jobs, which-jobs=all). */
  findJobs(name: string, options?: CallOptions): Promise<Result<JobInfo[], PrinterError>>;
  /** Polls the job until it is completed, aborted or canceled. */
  watch(jobId: number, options?: WatchOptions): Promise<Result<FinishedJob, PrinterError>>;
  /** Cancel-Job; resolves once the printer accepted the request. */
  cancel(jobId: number, options?: CallOptions): Promise<Result<void, PrinterError>>;
  close(): Promise<void>;
}

/** The job name for a ledger row: `adm-<ledgerId>`. The printer keeps it with the job. */
export function jobNameFor(ledgerId: string): string {
  return `adm-${ledgerId}`;
}
