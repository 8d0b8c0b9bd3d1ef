import { assign } from 'xstate';
import { whyNotPrintable } from '../decisions.ts';
import { idle, valueOf, type SessionSetup } from '../session-setup.ts';
import { proofAndConfirm } from './proof-and-confirm.ts';
import { registryCallFailed } from './sign-in-outcome.ts';

/** The citizen's documents: listed from the registry, one chosen, then proof and confirmation. An e-KTP lifted ends the session. */
export function documentsPhase(s: SessionSetup) {
  return s.createStateConfig({
    id: 'documents',
    always: {
      guard: 'ektpCardGone',
      target: '#session.ended',
      actions: { type: 'notify', params: { notice: { code: 'card_removed_session' } } },
    },
    on: {
      cancel: { target: '#session.ended', actions: { type: 'notify', params: { notice: { code: 'cancelled' } } } },
      finish: '#session.thankYou',
    },
    initial: 'loading',
    states: {
      loading: {
        invoke: {
          id: 'listDocuments',
          src: 'listDocuments',
          input: ({ context }) => ({ nik: context.citizen?.person.nik ?? '' }),
          onDone: [
            {
              guard: { type: 'succeeded', params: ({ event }) => ({ ok: event.output.ok }) },
              target: 'list',
              actions: assign({ listings: ({ event }) => valueOf(event.output) }),
            },
            { target: 'loadFailed', actions: { type: 'notify', params: { notice: { code: 'registry_unreachable' } } } },
          ],
          onError: registryCallFailed('loadFailed').onError,
        },
        after: registryCallFailed('loadFailed').after,
      },
      loadFailed: {
        ...idle,
        on: { activity: '.active', retry: { target: 'loading', actions: 'clearNotice' } },
      },
      list: {
        ...idle,
        on: {
          activity: '.active',
          choose: [
            { guard: 'chosenPrintable', target: 'proof', actions: assign({ selectedId: ({ event }) => event.applicationId, proof: null, notice: null }) },
            {
              actions: assign({
                notice: ({ context, event }) => whyNotPrintable(context.kiosk, context.listings.find((l) => l.application.id === event.applicationId)),
              }),
            },
          ],
        },
      },
      ...proofAndConfirm(s),
    },
  });
}
