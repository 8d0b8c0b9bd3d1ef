import type { RegistryError } from '../../../core/registry.ts';
import type { Citizen } from '../../../core/domain.ts';
import type { Result } from '../../../core/result.ts';
import type { Notice } from '../../notices.ts';
import type { SignInMethod } from '../context.ts';
import { signInNotice } from '../decisions.ts';
import { errorOf, valueOf } from '../session-setup.ts';

type SignInAnswer = { event: { output: Result<Citizen, RegistryError> } };

const codeOf = ({ event }: SignInAnswer) => (event.output.ok ? null : errorOf(event.output).code);
const notifyFailure = { type: 'notify' as const, params: ({ event }: SignInAnswer) => ({ notice: signInNotice(errorOf(event.output)) }) };
const reportFailure = { type: 'reportSignInFailure' as const, params: ({ event }: SignInAnswer) => ({ code: errorOf(event.output).code }) };
const unreachableNotice = { type: 'notify' as const, params: { notice: { code: 'registry_unreachable' } as Notice } };

/**
 * The registry's answer to a sign-in, the same for the e-KTP, NIK and QR ways in: signed in →
 * the documents; locked or not registered → the session ends; any other failure → back to
 * `retry` (told why, or with `retryNotice`), or the session ends too when there is no `retry`.
 * When `unreachable` is given, an unreachable registry goes there without counting as a failed sign-in.
 */
export function signInOutcome(method: SignInMethod, next: { retry?: string; retryNotice?: Notice; unreachable?: string }) {
  return [
    {
      guard: { type: 'succeeded' as const, params: ({ event }: SignInAnswer) => ({ ok: event.output.ok }) },
      target: '#documents',
      actions: [
        { type: 'signedIn' as const, params: ({ event }: SignInAnswer) => ({ citizen: valueOf(event.output) }) },
        { type: 'announceSignIn' as const, params: ({ event }: SignInAnswer) => ({ method, citizen: valueOf(event.output) }) },
      ],
    },
    ...(next.unreachable
      ? [{ guard: { type: 'unreachable' as const, params: ({ event }: SignInAnswer) => ({ error: event.output.ok ? null : errorOf(event.output) }) }, target: next.unreachable, actions: unreachableNotice }]
      : []),
    ...(next.retry
      ? [
          {
            guard: { type: 'failedWith' as const, params: (a: SignInAnswer) => ({ code: codeOf(a), codes: ['locked', 'not_registered'] }) },
            target: '#session.ended',
            actions: [notifyFailure, reportFailure],
          },
        ]
      : []),
    { target: next.retry ?? '#session.ended', actions: [next.retryNotice ? { type: 'notify' as const, params: { notice: next.retryNotice } } : notifyFailure, reportFailure] },
  ];
}

/** A registry call that failed outright or outlived its deadline: `target`, told the registry is out of reach. */
export function registryCallFailed(target: string) {
  return {
    onError: { target, actions: unreachableNotice },
    after: { registryCall: { target, actions: unreachableNotice } },
  };
}
