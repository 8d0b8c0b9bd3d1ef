import type { IppGroup } from 'ipp';
import { err, ok, type Result } from '../../core/result.ts';
import { int, ippCall, text, texts, type IppResponse } from './ipp-client.ts';
import { STATUS_ATTRIBUTES, sameStatus, statusFromAttributes, unreachableStatus } from './status-map.ts';
import { JOB_STATES, isFinalJobState, type CallOptions, type DocumentPrinter, type DocumentPrinterKind, type FinishedJob, type JobInfo, type JobState, type PrinterStatus, type StatusListener, type SubmitRequest, type SubmittedJob, type WatchOptions, type PrinterLog } from './types.ts';
import type { PrinterError } from './errors.ts';

export interface IppPrinterOptions {
  kind: DocumentPrinterKind;
  /** `ipp://host:port/path` or `ipps://…`. */
  uri: string;
  /** PWG media name sent with every job, e.g. `iso_a4_210x297mm`. */
  media: string;
  /** How often `startPolling` asks for status. */
  pollIntervalMs: number;
  /** Deadline of each single IPP call. */
  operationTimeoutMs: number;
  /** Deadline of a whole job in `watch`. */
  jobTimeoutMs: number;
  /** How often `watch` asks about a job; defaults to a quarter of pollIntervalMs, at least 20 ms. */
  jobPollMs?: number;
  /** How long `watch` retries a printer that does not answer before giving the job up as lost; default 3 × operationTimeoutMs, at least 5 s. */
  lostAfterMs?: number;
  /** `requesting-user-name` on every job: the kiosk id. */
  userName?: string;
  log?: PrinterLog;
  now?: () => Date;
}

const JOB_ATTRIBUTES = [
  'job-id',
  'job-name',
  'job-state',
  'job-state-reasons',
  'job-state-message',
  'job-media-sheets-completed',
  'job-impressions-completed',
  'date-time-at-processing',
  'time-at-processing',
];

const JOB_STATE_BY_NUMBER: Record<number, JobState> = { 3: 'pending', 4: 'pending-held', 5: 'processing', 6: 'processing-stopped', 7: 'canceled', 8: 'aborted', 9: 'completed' };

function jobFrom(group: IppGroup): JobInfo | null {
  const id = int(group['job-id']);
  const rawState = group['job-state'];
  const state = typeof rawState === 'number' ? JOB_STATE_BY_NUMBER[rawState] : (JOB_STATES as readonly string[]).includes(String(rawState)) ? (String(rawState) as JobState) : undefined;
  if (id === null || state === undefined) return null;
  return {
    id,
    name: text(group['job-name']) ?? '',
    state,
    reasons: texts(group['job-state-reasons']).filter((r) => r !== 'none'),
    message: text(group['job-state-message']),
    sheetsCompleted: int(group['job-media-sheets-completed']) ?? int(group['job-impressions-completed']),
    processingStarted: startedProcessing(group, state),
  };
}

/** Out-of-band (no-value) reads as undefined; a date, or an up-time past zero, means it started. */
function startedProcessing(group: IppGroup, state: JobState): boolean {
  if (state === 'processing' || state === 'processing-stopped' || state === 'completed') return true;
  const at = group['date-time-at-processing'];
  if (at instanceof Date && !Number.isNaN(at.getTime())) return true;
  return (int(group['time-at-processing']) ?? 0) > 0;
}

