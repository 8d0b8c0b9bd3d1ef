import type { DocumentPrinter, FinishedJob, PrinterStatus } from '../../../devices/document-printer/types.ts';
import type { PrintFailure, PrintFailureCode, PrintHandle, PrintPorts, ReceiptRequest, StepFailure } from '../../../flows/ports.ts';
import { claimPrint, renderPrint, settlePrint, submitPrint, watchPrint } from '../../printing/steps.ts';
import type { Claimed, PrintDeps, PrintError, RenderedPdf, RenderFn, WatchOutcome } from '../../printing/types.ts';
import type { RegistryError } from '../../registry/registry.ts';
import { DOCUMENT_MEDIA } from '../../registry/types.ts';
import { err, ok, type Result } from '../../result.ts';
import { syncRow } from '../../printing/registry-sync.ts';

/** What the adapter carries between steps inside the flow's opaque `PrintHandle.token`. */
interface Token {
  claimed: Claimed;
  rendered?: RenderedPdf;
  /** How watching the job ended, once it did: settling it decides printed, released or unknown. */
  outcome?: WatchOutcome;
}

const tokenOf = (h: PrintHandle): Token => h.token as Token;

/** Why a printer could not print, in the journey's words, from its IPP state reasons and paper/media states. */
export function failureCode(status: PrinterStatus | undefined, media: 'a4' | 'card', job?: FinishedJob): PrintFailureCode {
  const reasons = [...(status?.reasons ?? []), ...(job?.reasons ?? [])];
  const has = (p: string) => reasons.some((r) => r.startsWith(p));
  if (status?.paper === 'out' || status?.media === 'notPresent' || has('media-empty') || has('media-needed')) return media === 'card' ? 'no_blanko' : 'paper_out';
  if (status?.paper === 'jammed' || status?.media === 'jammed' || has('media-jam')) return 'jammed';
  if (has('cover-open') || has('door-open')) return 'cover_open';
  if (status && (status.ippState === 'unreachable' || status.device === 'offline' || status.device === 'noDevice' || status.device === 'powerOff')) return 'printer_offline';
  return 'printer_fault';
}

/** Sends a receipt layout to the receipt printer; absent when the kiosk has no receipt printer wired. */
export type ReceiptSink = (request: ReceiptRequest & { claimed: Claimed; rendered: RenderedPdf | undefined }, signal: AbortSignal) => Promise<Result<void, StepFailure>>;

/**
 * The journey's print steps on the print pipeline (kiosk/printing/steps.ts). The pipeline owns
 * the ledger: each step commits its state before the next side effect, and a failure it sees is
 * settled there (released or unknown). The print machine's `release` / `markUnknown` then only
 * settle what the pipeline could not: a watched job not yet settled, or a step the machine itself
 * abandoned on a time-out (the pipeline leaves such a row as it was).
 */
