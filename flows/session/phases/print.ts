import { assign } from 'xstate';
import type { PrintInput } from '../../print/print-machine.ts';
import type { PrintOutcome } from '../../print/outcome.ts';
import { outcomeNotice, routeOf, selectedListing, type OutcomeRoute } from '../decisions.ts';
import type { SessionSetup } from '../session-setup.ts';

type Finished = { event: { output: PrintOutcome } };

const routeIs = (want: OutcomeRoute) => ({ type: 'routeIs' as const, params: ({ event }: Finished) => ({ route: routeOf(event.output), want }) });
const report = { type: 'reportOutcome' as const, params: ({ event }: Finished) => ({ outcome: event.output }) };

/** The print: the print machine runs as a child; its outcome decides where the citizen goes next. */
export function printPhase(s: SessionSetup) {
  return s.createStateConfig({
    id: 'printing',
    entry: assign({ progress: { phase: 'checking', page: 0, pages: null }, notice: null, outcome: null }),
    exit: assign({ progress: null }),
    invoke: {
      id: 'print',
      src: 'print',
      // The progress screen follows the print machine's own context.
      onSnapshot: {
        actions: assign({
          progress: ({ event }) => ({ phase: event.snapshot.context.phase, page: event.snapshot.context.page, pages: event.snapshot.context.pages }),
        }),
      },
      input: ({ context }): PrintInput => {
        const listing = selectedListing(context);
        if (!listing || !context.citizen || !context.proof) throw new Error('bug: printing without a selection');
        return { application: listing.application, nik: context.citizen.person.nik, proof: context.proof };
      },
      onDone: [
        {
          guard: routeIs('printed'),
          target: 'takeDocument',
          actions: [
            assign({ outcome: ({ event }) => event.output, notice: ({ event }) => outcomeNotice(event.output), printed: ({ context }) => context.printed + 1 }),
            report,
          ],
        },
        { guard: routeIs('wrong_pin'), target: 'documents.proof', actions: [assign({ notice: ({ event }) => outcomeNotice(event.output), proof: null }), report] },
        { guard: routeIs('unreachable'), target: 'documents.confirm', actions: [assign({ notice: ({ event }) => outcomeNotice(event.output) }), report] },
        {
          guard: routeIs('refused'),
          target: 'documents.list',
          actions: [assign({ notice: ({ event }) => outcomeNotice(event.output), selectedId: null, proof: null }), report],
        },
        { guard: routeIs('not_printed'), target: 'printFailed', actions: [assign({ outcome: ({ event }) => event.output, notice: ({ event }) => outcomeNotice(event.output) }), report] },
        { target: 'printUnknown', actions: [assign({ outcome: ({ event }) => event.output, notice: ({ event }) => outcomeNotice(event.output) }), report] },
      ],
      onError: { target: 'ended', actions: { type: 'notify', params: { notice: { code: 'internal_error' } } } },
    },
  });
}
