import { assign } from 'xstate';
import { idle, valueOf, type SessionSetup } from '../session-setup.ts';

/** Proof that the document is the citizen's (its PIN, or the QR from the SMS/e-mail), then "print this?". */
export function proofAndConfirm(s: SessionSetup) {
  return {
    proof: s.createStateConfig({
      ...idle,
      invoke: {
        // The document's QR from the SMS/e-mail works as well as its PIN.
        id: 'scan',
        src: 'scan',
        // The QR that signed the citizen in may be the document's own: it counts again here.
        input: ({ context }) => ({ fresh: context.notice === null }),
        onDone: {
          guard: { type: 'succeeded', params: ({ event }) => ({ ok: event.output.ok }) },
          target: 'confirm',
          actions: assign({ proof: ({ event }) => ({ kind: 'qr' as const, text: valueOf(event.output) }), notice: null }),
        },
        // A scanner failure here costs nothing: the PIN keypad stays.
        onError: {},
      },
      on: {
        activity: '.active',
        submitPin: { target: 'confirm', actions: assign({ proof: ({ event }) => ({ kind: 'pin' as const, pin: event.pin }), notice: null }) },
        back: { target: 'list', actions: assign({ selectedId: null, proof: null, notice: null }) },
      },
    }),
    confirm: s.createStateConfig({
      ...idle,
      on: {
        activity: '.active',
        confirm: '#printing',
        back: { target: 'proof', actions: assign({ proof: null, notice: null }) },
      },
    }),
  };
}
