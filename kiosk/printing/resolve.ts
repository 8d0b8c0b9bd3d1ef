import { isFinalJobState, type DocumentPrinter, type JobInfo } from '../../devices/document-printer/types.ts';
import { err, ok, type Result } from '../../core/result.ts';
import type { KioskLogger } from '../log/logger.ts';
import type { LedgerRow, PrintLedger, PrinterKind } from '../store/print-ledger.ts';
import { syncRow, type RegistryOutcomes } from './registry-sync.ts';
import { stopJob } from './reconcile.ts';

/*
 * Before a person's "nothing came out" gives an entitlement back, the printer must show that the
 * job can no longer print: it ended, or it is canceled and seen to end, or the printer holds no job
 * of this row. A job only held (paper out, jam) prints as soon as paper is back: releasing it then
 * would let the citizen print a second copy.
 */

export type ResolveRefusal = { code: 'printer_silent' | 'job_still_running' | 'job_completed' | 'no_printer'; message: string };

export interface JobGoneOptions {
  signal?: AbortSignal;
  /** How long the printer may take to confirm a cancel. */
  cancelWaitMs: number;
}

/** Ok when the row's job cannot print any more (canceling it first if it still could). */
export async function ensureJobGone(row: LedgerRow, printer: DocumentPrinter | undefined, options: JobGoneOptions): Promise<Result<string, ResolveRefusal>> {
  if (row.submitStartedAt === null) return ok('the job was never sent');
  if (!printer) return err({ code: 'no_printer', message: `no ${row.printer} printer to ask whether the job is gone` });
  const call = options.signal ? { signal: options.signal } : {};
  const ids = new Set<number>();
  if (row.jobId !== null) {
    const job = await printer.job(row.jobId, call);
    if (job.ok && (!row.jobName || !job.value.name || job.value.name === row.jobName)) {
      // The printer says it printed: only "printed" can answer that (a sheet stuck at the exit included).
      if (job.value.state === 'completed') return err({ code: 'job_completed', message: `the printer reports job ${job.value.id} completed: look in the output tray and answer "printed"` });
      if (isFinalJobState(job.value.state)) return ok(`job ${job.value.id} is ${job.value.state}`);
      ids.add(job.value.id);
    } else if (!job.ok && job.error.code !== 'not_found') {
      return err({ code: 'printer_silent', message: `the printer did not answer about job ${row.jobId}: ${job.error.message}` });
    }
  }
  if (row.jobName) {
    const found = await printer.findJobs(row.jobName, call);
    if (!found.ok) return err({ code: 'printer_silent', message: `the printer did not list its jobs: ${found.error.message}` });
    const completed = found.value.find((j) => j.state === 'completed');
    if (completed) return err({ code: 'job_completed', message: `the printer reports job ${completed.id} completed: look in the output tray and answer "printed"` });
    for (const j of found.value) if (!isFinalJobState(j.state)) ids.add(j.id);
  }
  for (const id of ids) {
    const ended = await stopJob(printer, id, `job ${id} of this print was still on the printer`, { ...call, timeoutMs: options.cancelWaitMs });
    if (ended.kind !== 'job_ended') return err({ code: 'job_still_running', message: `${ended.why}: load paper or clear the printer, let the job end, then answer again` });
  }
  return ok(ids.size > 0 ? `canceled job ${[...ids].join(', ')} and saw it end` : 'the printer holds no job of this print');
}

/** What the printer says about a row's job, by its id and by its name: for the person who must decide. */
export async function printerEvidence(row: LedgerRow, printer: DocumentPrinter | undefined, options: { signal?: AbortSignal } = {}): Promise<Record<string, unknown>> {
  if (!printer) return { printer: `no ${row.printer} printer configured` };
  const call = options.signal ? { signal: options.signal } : {};
  const describe = (j: JobInfo) => ({ id: j.id, state: j.state, reasons: j.reasons, sheetsCompleted: j.sheetsCompleted, processingStarted: j.processingStarted, sameName: row.jobName !== null && j.name === row.jobName });
  const byId = row.jobId === null ? null : await printer.job(row.jobId, call);
  const byName = row.jobName ? await printer.findJobs(row.jobName, call) : null;
  const status = printer.status();
  return {
    printer: { kind: printer.kind, device: status.device, state: status.ippState, reasons: status.reasons, paper: status.paper ?? null, media: status.media ?? null },
    jobById: byId === null ? null : byId.ok ? describe(byId.value) : { error: byId.error.code, message: byId.error.message },
    jobsByName: byName === null ? null : byName.ok ? byName.value.map(describe) : { error: byName.error.code, message: byName.error.message },
  };
}

export interface ResolveDeps {
  ledger: PrintLedger;
  printers: Partial<Record<PrinterKind, DocumentPrinter>>;
  /** Told the outcome at once; the periodic sync retries when it does not answer. */
  registry: RegistryOutcomes | null;
  /** How long the printer may take to confirm a cancel. */
  cancelWaitMs: number;
  /** Deadline of the registry call. */
  registryDeadlineMs: number;
  log?: KioskLogger;
}

export type ResolveError = ResolveRefusal | { code: 'not_found' | 'wrong_state'; message: string };

/**
 * A person's answer to an unknown print (a technician at the kiosk, an operator through the fleet):
 * `printed` (the citizen has the document) or `not_printed` (nothing usable came out; the
 * entitlement goes back once the printer shows the job can no longer print). Decides once.
 */
export async function resolvePrint(deps: ResolveDeps, ledgerId: string, decision: 'printed' | 'not_printed', by: string, note: string): Promise<Result<{ row: LedgerRow; registryTold: boolean }, ResolveError>> {
  const current = deps.ledger.get(ledgerId);
  let evidence = '';
  if (decision === 'not_printed' && current?.state === 'unknown') {
    const gone = await ensureJobGone(current, deps.printers[current.printer], { cancelWaitMs: deps.cancelWaitMs, signal: AbortSignal.timeout(deps.cancelWaitMs + 5000) });
    if (!gone.ok) {
      deps.log?.event('print.resolve_refused', { ledgerId, code: gone.error.code, why: gone.error.message });
      return gone;
    }
    evidence = ` (${gone.value})`;
  }
  const moved = deps.ledger.resolve(ledgerId, decision === 'printed' ? 'printed' : 'released', by, (note || (decision === 'printed' ? 'found printed' : 'not printed')) + evidence);
  if (!moved.ok) return err({ code: moved.error.code === 'not_found' ? 'not_found' : 'wrong_state', message: moved.error.message });
  deps.log?.event('print.resolved', { ledgerId, decision, by });
  const registryTold = deps.registry ? await syncRow(deps.ledger, deps.registry, moved.value, { signal: AbortSignal.timeout(deps.registryDeadlineMs), ...(deps.log ? { log: deps.log } : {}) }) : false;
  return ok({ row: deps.ledger.get(ledgerId) ?? moved.value, registryTold });
}
