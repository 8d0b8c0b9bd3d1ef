import { and, assign } from 'xstate';
import { idle, valueOf, type SessionSetup } from '../session-setup.ts';
import type { JourneySettings } from '../../settings.ts';
import { ektpSignIn } from './sign-in-ektp.ts';
import { registryCallFailed, signInOutcome } from './sign-in-outcome.ts';

/** Sign-in: the citizen picks a way in (e-KTP and finger, NIK and PIN, or a sign-in QR) and the registry answers. */
export function signInPhase(s: SessionSetup, settings: JourneySettings) {
  return s.createStateConfig({
    on: { cancel: { target: '#session.ended', actions: { type: 'notify', params: { notice: { code: 'cancelled' } } } } },
    initial: 'choose',
    states: {
      choose: {
        ...idle,
        id: 'choose',
        on: {
          activity: '.active',
          method: [
            { guard: and([{ type: 'methodIs', params: { method: 'ektp' } }, 'readerOk']), target: 'ektp', actions: [assign({ method: 'ektp' }), 'clearNotice'] },
            { guard: { type: 'methodIs', params: { method: 'nik' } }, target: 'nik', actions: [assign({ method: 'nik' }), 'clearNotice'] },
            { guard: and([{ type: 'methodIs', params: { method: 'qr' } }, 'scannerOk']), target: 'qr', actions: [assign({ method: 'qr' }), 'clearNotice'] },
          ],
        },
      },
      ektp: ektpSignIn(s, settings),
      nik: {
        id: 'nik',
        entry: assign({ method: 'nik', cardNik: null }),
        initial: 'enter',
        states: {
          enter: {
            ...idle,
            on: {
              activity: '.active',
              submitLogin: { target: 'checking', actions: assign({ pendingLogin: ({ event }) => ({ nik: event.nik, pin: event.pin }) }) },
              back: { target: '#choose', actions: 'clearNotice' },
            },
          },
          checking: {
            exit: assign({ pendingLogin: null }),
            invoke: {
              id: 'signInWithPin',
              src: 'signInWithPin',
              input: ({ context }) => context.pendingLogin ?? { nik: '', pin: '' },
              // Wrong PIN, unknown NIK, or the registry out of reach: the citizen may try again.
              onDone: signInOutcome('nik', { retry: 'enter' }),
              onError: registryCallFailed('enter').onError,
            },
            after: registryCallFailed('enter').after,
          },
        },
      },
      qr: {
        initial: 'scan',
        states: {
          scan: {
            ...idle,
            invoke: {
              id: 'scan',
              src: 'scan',
              // After an invalid QR the same one lying there is not read again.
              input: ({ context }) => ({ fresh: context.notice === null }),
              onDone: [
                {
                  guard: { type: 'succeeded', params: ({ event }) => ({ ok: event.output.ok }) },
                  target: 'checking',
                  actions: assign({ pendingQr: ({ event }) => valueOf(event.output), notice: null }),
                },
                { target: '#choose', actions: { type: 'notify', params: { notice: { code: 'scanner_fault' } } } },
              ],
              onError: { target: '#choose', actions: { type: 'notify', params: { notice: { code: 'scanner_fault' } } } },
            },
            on: { activity: '.active', back: { target: '#choose', actions: 'clearNotice' } },
          },
          checking: {
            exit: assign({ pendingQr: null }),
            invoke: {
              id: 'signInWithQr',
              src: 'signInWithQr',
              input: ({ context }) => ({ text: context.pendingQr ?? '' }),
              onDone: signInOutcome('qr', { retry: 'scan', retryNotice: { code: 'qr_invalid' }, unreachable: 'scan' }),
              onError: registryCallFailed('scan').onError,
            },
            after: registryCallFailed('scan').after,
          },
        },
      },
    },
  });
}
