import type { DeviceStatus } from '../../core/device-status.ts';
import type { EventLog } from '../../core/event-log.ts';
import type { PrinterError } from './errors.ts';
import type { Result } from '../../core/result.ts';

/** The two document printers of an ADM: plain A4 (KK, akta) and blank ID-1 cards (KTP-el, KIA). */
export type DocumentPrinterKind = 'a4' | 'card';

/** The log events the driver and the simulator write; the kiosk's catalog documents each. */
export const PRINTER_LOG_EVENTS = [
  'printer.status_changed',
  'printer.job_submitted',
  'printer.job_state',
  'printer.job_finished',
  'printer.job_cancel',
  'printer.simulator_started',
  'printer.simulator_fault',
  'printer.simulator_printed',
  'printer.preview_failed',
] as const;
export type PrinterLog = EventLog<(typeof PRINTER_LOG_EVENTS)[number]>;

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
