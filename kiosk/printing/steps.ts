import { isFinalJobState, jobNameFor, type DocumentPrinter, type FinishedJob, type PrinterError } from '../../devices/document-printer/types.ts';
import { DOCUMENT_MEDIA } from '../registry/types.ts';
import { err, ok, type Result } from '../result.ts';
import { stopJob } from './reconcile.ts';
import { syncRow } from './registry-sync.ts';
import { decide, type Evidence } from './verdict.ts';
import type { LedgerError, LedgerRow } from '../store/print-ledger.ts';
import type { Claimed, PrintDeps, PrintDone, PrintError, PrintRequest, PrintStepOptions, RenderedPdf, RenderFn, Submitted, WatchOutcome, WatchStepOptions } from './types.ts';

/*
 * The print pipeline, one step per function so the journey's XState print machine can invoke each
 * as an actor: claim → render → submit → watch → settle. Every ledger move is committed before the
 * next side effect (registry call, Print-Job, Cancel-Job) starts, so a crash anywhere leaves a row
 * that boot reconciliation can settle without printing anything twice.
 */

const REGISTRY_MAY_HAVE_CLAIMED = new Set(['unavailable', 'timeout', 'bad_response']);

function conflict(ledgerId: string, e: LedgerError): PrintError {
  return { code: 'ledger_conflict', message: e.message, ledgerId, ...(e.code === 'wrong_state' ? { state: e.state } : {}) };
}

/** Tells the registry now; if it does not answer, the row stays pending and is retried later. */
async function tellRegistry(deps: PrintDeps, row: LedgerRow): Promise<boolean> {
  // Not the caller's signal: once decided, the outcome should reach the registry even if the session ends.
  const told = await syncRow(deps.ledger, deps.registry, row, deps.log ? { log: deps.log } : {});
  deps.trace?.('settle:registry-told', row.id);
  return told;
}

async function release(deps: PrintDeps, ledgerId: string, reason: string): Promise<LedgerRow | null> {
  const moved = deps.ledger.markReleased(ledgerId, reason);
  if (!moved.ok) return null;
  deps.log?.event('print.released', { ledgerId, applicationId: moved.value.applicationId, reason });
  deps.trace?.('settle:committed', ledgerId);
  await tellRegistry(deps, moved.value);
  return moved.value;
}

function unknown(deps: PrintDeps, ledgerId: string, reason: string): void {
  const moved = deps.ledger.markUnknown(ledgerId, reason);
  if (moved.ok) {
    deps.log?.event('print.unknown', { ledgerId, applicationId: moved.value.applicationId, reason });
    deps.trace?.('settle:committed', ledgerId);
  }
}

function printerOf(deps: PrintDeps, row: LedgerRow): DocumentPrinter | undefined {
  return deps.printers[row.printer];
}

/**
 * Step 1: a ledger row in `claimed` (committed), then the registry reserves the document for it.
 * A refusal fails the row (nothing held); no answer releases it (the registry may have reserved).
 */
