import type { DocumentPrinter, FinishedJob, JobInfo } from '../../devices/document-printer/types.ts';
import { isFinalJobState } from '../../devices/document-printer/types.ts';
import type { KioskLogger } from '../log/logger.ts';
import type { Registry } from '../registry/registry.ts';
import type { LedgerRow, LedgerState, PrintLedger, PrinterKind } from './print-ledger.ts';

/*
 * Settling what a crash left half-way, before the kiosk opens. The rules (ARCHITECTURE.md, issue 4):
 * claimed, or rendered and never sent → released; sent → ask the printer: completed → printed,
 * aborted or canceled with no sheet out → released; no answer, a job the printer no longer knows,
 * or any sign that paper came out of a job that did not complete → unknown, for a technician.
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

/**
 * What a finished job means for the ledger. Completed is printed. Aborted (the printer gave up:
 * a jam) and canceled before printing began are released. Anything that may have put paper out —
 * sheets reported, or a cancel after printing began (printers finish the sheet in hand, and
 * ippeveprinter even prints a held job it was told to cancel once paper is back) — is unknown.
 */
export function verdictOf(job: FinishedJob | JobInfo): { to: 'printed' | 'released' | 'unknown'; why: string } {
  const reasons = job.reasons.length ? ` (${job.reasons.join(', ')})` : '';
  if (job.state === 'completed') return { to: 'printed', why: `job ${job.id} completed${reasons}` };
  if ((job.sheetsCompleted ?? 0) > 0) return { to: 'unknown', why: `job ${job.id} ${job.state} after ${job.sheetsCompleted} sheet(s) came out${reasons}` };
  if (job.state === 'canceled' && job.processingStarted) return { to: 'unknown', why: `job ${job.id} canceled after printing began: a sheet may have come out${reasons}` };
  return { to: 'released', why: `job ${job.id} ${job.state}${reasons}` };
}

async function settleJob(row: LedgerRow, printer: DocumentPrinter, jobId: number, options: ReconcileOptions): Promise<{ to: 'printed' | 'released' | 'unknown'; why: string }> {
  const call = options.signal ? { signal: options.signal } : {};
  const first = await printer.job(jobId, call);
  if (!first.ok) {
    return { to: 'unknown', why: first.error.code === 'not_found' ? `the printer no longer knows job ${jobId} (restarted or history cleared)` : `the printer did not answer about job ${jobId}: ${first.error.message}` };
  }
  if (row.jobName && first.value.name && first.value.name !== row.jobName) {
    return { to: 'unknown', why: `job ${jobId} on the printer is "${first.value.name}", not this row's "${row.jobName}" (job ids reused after a printer restart)` };
  }
  if (isFinalJobState(first.value.state)) return verdictOf(first.value);
  const watched = await printer.watch(jobId, { ...call, timeoutMs: options.waitForJobMs });
  if (watched.ok) return verdictOf(watched.value);
  if (!watched.error.stillRunning) return { to: 'unknown', why: `watching job ${jobId} failed: ${watched.error.message}` };
  // Nobody is waiting for this document any more: stop it rather than print it for no one.
  const canceled = await printer.cancel(jobId, call);
  if (!canceled.ok) return { to: 'unknown', why: `job ${jobId} still ${first.value.state} and Cancel-Job failed: ${canceled.error.message}` };
  const after = await printer.watch(jobId, { ...call, timeoutMs: options.cancelWaitMs ?? 10_000 });
  if (!after.ok) return { to: 'unknown', why: `job ${jobId} did not confirm the cancel: ${after.error.message}` };
  return verdictOf(after.value);
}

