import { isFinalJobState, jobNameFor, type DocumentPrinter, type FinishedJob } from '../../devices/document-printer/types.ts';
import { type PrinterError } from '../../devices/document-printer/errors.ts';
import { DOCUMENT_MEDIA } from '../../core/domain.ts';
import { err, ok, type Result } from '../../core/result.ts';
import { applyVerdict, stopJob } from './reconcile.ts';
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

const SETTLED_EVENT = { printed: 'print.printed', released: 'print.released', unknown: 'print.unknown' } as const;

/**
 * Decides with the one table (verdict.ts), commits the move, then tells the registry a final outcome.
 * Returns the row as it is afterwards (moved by someone else meanwhile: as it is now).
 */
async function settle(deps: PrintDeps, ledgerId: string, evidence: Evidence, sheets: number | null = null): Promise<LedgerRow | null> {
  const row = deps.ledger.get(ledgerId);
  if (!row) return null;
  const verdict = decide(row.state, row.submitStartedAt !== null, evidence);
  const moved = applyVerdict(deps.ledger, ledgerId, verdict, sheets);
  if (!moved) return deps.ledger.get(ledgerId);
  deps.log?.event(SETTLED_EVENT[verdict.to], { ledgerId, applicationId: moved.row.applicationId, reason: verdict.why, ...(moved.row.jobId !== null ? { jobId: moved.row.jobId } : {}), printer: moved.row.printer });
  deps.trace?.('settle:committed', ledgerId);
  const c = moved.consumable;
  if (c && c.state !== 'full') deps.log?.event('consumables.low', { name: c.name, level: c.level, lowThreshold: c.lowThreshold });
  if (verdict.to !== 'unknown') await tellRegistry(deps, moved.row);
  return deps.ledger.get(ledgerId) ?? moved.row;
}

/** Nothing can have reached a printer. */
const release = (deps: PrintDeps, ledgerId: string, why: string) => settle(deps, ledgerId, { kind: 'never_sent', why });

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
    const released = await settle(deps, ledgerId, { kind: 'printer_refused', why: `printer did not take the job: ${sent.error.code}` });
    return err({ code: 'printer_not_ready', message: sent.error.message, ledgerId, state: released?.state ?? 'rendered', printer: sent.error, ...(sent.error.status ? { printerStatus: sent.error.status } : {}) });
  } else if (options.signal?.aborted) {
    return err({ code: 'interrupted', message: `sending was interrupted: ${sent.error.message}`, ledgerId, state: 'rendered', printer: sent.error });
  } else {
    const found = await printer.findJobs(jobName);
    if (!found.ok) {
      await settle(deps, ledgerId, { kind: 'send_unanswered', why: `Print-Job answer lost (${sent.error.code}) and the printer did not answer after: ${found.error.code}` });
      return err({ code: 'outcome_unknown', message: sent.error.message, ledgerId, state: 'unknown', printer: sent.error });
    }
    const job = found.value.sort((a, b) => b.id - a.id)[0];
    if (!job) {
      // Not proof that nothing printed: a printer that keeps no finished-job history lists nothing.
      const why = `Print-Job answer lost (${sent.error.code}) and the printer lists no job with this name`;
      await settle(deps, ledgerId, { kind: 'send_unanswered', why });
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
 * Step 5: the outcome through the decision table (printed, released or unknown), committed, then the
 * registry told. Only a completed job counts as printed.
 */
export async function settlePrint(deps: PrintDeps, ledgerId: string, outcome: WatchOutcome): Promise<Result<PrintDone, PrintError>> {
  const job = outcome.kind === 'finished' ? outcome.job : undefined;
  const sheets = job?.sheetsCompleted && job.sheetsCompleted > 0 ? job.sheetsCompleted : null;
  const row = await settle(deps, ledgerId, evidenceOf(outcome), sheets);
  const state = row?.state;
  if (state === 'printed' && row) return ok({ ledgerId, jobId: row.jobId ?? job?.id ?? 0, registryTold: row.registrySync === 'done' });
  const why = row?.reason ?? (outcome.kind === 'lost' ? outcome.why : `job ${job?.id ?? '?'} ${job?.state ?? ''}`);
  if (state === 'released') return err({ code: 'print_failed', message: why, ledgerId, state, ...(job ? { job } : {}) });
  if (state === 'unknown') return err({ code: 'outcome_unknown', message: why, ledgerId, state, ...(job ? { job } : {}) });
  return err({ code: 'ledger_conflict', message: `ledger row ${ledgerId} is ${state ?? 'missing'}`, ledgerId, ...(state ? { state } : {}) });
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
