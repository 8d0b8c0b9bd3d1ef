import type { FinishedJob, JobInfo } from '../../devices/document-printer/types.ts';
import type { LedgerState } from '../store/print-ledger.ts';

/*
 * The one decision table of the print transaction: what a ledger row in a given state becomes, given
 * the evidence the kiosk has. The live print (steps.ts), boot reconciliation (reconcile.ts) and a
 * technician's or operator's resolution (resolve.ts) all decide here, so the same evidence always
 * gives the same answer. docs/devices/document-printer.md shows the table.
 *
 * The rule behind every line: `released` only when nothing can have come out; `printed` only when
 * the printer said completed; everything else is `unknown`, held until a person with evidence decides.
 */

export type Verdict = { to: 'printed' | 'released' | 'unknown'; why: string };

export type Evidence =
  /** Nothing reached a printer: the claim, the render or the printer's own "no" before any job existed. */
  | { kind: 'never_sent'; why: string }
  /** The printer answered Print-Job with its own "no", or refused the connection: no job exists. */
  | { kind: 'printer_refused'; why: string }
  /** Print-Job went out but its answer was lost, and the printer does not list the job (or cannot be asked). */
  | { kind: 'send_unanswered'; why: string }
  /** The printer says how the job ended. */
  | { kind: 'job_ended'; job: FinishedJob | JobInfo }
  /** The job can no longer be asked about: printer silent, job forgotten, ids reused. */
  | { kind: 'job_lost'; why: string };

/**
 * What a finished job means. Completed is printed. Anything that may have put paper or a card out is
 * unknown: sheets reported, a cancel after printing began (printers finish the sheet in hand, and
 * ippeveprinter even prints a held job it was told to cancel once paper is back), or an abort after
 * printing began on a printer that does not count sheets (card printers often do not). Aborted or
 * canceled before printing began, or aborted with a sheet count of zero, is released.
 */
function jobVerdict(job: FinishedJob | JobInfo): Verdict {
  const reasons = job.reasons.length ? ` (${job.reasons.join(', ')})` : '';
  if (job.state === 'completed') return { to: 'printed', why: `job ${job.id} completed${reasons}` };
  if ((job.sheetsCompleted ?? 0) > 0) return { to: 'unknown', why: `job ${job.id} ${job.state} after ${job.sheetsCompleted} sheet(s) came out${reasons}` };
  if (job.processingStarted && job.state === 'canceled') return { to: 'unknown', why: `job ${job.id} canceled after printing began: a sheet may have come out${reasons}` };
  if (job.processingStarted && job.sheetsCompleted === null) return { to: 'unknown', why: `job ${job.id} ${job.state} after printing began, and the printer counts no sheets: a document may have come out${reasons}` };
  if (job.state === 'canceled' || job.state === 'aborted') return { to: 'released', why: `job ${job.id} ${job.state} with nothing out${reasons}` };
  return { to: 'unknown', why: `job ${job.id} is still ${job.state}${reasons}` };
}

/** The table: ledger state × evidence → printed | released | unknown. */
export function decide(state: LedgerState, submitStarted: boolean, evidence: Evidence): Verdict {
  switch (evidence.kind) {
    case 'never_sent':
      // Only a row that never began sending can know nothing reached the printer.
      if (state === 'claimed' || (state === 'rendered' && !submitStarted)) return { to: 'released', why: evidence.why };
      return { to: 'unknown', why: `${evidence.why}, but the row was already ${state}${submitStarted ? ' and sending' : ''}` };
    case 'printer_refused':
      if (state === 'claimed' || state === 'rendered') return { to: 'released', why: evidence.why };
      return { to: 'unknown', why: `${evidence.why}, but the row was already ${state}` };
    case 'send_unanswered':
      // A printer that keeps no finished-job history, or hides job names, may have printed it.
      return { to: 'unknown', why: evidence.why };
    case 'job_ended':
      return jobVerdict(evidence.job);
    case 'job_lost':
      return { to: 'unknown', why: evidence.why };
  }
}
