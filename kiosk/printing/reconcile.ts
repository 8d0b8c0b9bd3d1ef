import type { DocumentPrinter } from '../../devices/document-printer/types.ts';
import { isFinalJobState } from '../../devices/document-printer/types.ts';
import type { KioskLogger } from '../log/logger.ts';
import type { LedgerRow, LedgerState, PrintLedger, Printed, PrinterKind } from '../store/print-ledger.ts';
import { decide, type Evidence, type Verdict } from './verdict.ts';

/*
 * Settling what a crash left half-way, before the kiosk opens: each unfinished row is turned into
 * evidence (what the printer says about its job) and decided by the one table in verdict.ts.
 * A job still printing is watched, then canceled and the cancel confirmed: nobody waits for it.
 */

export interface ReconcileOptions {
  signal?: AbortSignal;
  /** How long boot waits for a job that is still printing before it cancels it. */
  waitForJobMs: number;
  /** Deadline of the cancel-and-confirm that follows. */
  cancelWaitMs?: number;
  log?: KioskLogger;
}

export interface ReconcileReport {
  rows: number;
  printed: number;
  released: number;
  unknown: number;
  /** Per row: how it ended and why. */
  outcomes: Array<{ id: string; from: LedgerState; to: LedgerState; why: string }>;
}

export type Printers = Partial<Record<PrinterKind, DocumentPrinter>>;

/** What the printer says about one job the row sent, after waiting for (or stopping) a running one. */
async function jobEvidence(row: Pick<LedgerRow, 'jobName'>, printer: DocumentPrinter, jobId: number, options: ReconcileOptions): Promise<Evidence> {
  const call = options.signal ? { signal: options.signal } : {};
  const first = await printer.job(jobId, call);
  if (!first.ok) {
    return { kind: 'job_lost', why: first.error.code === 'not_found' ? `the printer no longer knows job ${jobId} (restarted or history cleared)` : `the printer did not answer about job ${jobId}: ${first.error.message}` };
  }
  if (row.jobName && first.value.name && first.value.name !== row.jobName) {
    return { kind: 'job_lost', why: `job ${jobId} on the printer is "${first.value.name}", not this row's "${row.jobName}" (job ids reused after a printer restart)` };
  }
  if (isFinalJobState(first.value.state)) return { kind: 'job_ended', job: first.value };
  const watched = await printer.watch(jobId, { ...call, timeoutMs: options.waitForJobMs });
  if (watched.ok) return { kind: 'job_ended', job: watched.value };
  if (!watched.error.stillRunning) return { kind: 'job_lost', why: `watching job ${jobId} failed: ${watched.error.message}` };
  return stopJob(printer, jobId, `job ${jobId} still ${first.value.state}`, { ...call, timeoutMs: options.cancelWaitMs ?? 10_000 });
}

/** Cancel-Job, then watch until the printer says how the job ended. */
export async function stopJob(printer: DocumentPrinter, jobId: number, why: string, options: { signal?: AbortSignal; timeoutMs: number }): Promise<Evidence> {
  const call = options.signal ? { signal: options.signal } : {};
  const canceled = await printer.cancel(jobId, call);
  if (!canceled.ok) return { kind: 'job_lost', why: `${why}; Cancel-Job failed: ${canceled.error.message}` };
  const after = await printer.watch(jobId, { ...call, timeoutMs: options.timeoutMs });
  if (!after.ok) return { kind: 'job_lost', why: `${why}; the cancel was not confirmed: ${after.error.message}` };
  return { kind: 'job_ended', job: after.value };
}

/** Evidence for a row that may have sent a job: by its id, or else by its name on the printer. */
async function rowEvidence(ledger: PrintLedger, row: LedgerRow, printer: DocumentPrinter, options: ReconcileOptions): Promise<Evidence | null> {
  let jobId = row.jobId;
  if (jobId === null) {
    const found = await printer.findJobs(row.jobName ?? '', options.signal ? { signal: options.signal } : {});
    if (!found.ok) return { kind: 'send_unanswered', why: `sending was interrupted and the printer did not answer: ${found.error.message}` };
    const job = found.value.sort((a, b) => b.id - a.id)[0];
    if (!job) return { kind: 'send_unanswered', why: 'sending was interrupted and the printer lists no job with this name' };
    const adopted = ledger.markSubmitted(row.id, job.id);
    if (!adopted.ok) return null;
    jobId = job.id;
  }
  return jobEvidence(row, printer, jobId, options);
}

/** Moves a row to where a verdict says; null when someone else moved it meanwhile. */
export function applyVerdict(ledger: PrintLedger, id: string, verdict: Verdict, sheets: number | null = null): Printed | null {
  if (verdict.to === 'printed') {
    const printed = ledger.markPrinted(id, { reason: verdict.why, sheets });
    return printed.ok ? printed.value : null;
  }
  const moved = verdict.to === 'released' ? ledger.markReleased(id, verdict.why) : ledger.markUnknown(id, verdict.why);
  return moved.ok ? { row: moved.value, consumable: null } : null;
}

async function reconcileRow(ledger: PrintLedger, row: LedgerRow, printers: Printers, options: ReconcileOptions): Promise<Verdict | null> {
  const sent = row.submitStartedAt !== null;
  let evidence: Evidence | null;
  if (row.state === 'claimed') evidence = { kind: 'never_sent', why: 'interrupted before the document was rendered' };
  else if (row.state === 'rendered' && !sent) evidence = { kind: 'never_sent', why: 'interrupted before the job was sent to the printer' };
  else {
    const printer = printers[row.printer];
    evidence = printer ? await rowEvidence(ledger, row, printer, options) : { kind: 'job_lost', why: `no ${row.printer} printer configured to ask` };
  }
  if (!evidence) return null;
  const now = ledger.get(row.id);
  if (!now) return null;
  const verdict = decide(now.state, now.submitStartedAt !== null, evidence);
  return applyVerdict(ledger, row.id, verdict) ? verdict : null;
}

/** Settles every unfinished row. Rows never go back to a state that could print again. */
export async function reconcileLedger(ledger: PrintLedger, printers: Printers, options: ReconcileOptions): Promise<ReconcileReport> {
  const rows = ledger.unfinished();
  const report: ReconcileReport = { rows: rows.length, printed: 0, released: 0, unknown: 0, outcomes: [] };
  options.log?.event('print.reconcile_started', { rows: rows.length });
  for (const row of rows) {
    const result = await reconcileRow(ledger, row, printers, options);
    if (!result) continue; // moved by someone else meanwhile: nothing to do
    report.outcomes.push({ id: row.id, from: row.state, to: result.to, why: result.why });
    report[result.to]++;
    options.log?.event('print.reconciled_row', { ledgerId: row.id, applicationId: row.applicationId, from: row.state, to: result.to, why: result.why });
  }
  options.log?.event('print.reconcile_finished', { rows: rows.length, printed: report.printed, released: report.released, unknown: report.unknown });
  return report;
}
