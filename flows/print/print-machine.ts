import { assign, fromCallback, fromPromise, setup, type EventObject } from 'xstate';
import type { ClaimProof, RegistryError } from '../../kiosk/registry/registry.ts';
import type { Application } from '../../kiosk/registry/types.ts';
import type { Result } from '../../kiosk/result.ts';
import type { ClaimRequest, PrintFailure, PrintFailureCode, PrintHandle, PrintPorts, StepFailure } from '../ports.ts';
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
  failure: PrintFailureCode | null;
  registryConfirmed: boolean;
  outcome: PrintOutcome | null;
}

type WatchEvent =
  | { type: 'watch.progress'; page: number; pages: number }
  | { type: 'watch.result'; result: Result<PrintHandle, PrintFailure> };

const failureOf = (r: Result<unknown, PrintFailure>): PrintFailure | null => (r.ok ? null : r.error);

/**
 * One document from claim to receipt. The machine keeps no timer of its own: every deadline (the
 * registry call, the printer's answers, the job's whole run) belongs to the print transaction in
 * kiosk/printing, which settles the ledger row when it passes, so a timer here could only fire first
 * and leave a running job without its cancel. Exactly once: a failure before paper could move releases
 * the entitlement; a failure after it (or a job that never finishes) parks the print as unknown
 * for a technician. The citizen cannot cancel once the claim is made.
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
            (e: unknown) =>
              sendBack({ type: 'watch.result', result: { ok: false, error: { code: 'printer_fault', printed: 'maybe', detail: String(e) } } }),
          );
        return () => controller.abort();
      }),
      confirm: fromPromise<Result<{ registryConfirmed: boolean }, StepFailure>, PrintHandle>(({ input, signal }) => ports.confirm(input, { signal })),
      release: fromPromise<Result<void, StepFailure>, { handle: PrintHandle; reason: string }>(({ input, signal }) =>
        ports.release(input.handle, input.reason, { signal }),
      ),
      markUnknown: fromPromise<Result<void, StepFailure>, { handle: PrintHandle; reason: string }>(({ input, signal }) =>
        ports.markUnknown(input.handle, input.reason, { signal }),
      ),
      receipt: fromPromise<Result<void, StepFailure>, { handle: PrintHandle; outcome: 'printed' | 'unknown' }>(({ input, signal }) =>
        ports.receipt(input, { signal }),
      ),
    },
    guards: {
      succeeded: (_, params: { ok: boolean }) => params.ok,
      nothingPrinted: (_, params: { printed: 'no' | 'maybe' }) => params.printed === 'no',
    },
    actions: {
      report: assign((_, params: { phase: PrintPhase }) => ({ phase: params.phase })),
      keepHandle: assign((_, params: { handle: PrintHandle }) => ({ handle: params.handle, pages: params.handle.pages })),
      fail: assign((_, params: { code: PrintFailureCode }) => ({ failure: params.code })),
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
      rendering: {
        entry: { type: 'report', params: { phase: 'preparing' } },
        invoke: {
          id: 'render',
          src: 'render',
          input: ({ context }) => context.handle as PrintHandle,
          onDone: [
            {
              guard: { type: 'succeeded', params: ({ event }) => ({ ok: event.output.ok }) },
              target: 'submitting',
              actions: { type: 'keepHandle', params: ({ event }) => ({ handle: (event.output as { value: PrintHandle }).value }) },
            },
            // Nothing reached a printer: whatever the failure says, the entitlement goes back.
            { target: 'releasing', actions: { type: 'fail', params: ({ event }) => ({ code: failureOf(event.output)?.code ?? 'render_failed' }) } },
          ],
          onError: { target: 'releasing', actions: { type: 'fail', params: { code: 'render_failed' } } },
        },
      },
      submitting: {
        entry: { type: 'report', params: { phase: 'sending' } },
        invoke: {
          id: 'submit',
          src: 'submit',
          input: ({ context }) => context.handle as PrintHandle,
          onDone: [
            {
              guard: { type: 'succeeded', params: ({ event }) => ({ ok: event.output.ok }) },
              target: 'printing',
              actions: { type: 'keepHandle', params: ({ event }) => ({ handle: (event.output as { value: PrintHandle }).value }) },
            },
            {
              guard: { type: 'nothingPrinted', params: ({ event }) => ({ printed: failureOf(event.output)?.printed ?? 'maybe' }) },
              target: 'releasing',
              actions: { type: 'fail', params: ({ event }) => ({ code: failureOf(event.output)?.code ?? 'printer_fault' }) },
            },
            { target: 'markingUnknown', actions: { type: 'fail', params: ({ event }) => ({ code: failureOf(event.output)?.code ?? 'printer_fault' }) } },
          ],
          // A submit that threw or hung may still have reached the printer.
          onError: { target: 'markingUnknown', actions: { type: 'fail', params: { code: 'printer_fault' } } },
        },
      },
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
              target: 'confirming',
              actions: { type: 'keepHandle', params: ({ event }) => ({ handle: (event.result as { value: PrintHandle }).value }) },
            },
            {
              guard: { type: 'nothingPrinted', params: ({ event }) => ({ printed: failureOf(event.result)?.printed ?? 'maybe' }) },
              target: 'releasing',
              actions: { type: 'fail', params: ({ event }) => ({ code: failureOf(event.result)?.code ?? 'printer_fault' }) },
            },
            { target: 'markingUnknown', actions: { type: 'fail', params: ({ event }) => ({ code: failureOf(event.result)?.code ?? 'printer_fault' }) } },
          ],
        },
      },
      confirming: {
        entry: [assign({ page: ({ context }) => context.pages ?? context.page }), { type: 'report', params: { phase: 'finishing' } }],
        invoke: {
          id: 'confirm',
          src: 'confirm',
          input: ({ context }) => context.handle as PrintHandle,
          // The paper is in the citizen's hands whatever the registry says; the pipeline retries the confirmation.
          onDone: { target: 'receipt', actions: assign({ registryConfirmed: ({ event }) => event.output.ok && event.output.value.registryConfirmed }) },
          onError: 'receipt',
        },
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
      releasing: {
        invoke: {
          id: 'release',
          src: 'release',
          input: ({ context }) => ({ handle: context.handle as PrintHandle, reason: context.failure ?? 'printer_fault' }),
          onDone: { target: 'done', actions: assign({ outcome: ({ context, event }) => notPrinted(context, event.output.ok) }) },
          onError: { target: 'done', actions: assign({ outcome: ({ context }) => notPrinted(context, false) }) },
        },
      },
      markingUnknown: {
        invoke: {
          id: 'markUnknown',
          src: 'markUnknown',
          input: ({ context }) => ({ handle: context.handle as PrintHandle, reason: context.failure ?? 'printer_fault' }),
          // Whether or not the mark stuck, the row is not final and boot reconciliation will find it.
          onDone: 'receipt',
          onError: 'receipt',
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
  if (context.failure !== null) return { kind: 'unknown', ledgerId: ledgerIdOf(context), reason: context.failure, receipt };
  return { kind: 'printed', ledgerId: ledgerIdOf(context), pages: context.pages ?? context.page, registryConfirmed: context.registryConfirmed, receipt };
}

function notPrinted(context: PrintContext, released: boolean): PrintOutcome {
  return { kind: 'not_printed', ledgerId: ledgerIdOf(context), reason: context.failure ?? 'printer_fault', released };
}

export type PrintMachine = ReturnType<typeof createPrintMachine>;