export async function claimPrint(deps: PrintDeps, request: PrintRequest, options: PrintStepOptions = {}): Promise<Result<Claimed, PrintError>> {
  const printer = DOCUMENT_MEDIA[request.documentType];
  const created = deps.ledger.create({ applicationId: request.applicationId, documentType: request.documentType, subjectRef: deps.subjectRef(request.nik), printer });
  if (!created.ok) {
    return err({ code: created.error.code === 'already_live' ? 'already_live' : 'ledger_conflict', message: created.error.message, ...(created.error.code === 'already_live' ? { ledgerId: created.error.existingId } : {}) });
  }
  const ledgerId = created.value.id;
  deps.trace?.('claim:row-committed', ledgerId);
  const claimed = await deps.registry.claim(
    { applicationId: request.applicationId, ledgerId, nik: request.nik, proof: request.proof, kioskId: deps.kioskId },
    options.signal ? { signal: options.signal } : {},
  );
  deps.trace?.('claim:registry-answered', ledgerId);
  if (!claimed.ok) {
    if (REGISTRY_MAY_HAVE_CLAIMED.has(claimed.error.code)) {
      const row = await release(deps, ledgerId, `registry did not answer the claim: ${claimed.error.code}`);
      return err({ code: 'registry_unavailable', message: claimed.error.message, ledgerId, state: row?.state ?? 'claimed', registry: claimed.error });
    }
    const failed = deps.ledger.markFailed(ledgerId, `registry refused: ${claimed.error.code}`);
    deps.log?.event('print.claim_refused', { ledgerId, applicationId: request.applicationId, code: claimed.error.code });
    return err({ code: 'claim_refused', message: claimed.error.message, ledgerId, state: failed.ok ? 'failed' : 'claimed', registry: claimed.error });
  }
  const pkg = claimed.value;
  if (pkg.ledgerId !== ledgerId || pkg.application.id !== request.applicationId || pkg.content.type !== request.documentType) {
    const row = await release(deps, ledgerId, 'registry answered with a package for another print');
    return err({ code: 'registry_unavailable', message: `registry returned ${pkg.application.id}/${pkg.ledgerId} for ${request.applicationId}/${ledgerId}`, ledgerId, state: row?.state ?? 'claimed' });
  }
  deps.log?.event('print.claimed', { ledgerId, applicationId: request.applicationId, documentType: request.documentType, printer });
  return ok({ ledgerId, pkg, printer });
}

/** Step 2: render the PDF (in memory only: it holds personal data); the row becomes `rendered`. */
export async function renderPrint(deps: PrintDeps, claimed: Claimed, render: RenderFn, options: PrintStepOptions = {}): Promise<Result<RenderedPdf, PrintError>> {
  const { ledgerId } = claimed;
  const signal = options.signal ?? new AbortController().signal;
  let rendered: Awaited<ReturnType<RenderFn>>;
  try {
    rendered = await render(claimed.pkg, signal);
  } catch (e) {
    rendered = err({ code: 'render_threw', message: (e as Error).message });
  }
  if (!rendered.ok) {
    const row = await release(deps, ledgerId, `render failed: ${rendered.error.code}`);
    return err({ code: 'render_failed', message: rendered.error.message, ledgerId, state: row?.state ?? 'claimed' });
  }
  const moved = deps.ledger.markRendered(ledgerId, rendered.value.pages);
  if (!moved.ok) return err(conflict(ledgerId, moved.error));
  deps.trace?.('render:committed', ledgerId);
  deps.log?.event('print.rendered', { ledgerId, pages: rendered.value.pages, bytes: rendered.value.pdf.byteLength });
  return ok(rendered.value);
}

/**
 * Step 3: record the intent to send (committed), send Print-Job, record the job id. When the answer
 * to Print-Job was lost, the printer is asked for the job by its name before anything is decided.
 */
