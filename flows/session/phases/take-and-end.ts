import { assign } from 'xstate';
import { idle, type SessionSetup } from '../session-setup.ts';

const another = { target: 'documents', actions: 'forgetChoice' } as const;

/** After the print: take the document (or say nothing came out), and the ways a session ends. */
export function takeAndEndStates(s: SessionSetup) {
  return {
    printFailed: s.createStateConfig({
      ...idle,
      on: { activity: '.active', another, finish: 'thankYou' },
    }),
    printUnknown: s.createStateConfig({
      ...idle,
      on: { activity: '.active', finish: 'thankYou' },
    }),
    takeDocument: s.createStateConfig({
      after: { takeDocument: 'thankYou' },
      // A touch (or the keypad) starts the count again: a slow reader still copying the reference is not hurried away.
      on: { activity: { target: 'takeDocument', reenter: true }, finish: 'thankYou', another, nothingCameOut: 'reportingNothingOut' },
    }),
    reportingNothingOut: s.createStateConfig({
      invoke: {
        id: 'reportNothingOut',
        src: 'reportNothingOut',
        input: ({ context }) => ({ ledgerId: context.outcome && 'ledgerId' in context.outcome ? context.outcome.ledgerId : '' }),
        // Recorded or not, the citizen is told the same next step: keep the receipt, staff will check.
        onDone: { target: 'printReported', actions: assign({ notice: ({ event }) => ({ code: 'print_reported', recorded: event.output.ok }) }) },
        onError: { target: 'printReported', actions: assign({ notice: { code: 'print_reported', recorded: false } }) },
      },
    }),
    printReported: s.createStateConfig({
      ...idle,
      on: { activity: '.active', finish: 'thankYou' },
    }),
    thankYou: s.createStateConfig({
      entry: [{ type: 'ended', params: { reason: 'finished' } }, assign({ notice: null }), 'wipeKeepingNotice'],
      after: { thankYou: 'attract' },
      on: { dismiss: 'attract' },
    }),
    ended: s.createStateConfig({
      entry: [{ type: 'ended', params: ({ context }) => ({ reason: context.notice?.code ?? 'cancelled' }) }, 'wipeKeepingNotice'],
      after: { endedNotice: 'attract' },
      on: { dismiss: 'attract' },
    }),
  };
}
