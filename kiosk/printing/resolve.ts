import { isFinalJobState, type DocumentPrinter } from '../../devices/document-printer/types.ts';
import { err, ok, type Result } from '../result.ts';
import type { LedgerRow } from '../store/print-ledger.ts';
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