export async function submitPrint(deps: PrintDeps, ledgerId: string, rendered: RenderedPdf, options: PrintStepOptions = {}): Promise<Result<Submitted, PrintError>> {
  const row = deps.ledger.get(ledgerId);
  if (!row) return err({ code: 'ledger_conflict', message: `no ledger row ${ledgerId}`, ledgerId });
  const printer = printerOf(deps, row);
  if (!printer) {
    const released = await release(deps, ledgerId, `no ${row.printer} printer configured`);
    return err({ code: 'printer_not_ready', message: `no ${row.printer} printer`, ledgerId, state: released?.state ?? row.state });
  }
  // Asked before the intent is recorded, so a crash here leaves a row that was certainly never sent.
  const ready = await printer.checkReady(options.signal ? { signal: options.signal } : {});
  if (!ready.ok) {
    if (options.signal?.aborted) return err({ code: 'interrupted', message: ready.error.message, ledgerId, state: 'rendered', printer: ready.error });
    const released = await release(deps, ledgerId, `printer not ready: ${ready.error.code} ${ready.error.status?.reasons.join(',') ?? ''}`.trim());
    return err({ code: 'printer_not_ready', message: ready.error.message, ledgerId, state: released?.state ?? 'rendered', printer: ready.error, ...(ready.error.status ? { printerStatus: ready.error.status } : {}) });
  }
  const jobName = jobNameFor(ledgerId);
  const intent = deps.ledger.markSubmitting(ledgerId, printer.uri, jobName);
  if (!intent.ok) return err(conflict(ledgerId, intent.error));
  deps.trace?.('submit:intent-committed', ledgerId);

  const sent = await printer.submit({ name: jobName, pdf: rendered.pdf, ...(options.signal ? { signal: options.signal } : {}) });
  let jobId: number;
  if (sent.ok) {
    jobId = sent.value.id;
  } else if (!sent.error.maybeAccepted) {
    const released = await release(deps, ledgerId, `printer did not take the job: ${sent.error.code}`);
    return err({ code: 'printer_not_ready', message: sent.error.message, ledgerId, state: released?.state ?? 'rendered', printer: sent.error, ...(sent.error.status ? { printerStatus: sent.error.status } : {}) });
  } else if (options.signal?.aborted) {
    return err({ code: 'interrupted', message: `sending was interrupted: ${sent.error.message}`, ledgerId, state: 'rendered', printer: sent.error });
  } else {
    const found = await printer.findJobs(jobName);
    if (!found.ok) {
      unknown(deps, ledgerId, `Print-Job answer lost (${sent.error.code}) and the printer did not answer after: ${found.error.code}`);
      return err({ code: 'outcome_unknown', message: sent.error.message, ledgerId, state: 'unknown', printer: sent.error });
    }
    const job = found.value.sort((a, b) => b.id - a.id)[0];
    if (!job) {
      // Not proof that nothing printed: a printer that keeps no finished-job history lists nothing.
      const why = `Print-Job answer lost (${sent.error.code}) and the printer lists no job with this name`;
      unknown(deps, ledgerId, decide('rendered', true, { kind: 'send_unanswered', why }).why);
      return err({ code: 'outcome_unknown', message: why, ledgerId, state: 'unknown', printer: sent.error });
    }
    jobId = job.id;
  }
  deps.trace?.('submit:accepted', ledgerId);
  const moved = deps.ledger.markSubmitted(ledgerId, jobId);
  if (!moved.ok) return err(conflict(ledgerId, moved.error));
  deps.trace?.('submit:committed', ledgerId);
  deps.log?.event('print.submitted', { ledgerId, printer: row.printer, jobId });
  return ok({ ledgerId, jobId });
}

/** Cancels the job and waits for the printer to confirm; `lost` when it does not. */
async function cancelAndConfirm(printer: DocumentPrinter, jobId: number, why: string, deps: PrintDeps): Promise<WatchOutcome> {
  const evidence = await stopJob(printer, jobId, why, { timeoutMs: deps.cancelWaitMs ?? 30_000 });
  if (evidence.kind === 'job_ended' && isFinalJobState(evidence.job.state)) return { kind: 'finished', job: evidence.job as FinishedJob };
  return { kind: 'lost', why: evidence.kind === 'job_lost' ? evidence.why : why };
}

/** A watch outcome as evidence for the decision table. */
const evidenceOf = (outcome: WatchOutcome): Evidence => (outcome.kind === 'lost' ? { kind: 'job_lost', why: outcome.why } : { kind: 'job_ended', job: outcome.job });

/**
 * Step 4: poll the job until it ends. A job that waits for a technician longer than
 * `attentionTimeoutMs`, or runs past `jobTimeoutMs`, is canceled and the cancel confirmed.
 */
