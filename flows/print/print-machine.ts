import { assign, fromCallback, fromPromise, setup, type EventObject } from 'xstate';
import type { ClaimProof, RegistryError } from '../../core/registry.ts';
import type { Application } from '../../core/domain.ts';
import type { Result } from '../../core/result.ts';
import type { ClaimRequest, PrintedHandle, PrintFailure, PrintFailureCode, PrintHandle, PrintPorts, StepFailure } from '../ports.ts';
import type { PrintOutcome, PrintPhase } from './outcome.ts';

export interface PrintInput {
  application: Application;
  nik: string;
  proof: ClaimProof;
}

export interface PrintContext extends PrintInput {
  /** Where the print is, for the progress screen (the session mirrors it from this machine's snapshots). */
  phase: PrintPhase;
  handle: PrintHandle | null;
  page: number;
  pages: number | null;
  failure: PrintFailure | null;
  registryConfirmed: boolean;
  outcome: PrintOutcome | null;
}

type WatchEvent =
  | { type: 'watch.progress'; page: number; pages: number }
  | { type: 'watch.result'; result: Result<PrintedHandle, PrintFailure> };

/** A port that threw is a defect: after the job may have gone out, treat it as a possible print. */
const threw = (code: PrintFailureCode, settled: PrintFailure['settled'], e: unknown): PrintFailure => ({ code, settled, detail: String(e) });

/**
 * Rendering and sending: hand the print handle to a port, go on to `next` with the handle it gives
 * back, or fail with its failure (or `onThrow`'s, when the port threw).
 */
function handleStep(src: 'render' | 'submit', phase: PrintPhase, next: 'submitting' | 'printing', onThrow: (e: unknown) => PrintFailure) {
  type Done = { event: { output: Result<PrintHandle, PrintFailure> } };
  return {
    entry: { type: 'report' as const, params: { phase } },
    invoke: {
      id: src,
      src,
      input: ({ context }: { context: PrintContext }) => context.handle as PrintHandle,
      onDone: [
        {
          guard: { type: 'succeeded' as const, params: ({ event }: Done) => ({ ok: event.output.ok }) },
          target: next,
          actions: { type: 'keepHandle' as const, params: ({ event }: Done) => ({ handle: (event.output as { value: PrintHandle }).value }) },
        },
        { target: 'failed', actions: { type: 'fail' as const, params: ({ event }: Done) => ({ failure: (event.output as { error: PrintFailure }).error }) } },
      ],
      onError: { target: 'failed', actions: { type: 'fail' as const, params: ({ event }: { event: { error: unknown } }) => ({ failure: onThrow(event.error) }) } },
    },
  };
}

/**
 * One document from claim to receipt, as the citizen sees it. Every decision (printed, released,
 * unknown) and every deadline belongs to the print transaction in kiosk/printing, which has settled
 * the ledger row before a port answers: this machine only follows the answers and shows progress.
 * Exactly once therefore does not depend on it; the citizen cannot cancel once the claim is made.
 */