/** The printer holds the job for something a person must fix (paper, jam, cover, toner, off). */
function needsAttention(s: PrinterStatus): boolean {
  return s.device === 'userError' || s.device === 'hardwareError' || s.device === 'offline' || s.paper === 'out' || s.paper === 'jammed' || s.media === 'notPresent' || s.media === 'jammed';
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

/**
 * The driver for an IPP Everywhere printer (and the file printer simulator, which speaks the same
 * IPP). No subscriptions: status and jobs are polled, as ippeveprinter and many printers require.
 */
export class IppDocumentPrinter implements DocumentPrinter {
  readonly kind: DocumentPrinterKind;
  readonly uri: string;
  readonly media: string;
  readonly #opts: IppPrinterOptions;
  readonly #now: () => Date;
  readonly #listeners = new Set<StatusListener>();
  readonly #closing = new AbortController();
  #status: PrinterStatus;
  #pollTimer: NodeJS.Timeout | null = null;
  #polling = false;
  /** The job this driver submitted and has not yet seen finish: one job at a time. */
  #activeJob: number | null = null;
  #submitting = false;

  constructor(options: IppPrinterOptions) {
    this.#opts = options;
    this.kind = options.kind;
    this.uri = options.uri;
    this.media = options.media;
    this.#now = options.now ?? (() => new Date());
    this.#status = { ...unreachableStatus(this.kind, 'unreachable', 'not asked yet', this.#now().toISOString()), device: 'starting', reasons: [] };
  }

  /** How long `watch` keeps asking a printer that does not answer before the job counts as lost. */
  get #lostAfterMs(): number {
    return this.#opts.lostAfterMs ?? Math.max(3 * this.#opts.operationTimeoutMs, 5000);
  }

  get #userName(): string {
    return this.#opts.userName ?? 'adm-kiosk';
  }

  status(): PrinterStatus {
    return this.#status;
  }

  onStatus(listener: StatusListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #call(operation: string, attributes: { operation?: IppGroup; job?: IppGroup }, options: CallOptions & { data?: Uint8Array } = {}): Promise<Result<IppResponse, PrinterError>> {
    const signals = [this.#closing.signal, ...(options.signal ? [options.signal] : [])];
    return ippCall(this.uri, operation, attributes, {
      signal: AbortSignal.any(signals),
      timeoutMs: options.timeoutMs ?? this.#opts.operationTimeoutMs,
      ...(options.data ? { data: options.data } : {}),
    });
  }

  #setStatus(next: PrinterStatus): PrinterStatus {
    if (sameStatus(next, this.#status)) return this.#status;
    const previous = this.#status;
    this.#status = next;
    this.#opts.log?.event('printer.status_changed', {
      printer: this.kind,
      device: next.device,
      paper: next.paper,
      media: next.media,
      toner: next.toner,
      ready: next.ready,
      reasons: next.reasons,
      was: previous.device,
    });
    for (const l of this.#listeners) l(next);
    return next;
  }

  async refreshStatus(options: CallOptions = {}): Promise<Result<PrinterStatus, PrinterError>> {
    const r = await this.#call('Get-Printer-Attributes', { operation: { 'requested-attributes': [...STATUS_ATTRIBUTES] } }, options);
    const since = this.#now().toISOString();
    if (!r.ok) {
      if (r.error.code === 'unreachable' || r.error.code === 'timeout') {
        this.#setStatus(unreachableStatus(this.kind, r.error.code, r.error.message, since));
      }
      return r;
    }
    const group = r.value.printer[0];
    if (!group) return err({ code: 'bad_response', message: `Get-Printer-Attributes to ${this.uri}: no printer attributes in the answer` });
    return ok(this.#setStatus(statusFromAttributes(this.kind, this.media, group, since)));
  }

  startPolling(): void {
    if (this.#polling || this.#closing.signal.aborted) return;
    this.#polling = true;
    const tick = async () => {
      await this.refreshStatus();
      if (this.#polling && !this.#closing.signal.aborted) {
        this.#pollTimer = setTimeout(() => void tick(), this.#opts.pollIntervalMs);
        this.#pollTimer.unref();
      }
    };
    void tick();
  }

  async checkReady(options: CallOptions = {}): Promise<Result<PrinterStatus, PrinterError>> {
    const free = await this.#lastJobFinished(options);
    if (!free.ok) return free;
    const status = await this.refreshStatus(options);
    if (!status.ok) return status;
    if (status.value.ippState === 'processing') {
      return err({ code: 'busy', message: `${this.kind} printer is processing another job`, status: status.value });
    }
    if (!status.value.ready) {
      return err({ code: 'not_ready', message: `${this.kind} printer cannot print now: ${status.value.reasons.join(', ') || status.value.device}`, status: status.value });
    }
    return status;
  }

  /** One job at a time: the job this driver sent last must have finished (asked again if not seen). */
  async #lastJobFinished(options: CallOptions): Promise<Result<void, PrinterError>> {
    if (this.#activeJob === null) return ok(undefined);
    const last = await this.job(this.#activeJob, options);
    if (!last.ok && last.error.code !== 'not_found') return last;
    if (last.ok && !isFinalJobState(last.value.state)) {
      return err({ code: 'busy', message: `${this.kind} printer: job ${last.value.id} is still ${last.value.state}` });
    }
    this.#activeJob = null;
    return ok(undefined);
  }

  async submit(request: SubmitRequest): Promise<Result<SubmittedJob, PrinterError>> {
    if (this.#submitting) return err({ code: 'busy', message: `${this.kind} printer: another job is being submitted` });
    // Refused here, not by the printer: some printers print garbage pages from a non-PDF.
    if (request.pdf.byteLength < 8 || Buffer.from(request.pdf.subarray(0, 5)).toString('latin1') !== '%PDF-') {
      return err({ code: 'rejected', message: `${this.kind} printer: the document is not a PDF (${request.pdf.byteLength} bytes)` });
    }
    if (request.name.length === 0 || request.name.length > 255) return err({ code: 'rejected', message: `${this.kind} printer: job name must be 1 to 255 characters` });
    this.#submitting = true;
    try {
      const call = { ...(request.signal ? { signal: request.signal } : {}), ...(request.timeoutMs !== undefined ? { timeoutMs: request.timeoutMs } : {}) };
      const free = await this.#lastJobFinished(call);
      if (!free.ok) return free;
      const r = await this.#call(
        'Print-Job',
        {
          operation: {
            'requesting-user-name': this.#userName,
            'job-name': request.name,
            'document-format': 'application/pdf',
          },
          job: { media: this.media },
        },
        { ...call, data: request.pdf },
      );
      if (!r.ok) {
        // A printer's own "no" (client-error, busy, not accepting) created no job; a lost answer may have.
        const answered = r.error.ippStatus !== undefined;
        const refused = r.error.code === 'unreachable' && /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH/.test(r.error.message);
        return answered || refused ? r : err({ ...r.error, maybeAccepted: true });
      }
      const job = r.value.jobs[0];
      const id = job ? int(job['job-id']) : null;
      if (!job || id === null) return err({ code: 'bad_response', message: `Print-Job to ${this.uri}: the answer has no job-id`, maybeAccepted: true });
      this.#activeJob = id;
      this.#opts.log?.event('printer.job_submitted', { printer: this.kind, jobId: id, jobName: request.name, bytes: request.pdf.byteLength });
      return ok({ id, name: request.name, uri: text(job['job-uri']) });
    } finally {
      this.#submitting = false;
    }
  }

  async job(jobId: number, options: CallOptions = {}): Promise<Result<JobInfo, PrinterError>> {
    const r = await this.#call('Get-Job-Attributes', { operation: { 'job-id': jobId, 'requested-attributes': JOB_ATTRIBUTES } }, options);
    if (!r.ok) {
      if (r.error.code === 'not_found' && this.#activeJob === jobId) this.#activeJob = null;
      return r;
    }
    const info = r.value.jobs[0] ? jobFrom(r.value.jobs[0]) : null;
    if (!info) return err({ code: 'bad_response', message: `Get-Job-Attributes ${jobId} on ${this.uri}: no job-id or job-state in the answer` });
    if (isFinalJobState(info.state) && this.#activeJob === jobId) this.#activeJob = null;
    return ok(info);
  }

  async findJobs(name: string, options: CallOptions = {}): Promise<Result<JobInfo[], PrinterError>> {
    // As the kiosk's user: printers that keep job names private (CUPS does) show them only to their owner.
    const ask = (which: string) => this.#call('Get-Jobs', { operation: { 'requesting-user-name': this.#userName, 'which-jobs': which, 'requested-attributes': JOB_ATTRIBUTES } }, options);
    let answers: IppResponse[];
    const all = await ask('all');
    if (all.ok) answers = [all.value];
    else if (all.error.code === 'rejected') {
      // IPP/1.1 printers know only `completed` and `not-completed`.
      const done = await ask('completed');
      if (!done.ok) return done;
      const open = await ask('not-completed');
      if (!open.ok) return open;
      answers = [done.value, open.value];
    } else return all;
    const jobs = answers.flatMap((a) => a.jobs.map(jobFrom)).filter((j): j is JobInfo => j !== null && j.name === name);
    return ok(jobs);
  }

  async watch(jobId: number, options: WatchOptions = {}): Promise<Result<FinishedJob, PrinterError>> {
    const timeoutMs = options.timeoutMs ?? this.#opts.jobTimeoutMs;
    const pollMs = this.#opts.jobPollMs ?? Math.max(20, Math.floor(this.#opts.pollIntervalMs / 4));
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), timeoutMs);
    const signal = AbortSignal.any([deadline.signal, this.#closing.signal, ...(options.signal ? [options.signal] : [])]);
    let lastState: string | null = null;
    let lastAttention: string | null = null; // null: no attention reported yet, or cleared
    let failingSince: number | null = null;
    let failures = 0;
    let seenProcessing = false;
    try {
      for (;;) {
        const r = await this.job(jobId, { signal });
        if (r.ok) {
          failingSince = null;
          failures = 0;
          const job = r.value;
          seenProcessing ||= job.processingStarted;
          const key = `${job.state}/${job.reasons.join(',')}`;
          if (key !== lastState) {
            lastState = key;
            options.onProgress?.({ kind: 'state', job });
            this.#opts.log?.event('printer.job_state', { printer: this.kind, jobId, state: job.state, reasons: job.reasons });
          }
          if (isFinalJobState(job.state)) {
            this.#opts.log?.event('printer.job_finished', { printer: this.kind, jobId, state: job.state, reasons: job.reasons, message: job.message });
            return ok({ ...job, processingStarted: seenProcessing } as FinishedJob);
          }
          // The job says "printing" while the printer waits for paper: the printer's reasons tell.
          const printer = await this.refreshStatus({ signal });
          if (printer.ok) {
            const attention = needsAttention(printer.value) ? printer.value.reasons.join(',') || printer.value.device : null;
            if (attention !== lastAttention) {
              options.onProgress?.({ kind: 'attention', job, printer: printer.value, cleared: attention === null });
              lastAttention = attention;
            }
          }
        } else if (r.error.code === 'canceled') {
          if (deadline.signal.aborted) return err({ code: 'timeout', message: `job ${jobId} on ${this.kind} printer did not finish within ${timeoutMs} ms`, stillRunning: true });
          return r;
        } else if (r.error.code === 'unreachable' || r.error.code === 'timeout') {
          // One slow or dropped answer is not a lost printer: ask again, backing off, until it has
          // been silent for `lostAfterMs` (the job's own deadline still bounds the whole watch).
          const now = Date.now();
          failingSince ??= now;
          failures += 1;
          if (now - failingSince >= this.#lostAfterMs) return r;
          await sleep(Math.min(pollMs * 2 ** failures, 2000), signal);
          continue;
        } else {
          return r;
        }
        await sleep(pollMs, signal);
        if (signal.aborted) {
          if (deadline.signal.aborted) return err({ code: 'timeout', message: `job ${jobId} on ${this.kind} printer did not finish within ${timeoutMs} ms`, stillRunning: true });
          return err({ code: 'canceled', message: `watching job ${jobId} was canceled` });
        }
      }
    } finally {
      clearTimeout(timer);
    }
  }

  async cancel(jobId: number, options: CallOptions = {}): Promise<Result<void, PrinterError>> {
    const r = await this.#call('Cancel-Job', { operation: { 'job-id': jobId, 'requesting-user-name': this.#userName } }, options);
    this.#opts.log?.event('printer.job_cancel', { printer: this.kind, jobId, ok: r.ok, error: r.ok ? undefined : r.error.code });
    if (!r.ok) {
      // Canceling a job that already finished is not a failure of the cancel: the caller asks the job.
      if (r.error.ippStatus === 'client-error-not-possible') return ok(undefined);
      return r;
    }
    return ok(undefined);
  }

  async close(): Promise<void> {
    this.#polling = false;
    if (this.#pollTimer) clearTimeout(this.#pollTimer);
    this.#closing.abort();
  }
}
