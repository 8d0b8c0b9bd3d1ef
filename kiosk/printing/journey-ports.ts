import type { FinishedJob, PrinterStatus } from '../../devices/document-printer/types.ts';
import type { PrintFailure, PrintFailureCode, PrintHandle, PrintPorts, ReceiptRequest, StepFailure } from '../../flows/ports.ts';
import type { RegistryError } from '../../core/registry.ts';
import { DOCUMENT_MEDIA } from '../../core/domain.ts';
import { err, ok, type Result } from '../../core/result.ts';
import { claimPrint, renderPrint, settlePrint, submitPrint, watchPrint } from './steps.ts';
import type { Claimed, PrintDeps, PrintError, RenderedPdf, RenderFn } from './types.ts';

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

/** What the transaction keeps of one print between the journey's steps (in memory: it holds personal data). */
interface InFlight {
  claimed: Claimed;
  rendered?: RenderedPdf;
}

/**
 * The journey's print ports on the print transaction (steps.ts). Each step has committed the ledger
 * row and, on a failure, settled it through the decision table before it answers; the ports only say
 * in the journey's words how it settled (released or unknown). Nothing here decides.
 */
export function printPorts(deps: PrintDeps, render: RenderFn, receipt: ReceiptSink | null): PrintPorts {
  const inFlight = new Map<string, InFlight>();
  const media = (h: PrintHandle) => DOCUMENT_MEDIA[h.application.type];
  const failure = (h: PrintHandle, e: PrintError, keep: boolean): PrintFailure => {
    const settled = e.state === 'released' || e.state === 'failed' ? 'released' : 'unknown';
    // A print held as unknown still gets its receipt; one given back needs nothing more.
    if (!keep || settled === 'released') inFlight.delete(h.ledgerId);
    const code: PrintFailureCode =
      e.code === 'render_failed' ? 'render_failed' : e.code === 'interrupted' ? 'timeout' : failureCode(e.printerStatus ?? deps.printers[media(h)]?.status(), media(h), e.job);
    return { code, settled, detail: e.message };
  };

  return {
    async claim(request, op) {
      const r = await claimPrint(deps, { applicationId: request.application.id, documentType: request.application.type, nik: request.nik, proof: request.proof }, op);
      if (r.ok) {
        inFlight.set(r.value.ledgerId, { claimed: r.value });
        return ok({ ledgerId: r.value.ledgerId, application: request.application, pages: null });
      }
      const e = r.error;
      if (e.registry) return err(e.registry);
      const code: RegistryError['code'] = e.code === 'already_live' ? 'already_claimed' : e.code === 'interrupted' ? 'timeout' : 'bad_response';
      return err({ code, message: e.message });
    },

    async render(h, op) {
      const held = inFlight.get(h.ledgerId);
      if (!held) return err({ code: 'render_failed', settled: 'unknown', detail: `bug: no print in flight for ${h.ledgerId}` });
      const r = await renderPrint(deps, held.claimed, render, op);
      if (!r.ok) return err(failure(h, r.error, false));
      held.rendered = r.value;
      return ok({ ...h, pages: r.value.pages });
    },

    async submit(h, op) {
      const rendered = inFlight.get(h.ledgerId)?.rendered;
      if (!rendered) return err({ code: 'render_failed', settled: 'unknown', detail: `bug: submit before render for ${h.ledgerId}` });
      const r = await submitPrint(deps, h.ledgerId, rendered, op);
      return r.ok ? ok(h) : err(failure(h, r.error, true));
    },

    async watch(h, op) {
      let pages = h.pages ?? 1;
      const watched = await watchPrint(deps, h.ledgerId, {
        signal: op.signal,
        onProgress: (p) => {
          const done = p.job.sheetsCompleted ?? 0;
          if (p.kind === 'state' && (p.job.state === 'processing' || done > 0)) op.onProgress({ page: Math.min(pages, Math.max(1, done + (p.job.state === 'processing' ? 1 : 0))), pages });
        },
      });
      if (!watched.ok) return err(failure(h, watched.error, true));
      if (watched.value.kind === 'finished') pages = Math.max(pages, watched.value.job.sheetsCompleted ?? 0);
      const settled = await settlePrint(deps, h.ledgerId, watched.value);
      if (!settled.ok) return err(failure(h, settled.error, true));
      return ok({ ...h, pages, registryConfirmed: settled.value.registryTold });
    },

    async reportNothingOut(ledgerId) {
      const flagged = deps.ledger.flagForReview(ledgerId, 'citizen: nothing came out');
      if (!flagged.ok) return err({ detail: flagged.error.message });
      deps.log?.event('print.reported_missing', { ledgerId, applicationId: flagged.value.applicationId, printer: flagged.value.printer, ...(flagged.value.jobId !== null ? { jobId: flagged.value.jobId } : {}) });
      deps.onReview?.();
      return ok(undefined);
    },

    async receipt(request, op) {
      const held = inFlight.get(request.handle.ledgerId);
      inFlight.delete(request.handle.ledgerId);
      if (!receipt) return err({ detail: 'no receipt printer is wired' });
      if (!held) return err({ detail: `bug: no print in flight for ${request.handle.ledgerId}` });
      return receipt({ ...request, claimed: held.claimed, rendered: held.rendered }, op.signal);
    },
  };
}