export function printPorts(deps: PrintDeps, render: RenderFn, receipt: ReceiptSink | null): PrintPorts {
  /** Handles after watching, by ledger id: the machine's failure steps get the handle from before the watch. */
  const handles = new Map<string, PrintHandle>();
  const take = (h: PrintHandle): PrintHandle => {
    const carried = handles.get(h.ledgerId) ?? h;
    handles.delete(h.ledgerId);
    return carried;
  };
  const printerOf = (h: PrintHandle): DocumentPrinter | undefined => deps.printers[DOCUMENT_MEDIA[h.application.type]];
  const media = (h: PrintHandle) => DOCUMENT_MEDIA[h.application.type];
  const maybe = (h: PrintHandle, code?: PrintFailureCode, detail?: string): PrintFailure => ({ code: code ?? failureCode(printerOf(h)?.status(), media(h)), printed: 'maybe', ...(detail ? { detail } : {}) });
  const fromStep = (h: PrintHandle, e: PrintError): PrintFailure => {
    const detail = e.message;
    if (e.code === 'printer_not_ready' || e.code === 'print_failed') return { code: failureCode(e.printerStatus ?? printerOf(h)?.status(), media(h), e.job), printed: 'no', detail };
    if (e.code === 'render_failed') return { code: 'render_failed', printed: 'no', detail };
    if (e.code === 'interrupted') return maybe(h, 'timeout', detail);
    return maybe(h, undefined, detail);
  };

  /** Settles a row the pipeline left unfinished; a row already final is left alone. */
  const settleLeftover = async (h: PrintHandle, to: 'released' | 'unknown', reason: string): Promise<Result<void, StepFailure>> => {
    const outcome = tokenOf(h).outcome;
    if (outcome) {
      const settled = await settlePrint(deps, h.ledgerId, outcome);
      return settled.ok || settled.error.code !== 'ledger_conflict' ? ok(undefined) : err({ detail: settled.error.message });
    }
    const row = deps.ledger.get(h.ledgerId);
    if (!row) return err({ detail: `no ledger row ${h.ledgerId}` });
    if (row.state === 'released' || row.state === 'failed' || row.state === 'unknown' || row.state === 'printed') return row.state === 'printed' && to === 'released' ? err({ detail: 'already printed' }) : ok(undefined);
    if (to === 'unknown') {
      const moved = deps.ledger.markUnknown(h.ledgerId, reason);
      return moved.ok ? ok(undefined) : err({ detail: moved.error.message });
    }
    const moved = deps.ledger.markReleased(h.ledgerId, reason);
    if (!moved.ok) return err({ detail: moved.error.message });
    await syncRow(deps.ledger, deps.registry, moved.value, deps.log ? { log: deps.log } : {});
    return ok(undefined);
  };

  return {
    async claim(request, op) {
      const r = await claimPrint(deps, { applicationId: request.application.id, documentType: request.application.type, nik: request.nik, proof: request.proof }, op);
      if (r.ok) return ok({ ledgerId: r.value.ledgerId, application: request.application, pages: null, token: { claimed: r.value } satisfies Token });
      const e = r.error;
      if (e.registry) return err(e.registry);
      const code: RegistryError['code'] = e.code === 'already_live' ? 'already_claimed' : e.code === 'interrupted' ? 'timeout' : 'bad_response';
      return err({ code, message: e.message });
    },

    async render(h, op) {
      const r = await renderPrint(deps, tokenOf(h).claimed, render, op);
      if (!r.ok) return err(fromStep(h, r.error));
      return ok({ ...h, pages: r.value.pages, token: { ...tokenOf(h), rendered: r.value } satisfies Token });
    },

    async submit(h, op) {
      const rendered = tokenOf(h).rendered;
      if (!rendered) return err({ code: 'render_failed', printed: 'no', detail: 'bug: submit before render' });
      const r = await submitPrint(deps, h.ledgerId, rendered, op);
      return r.ok ? ok(h) : err(fromStep(h, r.error));
    },

    async watch(h, op) {
      let pages = h.pages ?? 1;
      const r = await watchPrint(deps, h.ledgerId, {
        signal: op.signal,
        onProgress: (p) => {
          const done = p.job.sheetsCompleted ?? 0;
          if (p.kind === 'state' && (p.job.state === 'processing' || done > 0)) op.onProgress({ page: Math.min(pages, Math.max(1, done + (p.job.state === 'processing' ? 1 : 0))), pages });
        },
      });
      if (!r.ok) return err(fromStep(h, r.error));
      const outcome = r.value;
      const carried: PrintHandle = { ...h, token: { ...tokenOf(h), outcome } satisfies Token };
      // The machine settles through `confirm` (printed), `release` or `markUnknown`, each with this handle.
      handles.set(h.ledgerId, carried);
      if (outcome.kind === 'lost') return err(maybe(h, undefined, outcome.why));
      const job = outcome.job;
      pages = Math.max(pages, job.sheetsCompleted ?? 0);
      if (job.state === 'completed') return ok({ ...carried, pages });
      if ((job.sheetsCompleted ?? 0) > 0 || (job.state === 'canceled' && job.processingStarted)) return err({ code: failureCode(printerOf(h)?.status(), media(h), job), printed: 'maybe', detail: job.reasons.join(',') });
      return err({ code: failureCode(printerOf(h)?.status(), media(h), job), printed: 'no', detail: job.reasons.join(',') });
    },

    async confirm(h) {
      const outcome = tokenOf(h).outcome;
      if (!outcome) return err({ detail: 'bug: confirm before the job was watched' });
      const settled = await settlePrint(deps, h.ledgerId, outcome);
      return settled.ok ? ok({ registryConfirmed: settled.value.registryTold }) : err({ detail: settled.error.message });
    },

    release: (h, reason) => settleLeftover(take(h), 'released', reason),
    markUnknown: (h, reason) => settleLeftover(take(h), 'unknown', reason),

    async receipt(request, op) {
      handles.delete(request.handle.ledgerId);
      if (!receipt) return err({ detail: 'no receipt printer is wired' });
      const t = tokenOf(request.handle);
      return receipt({ ...request, claimed: t.claimed, rendered: t.rendered }, op.signal);
    },
  };
}