export async function watchPrint(deps: PrintDeps, ledgerId: string, options: WatchStepOptions = {}): Promise<Result<WatchOutcome, PrintError>> {
  const row = deps.ledger.get(ledgerId);
  if (!row || row.state !== 'submitted' || row.jobId === null) {
    return err({ code: 'ledger_conflict', message: `ledger row ${ledgerId} is ${row?.state ?? 'missing'}, not submitted`, ledgerId, ...(row ? { state: row.state } : {}) });
  }
  const printer = printerOf(deps, row);
  if (!printer) return ok({ kind: 'lost', why: `no ${row.printer} printer to ask` });
  const jobId = row.jobId;
  const attention = new AbortController();
  let attentionTimer: NodeJS.Timeout | null = null;
  const signals = [attention.signal, ...(options.signal ? [options.signal] : [])];
  let watched: Result<FinishedJob, PrinterError>;
  try {
    watched = await printer.watch(jobId, {
      signal: AbortSignal.any(signals),
      timeoutMs: deps.jobTimeoutMs,
      onProgress: (p) => {
        if (p.kind === 'attention') {
          if (p.cleared && attentionTimer) {
            clearTimeout(attentionTimer);
            attentionTimer = null;
          } else if (!p.cleared && !attentionTimer) {
            attentionTimer = setTimeout(() => attention.abort(), deps.attentionTimeoutMs);
          }
        }
        options.onProgress?.(p);
      },
    });
  } finally {
    if (attentionTimer) clearTimeout(attentionTimer);
  }
  deps.trace?.('watch:finished', ledgerId);
  if (watched.ok) return ok({ kind: 'finished', job: watched.value });
  if (attention.signal.aborted) return ok(await cancelAndConfirm(printer, jobId, `the printer waited for a technician longer than ${deps.attentionTimeoutMs} ms`, deps));
  if (options.signal?.aborted) return err({ code: 'interrupted', message: 'watching was interrupted', ledgerId, state: 'submitted' });
  if (watched.error.stillRunning) {
    return ok(await cancelAndConfirm(printer, jobId, watched.error.message, deps));
  }
  return ok({ kind: 'lost', why: `the printer stopped answering about job ${jobId}: ${watched.error.message}` });
}

/**
 * Step 5: commit the outcome (printed, released or unknown), then tell the registry. Only a
 * completed job counts as printed; paper out of a job that did not complete makes it unknown.
 */
export async function settlePrint(deps: PrintDeps, ledgerId: string, outcome: WatchOutcome): Promise<Result<PrintDone, PrintError>> {
  const verdict = decide('submitted', true, evidenceOf(outcome));
  if (outcome.kind === 'lost') {
    unknown(deps, ledgerId, verdict.why);
    return err({ code: 'outcome_unknown', message: verdict.why, ledgerId, state: 'unknown' });
  }
  const { job } = outcome;
  if (verdict.to === 'unknown') {
    unknown(deps, ledgerId, verdict.why);
    return err({ code: 'outcome_unknown', message: verdict.why, ledgerId, state: 'unknown', job });
  }
  if (verdict.to === 'released') {
    const row = await release(deps, ledgerId, verdict.why);
    return err({ code: 'print_failed', message: verdict.why, ledgerId, state: row?.state ?? 'submitted', job });
  }
  const printed = deps.ledger.markPrinted(ledgerId, { reason: verdict.why, sheets: job.sheetsCompleted && job.sheetsCompleted > 0 ? job.sheetsCompleted : null });
  if (!printed.ok) return err(conflict(ledgerId, printed.error));
  deps.trace?.('settle:committed', ledgerId);
  deps.log?.event('print.printed', { ledgerId, applicationId: printed.value.row.applicationId, jobId: job.id, printer: printed.value.row.printer });
  const c = printed.value.consumable;
  if (c && c.state !== 'full') deps.log?.event('consumables.low', { name: c.name, level: c.level, lowThreshold: c.lowThreshold });
  const registryTold = await tellRegistry(deps, printed.value.row);
  return ok({ ledgerId, jobId: job.id, registryTold });
}

