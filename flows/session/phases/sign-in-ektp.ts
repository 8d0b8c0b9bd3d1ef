import { and, assign, not } from 'xstate';
import type { Notice } from '../../notices.ts';
import type { JourneySettings } from '../../settings.ts';
import { fingerRoute, type FingerRoute } from '../decisions.ts';
import { errorOf, idle, valueOf, type SessionSetup } from '../session-setup.ts';
import { registryCallFailed, signInOutcome } from './sign-in-outcome.ts';

const notify = (notice: Notice) => ({ type: 'notify' as const, params: { notice } });
const readerFault = { target: 'readerFault', actions: notify({ code: 'reader_fault' }) };
const cardRemoved = { target: 'waitCard', actions: notify({ code: 'card_removed' }) };

/** e-KTP sign-in: the card is read, the citizen's finger is matched on the reader, then the registry is asked for the NIK. */
export function ektpSignIn(s: SessionSetup, settings: JourneySettings) {
  type FingerAnswer = Parameters<typeof fingerRoute>[0];
  const fingerIs = (want: FingerRoute) => ({
    type: 'fingerIs' as const,
    params: ({ context, event }: { context: { fingerFailures: number }; event: { output: FingerAnswer } }) => ({
      route: fingerRoute(event.output, context.fingerFailures, settings.fingerprintAttempts),
      want,
    }),
  });
  return s.createStateConfig({
    initial: 'waitCard',
    states: {
      waitCard: {
        ...idle,
        // A card that could not be read is not read again until it is lifted and placed anew.
        always: { guard: and(['cardPresent', not('cardWasUnreadable')]), target: 'reading' },
        on: {
          activity: '.active',
          back: { target: '#choose', actions: 'clearNotice' },
          'card.present': { target: 'reading', actions: assign({ cardPresent: true }) },
        },
      },
      reading: {
        always: { guard: 'cardGone', ...cardRemoved },
        invoke: {
          id: 'readCard',
          src: 'readCard',
          onDone: [
            {
              guard: { type: 'succeeded', params: ({ event }) => ({ ok: event.output.ok }) },
              target: 'finger',
              actions: assign({ cardNik: ({ event }) => valueOf(event.output).nik, fingerFailures: 0, notice: null }),
            },
            { guard: { type: 'failedWith', params: ({ event }) => ({ code: event.output.ok ? null : errorOf(event.output).code, codes: ['card_removed'] }) }, ...cardRemoved },
            {
              guard: { type: 'failedWith', params: ({ event }) => ({ code: event.output.ok ? null : errorOf(event.output).code, codes: ['unreadable'] }) },
              target: 'waitCard',
              actions: notify({ code: 'card_unreadable' }),
            },
            readerFault,
          ],
          onError: readerFault,
        },
        after: { deviceOperation: readerFault },
      },
      finger: {
        ...idle,
        always: { guard: 'cardGone', ...cardRemoved },
        invoke: {
          id: 'verifyFinger',
          src: 'verifyFinger',
          onDone: [
            { guard: fingerIs('match'), target: 'lookup', actions: 'clearNotice' },
            {
              guard: fingerIs('retry'),
              target: 'finger',
              reenter: true,
              actions: assign(({ context }) => {
                const failures = context.fingerFailures + 1;
                return { fingerFailures: failures, notice: { code: 'finger_mismatch', attemptsLeft: settings.fingerprintAttempts - failures } as Notice };
              }),
            },
            {
              guard: fingerIs('locked'),
              target: 'fingerLocked',
              actions: [
                assign({ fingerFailures: ({ context }) => context.fingerFailures + 1, notice: { code: 'finger_locked' } }),
                { type: 'reportSignInFailure', params: { code: 'finger_locked' } },
              ],
            },
            { guard: fingerIs('card_removed'), ...cardRemoved },
            readerFault,
          ],
          onError: readerFault,
        },
        on: { activity: '.active', useNik: '#nik' },
      },
      fingerLocked: {
        ...idle,
        entry: assign({ cardNik: null }),
        on: { activity: '.active', useNik: '#nik' },
      },
      readerFault: {
        ...idle,
        entry: assign({ cardNik: null }),
        on: { activity: '.active', useNik: '#nik' },
      },
      lookup: {
        invoke: {
          id: 'findByNik',
          src: 'findByNik',
          input: ({ context }) => ({ nik: context.cardNik ?? '' }),
          onDone: signInOutcome('ektp', { unreachable: 'lookupFailed' }),
          onError: registryCallFailed('lookupFailed').onError,
        },
        after: registryCallFailed('lookupFailed').after,
      },
      lookupFailed: {
        ...idle,
        on: { activity: '.active', retry: { target: 'lookup', actions: 'clearNotice' } },
      },
    },
  });
}