async function reconcileRow(ledger: PrintLedger, row: LedgerRow, printers: Printers, options: ReconcileOptions): Promise<{ to: LedgerState; why: string } | null> {
  if (row.state === 'claimed') {
    const moved = ledger.markReleased(row.id, 'interrupted before the document was rendered');
    return moved.ok ? { to: 'released', why: 'claimed, never rendered' } : null;
  }
  if (row.state === 'rendered' && row.submitStartedAt === null) {
    const moved = ledger.markReleased(row.id, 'interrupted before the job was sent to the printer');
    return moved.ok ? { to: 'released', why: 'rendered, never sent' } : null;
  }
  const printer = printers[row.printer];
  if (!printer) {
    const moved = ledger.markUnknown(row.id, `no ${row.printer} printer configured to ask`);
    return moved.ok ? { to: 'unknown', why: `no ${row.printer} printer to ask` } : null;
  }
  let jobId = row.jobId;
  if (row.state === 'rendered') {
    // Print-Job may or may not have reached the printer: look for the job by its name.
    const found = await printer.findJobs(row.jobName ?? '', options.signal ? { signal: options.signal } : {});
    if (!found.ok) {
      const moved = ledger.markUnknown(row.id, `sending was interrupted and the printer did not answer: ${found.error.message}`);
      return moved.ok ? { to: 'unknown', why: 'send interrupted, printer silent' } : null;
    }
    const job = found.value.sort((a, b) => b.id - a.id)[0];
    if (!job) {
      // Either it never arrived or the printer forgot it; paper may have come out: a technician decides.
      const moved = ledger.markUnknown(row.id, 'sending was interrupted and the printer has no job with this name');
      return moved.ok ? { to: 'unknown', why: 'send interrupted, no such job on the printer' } : null;
    }
    const adopted = ledger.markSubmitted(row.id, job.id);
    if (!adopted.ok) return null;
    jobId = job.id;
  }
  if (jobId === null) return null;
  const verdict = await settleJob({ ...row, jobId }, printer, jobId, options);
  const moved =
    verdict.to === 'printed'
      ? ledger.markPrinted(row.id, { reason: verdict.why, sheets: null })
      : verdict.to === 'released'
        ? ledger.markReleased(row.id, verdict.why)
        : ledger.markUnknown(row.id, verdict.why);
  return moved.ok ? verdict : null;
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
    if (result.to === 'printed') report.printed++;
    else if (result.to === 'released') report.released++;
    else if (result.to === 'unknown') report.unknown++;
    options.log?.event('print.reconciled_row', { ledgerId: row.id, applicationId: row.applicationId, from: row.state, to: result.to, why: result.why });
  }
  options.log?.event('print.reconcile_finished', { rows: rows.length, printed: report.printed, released: report.released, unknown: report.unknown });
  return report;
}

export interface SyncReport {
  synced: number;
  failed: number;
}

type RegistryOutcomes = Pick<Registry, 'confirmPrinted' | 'release'>;

/**
 * Tells the registry one row's final outcome (confirm printed, or release) and records that it
 * did. Both calls are idempotent per ledger id, so a crash between the call and the record only
 * repeats the call. Returns whether the registry acknowledged.
 */
export async function syncRow(ledger: PrintLedger, registry: RegistryOutcomes, row: LedgerRow, options: { signal?: AbortSignal; log?: KioskLogger } = {}): Promise<boolean> {
  if (row.registrySync !== 'pending') return row.registrySync === 'done';
  const call = options.signal ? { signal: options.signal } : {};
  const r = row.state === 'printed' ? await registry.confirmPrinted(row.applicationId, row.id, call) : await registry.release(row.applicationId, row.id, row.reason ?? 'not printed', call);
  // Releasing a claim the registry never recorded (the kiosk died before the claim arrived), or
  // a document it does not know, leaves nothing held: that is done too.
  if (r.ok || (row.state === 'released' && (r.error.code === 'not_claimed' || r.error.code === 'not_found'))) {
    ledger.markRegistrySynced(row.id);
    options.log?.event('print.registry_synced', { ledgerId: row.id, applicationId: row.applicationId, outcome: row.state });
    return true;
  }
  options.log?.event('print.registry_sync_failed', { ledgerId: row.id, applicationId: row.applicationId, outcome: row.state, code: r.error.code, error: r.error.message });
  return false;
}

/** Tells the registry every final outcome it has not acknowledged yet. */
export async function syncRegistry(ledger: PrintLedger, registry: RegistryOutcomes, options: { signal?: AbortSignal; log?: KioskLogger } = {}): Promise<SyncReport> {
  const report: SyncReport = { synced: 0, failed: 0 };
  for (const row of ledger.pendingRegistrySync()) {
    if (options.signal?.aborted) break;
    if (await syncRow(ledger, registry, row, options)) report.synced++;
    else report.failed++;
  }
  return report;
}