/**
 * Asks the printer to cancel a submitted job (the citizen pressed cancel, or a technician). The
 * running `watchPrint` then sees the job canceled and `settlePrint` releases it.
 */
export async function cancelPrint(deps: PrintDeps, ledgerId: string, options: PrintStepOptions = {}): Promise<Result<void, PrintError>> {
  const row = deps.ledger.get(ledgerId);
  if (!row || row.state !== 'submitted' || row.jobId === null) {
    return err({ code: 'ledger_conflict', message: `ledger row ${ledgerId} is ${row?.state ?? 'missing'}; only a submitted job can be canceled`, ledgerId, ...(row ? { state: row.state } : {}) });
  }
  const printer = printerOf(deps, row);
  if (!printer) return err({ code: 'printer_not_ready', message: `no ${row.printer} printer`, ledgerId, state: row.state });
  const r = await printer.cancel(row.jobId, options.signal ? { signal: options.signal } : {});
  if (!r.ok) return err({ code: 'printer_not_ready', message: r.error.message, ledgerId, state: row.state, printer: r.error });
  return ok(undefined);
}

/*
 * The settling moves on their own, for a flow that decides after `watchPrint` itself (the journey's
 * print machine: confirm, release or mark unknown). Each is idempotent: a row already in the target
 * state (e.g. released by `submitPrint` when the printer refused) is a success.
 */

/** What a watch outcome means: printed, released (nothing came out) or unknown (paper may have come out). */
export function outcomeVerdict(outcome: WatchOutcome): { to: 'printed' | 'released' | 'unknown'; why: string } {
  return decide('submitted', true, evidenceOf(outcome));
}

/** Ledger → printed (counter down), then the registry is told; a registry away is retried later. */
export async function confirmPrint(deps: PrintDeps, ledgerId: string, job: FinishedJob): Promise<Result<PrintDone, PrintError>> {
  const row = deps.ledger.get(ledgerId);
  if (row?.state === 'printed') return ok({ ledgerId, jobId: row.jobId ?? job.id, registryTold: row.registrySync === 'done' || (await tellRegistry(deps, row)) });
  if (job.state !== 'completed') return err({ code: 'ledger_conflict', message: `job ${job.id} is ${job.state}: only a completed job confirms a print`, ledgerId, job, ...(row ? { state: row.state } : {}) });
  return settlePrint(deps, ledgerId, { kind: 'finished', job });
}

/** Nothing came out: ledger → released and the registry gives the entitlement back. */
export async function releasePrint(deps: PrintDeps, ledgerId: string, reason: string): Promise<Result<void, PrintError>> {
  const row = deps.ledger.get(ledgerId);
  if (row?.state === 'released') {
    if (row.registrySync === 'pending') await tellRegistry(deps, row);
    return ok(undefined);
  }
  const released = await release(deps, ledgerId, reason);
  if (released) return ok(undefined);
  const now = deps.ledger.get(ledgerId);
  return err({ code: 'ledger_conflict', message: `ledger row ${ledgerId} is ${now?.state ?? 'missing'}; it cannot be released`, ledgerId, ...(now ? { state: now.state } : {}) });
}

/** Paper may have come out: ledger → unknown, held for a technician. */
export function markPrintUnknown(deps: PrintDeps, ledgerId: string, reason: string): Result<void, PrintError> {
  const row = deps.ledger.get(ledgerId);
  if (row?.state === 'unknown') return ok(undefined);
  unknown(deps, ledgerId, reason);
  const now = deps.ledger.get(ledgerId);
  if (now?.state === 'unknown') return ok(undefined);
  return err({ code: 'ledger_conflict', message: `ledger row ${ledgerId} is ${now?.state ?? 'missing'}; it cannot become unknown`, ledgerId, ...(now ? { state: now.state } : {}) });
}