export function createPrintMachine(ports: PrintPorts) {
  return setup({
    types: {
      input: {} as PrintInput,
      context: {} as PrintContext,
      events: {} as WatchEvent,
      output: {} as PrintOutcome,
    },
    actors: {
      claim: fromPromise<Result<PrintHandle, RegistryError>, ClaimRequest>(({ input, signal }) => ports.claim(input, { signal })),
      render: fromPromise<Result<PrintHandle, PrintFailure>, PrintHandle>(({ input, signal }) => ports.render(input, { signal })),
      submit: fromPromise<Result<PrintHandle, PrintFailure>, PrintHandle>(({ input, signal }) => ports.submit(input, { signal })),
      watch: fromCallback<EventObject, PrintHandle>(({ input, sendBack }) => {
        const controller = new AbortController();
        ports
          .watch(input, {
            signal: controller.signal,
            onProgress: (p) => sendBack({ type: 'watch.progress', page: p.page, pages: p.pages }),
          })
          .then(
            (result) => sendBack({ type: 'watch.result', result }),
            (e: unknown) => sendBack({ type: 'watch.result', result: { ok: false, error: threw('printer_fault', 'unknown', e) } }),
          );
        return () => controller.abort();
      }),
      receipt: fromPromise<Result<void, StepFailure>, { handle: PrintHandle; outcome: 'printed' | 'unknown' }>(({ input, signal }) => ports.receipt(input, { signal })),
    },
    guards: {
      succeeded: (_, params: { ok: boolean }) => params.ok,
      released: (_, params: { failure: PrintFailure | null }) => params.failure?.settled === 'released',
    },
    actions: {
      report: assign((_, params: { phase: PrintPhase }) => ({ phase: params.phase })),
      keepHandle: assign((_, params: { handle: PrintHandle }) => ({ handle: params.handle, pages: params.handle.pages })),
      fail: assign((_, params: { failure: PrintFailure }) => ({ failure: params.failure })),
    },
  }).createMachine({
    id: 'print',
    context: ({ input }) => ({ ...input, phase: 'checking' as PrintPhase, handle: null, page: 0, pages: null, failure: null, registryConfirmed: false, outcome: null }),
    initial: 'claiming',
    states: {
      claiming: {
        entry: { type: 'report', params: { phase: 'checking' } },
        invoke: {
          id: 'claim',
          src: 'claim',
          input: ({ context }) => ({ application: context.application, nik: context.nik, proof: context.proof }),
          onDone: [
            {
              guard: { type: 'succeeded', params: ({ event }) => ({ ok: event.output.ok }) },
              target: 'rendering',
              actions: { type: 'keepHandle', params: ({ event }) => ({ handle: (event.output as { value: PrintHandle }).value }) },
            },
            {
              target: 'done',
              actions: assign({ outcome: ({ event }) => ({ kind: 'refused', error: (event.output as { error: RegistryError }).error }) }),
            },
          ],
          onError: {
            target: 'done',
            actions: assign({ outcome: ({ event }) => ({ kind: 'refused', error: { code: 'bad_response', message: String(event.error) } }) }),
          },
        },
      },
      // Nothing reached a printer if rendering threw; the row stays claimed and boot reconciliation releases it.
      rendering: handleStep('render', 'preparing', 'submitting', (e) => threw('render_failed', 'released', e)),
      submitting: handleStep('submit', 'sending', 'printing', (e) => threw('printer_fault', 'unknown', e)),
      printing: {
        entry: { type: 'report', params: { phase: 'printing' } },
        invoke: { id: 'watch', src: 'watch', input: ({ context }) => context.handle as PrintHandle },
        on: {
          'watch.progress': {
            actions: assign({ page: ({ event }) => event.page, pages: ({ event }) => event.pages }),
          },
          'watch.result': [
            {
              guard: { type: 'succeeded', params: ({ event }) => ({ ok: event.result.ok }) },
              target: 'receipt',
              actions: assign(({ context, event }) => {
                const printed = (event.result as { value: PrintedHandle }).value;
                const pages = printed.pages ?? context.pages ?? context.page;
                return { handle: printed, pages, page: pages, registryConfirmed: printed.registryConfirmed };
              }),
            },
            { target: 'failed', actions: { type: 'fail', params: ({ event }) => ({ failure: (event.result as { error: PrintFailure }).error }) } },
          ],
        },
      },
      failed: {
        always: [
          { guard: { type: 'released', params: ({ context }) => ({ failure: context.failure }) }, target: 'done', actions: assign({ outcome: ({ context }) => notPrinted(context) }) },
          // Maybe printed: the citizen gets a receipt naming the print for the technician.
          { target: 'receipt' },
        ],
      },
      receipt: {
        entry: { type: 'report', params: { phase: 'receipt' } },
        invoke: {
          id: 'receipt',
          src: 'receipt',
          input: ({ context }) => ({ handle: context.handle as PrintHandle, outcome: context.failure === null ? 'printed' : 'unknown' }),
          onDone: { target: 'done', actions: assign({ outcome: ({ context, event }) => finished(context, event.output.ok ? 'printed' : 'failed') }) },
          onError: { target: 'done', actions: assign({ outcome: ({ context }) => finished(context, 'failed') }) },
        },
      },
      done: { type: 'final' },
    },
    output: ({ context }) => context.outcome as PrintOutcome,
  });
}

/** The ledger's id for this print (known once claimed). */
const ledgerIdOf = (context: PrintContext): string => context.handle?.ledgerId ?? '';

function finished(context: PrintContext, receipt: 'printed' | 'failed'): PrintOutcome {
  if (context.failure !== null) return { kind: 'unknown', ledgerId: ledgerIdOf(context), reason: context.failure.code, receipt };
  return { kind: 'printed', ledgerId: ledgerIdOf(context), pages: context.pages ?? context.page, registryConfirmed: context.registryConfirmed, receipt };
}

function notPrinted(context: PrintContext): PrintOutcome {
  return { kind: 'not_printed', ledgerId: ledgerIdOf(context), reason: context.failure?.code ?? 'printer_fault', released: context.failure?.settled === 'released' };
}

export type PrintMachine = ReturnType<typeof createPrintMachine>;
