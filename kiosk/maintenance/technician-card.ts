import type { EktpReader } from '../../devices/card-reader/types.ts';
import { err, ok, type Result } from '../../core/result.ts';

/**
 * Why the e-KTP step of a technician sign-in did not give an answer.
 * - `no_card`: no card came within the time allowed.
 * - `card_removed`, `unreadable`: the read did not finish; try again.
 * - `finger_timeout`: no finger was placed in time.
 * - `attempts_exhausted`: the card session's fingerprint attempts are used up; take the card out and start again.
 * - `reader_fault`: the reader is broken, busy, unplugged or silent.
 * - `canceled`: the page went away or the kiosk is stopping.
 */
export type CardStepError = { code: 'no_card' | 'card_removed' | 'unreadable' | 'finger_timeout' | 'attempts_exhausted' | 'reader_fault' | 'canceled'; message: string };

/** The e-KTP reader as a technician sign-in uses it: the NIK from the chip and a 1:1 finger match, nothing else. */
export interface TechnicianCard {
  waitForCard(signal: AbortSignal): Promise<Result<void, CardStepError>>;
  readNik(signal: AbortSignal): Promise<Result<string, CardStepError>>;
  verifyFinger(signal: AbortSignal): Promise<Result<{ match: boolean; attemptsLeft: number }, CardStepError>>;
}

const READ_ERRORS: Record<string, CardStepError['code']> = {
  noCard: 'no_card',
  cardRemoved: 'card_removed',
  badCard: 'unreadable',
  authFailed: 'unreadable',
  attemptsExhausted: 'attempts_exhausted',
  canceled: 'canceled',
};

/** Adapts the e-KTP reader driver. The identity read is reduced to the NIK at once; photo, name and the rest are dropped. */
export function technicianCardOf(reader: EktpReader, options: { operationTimeoutMs: number; fingerTimeoutMs: number }): TechnicianCard {
  const failure = (reason: string, message: string): CardStepError => ({ code: READ_ERRORS[reason] ?? 'reader_fault', message });
  return {
    waitForCard(signal) {
      if (reader.cardPresent) return Promise.resolve(ok(undefined));
      return new Promise((resolve) => {
        const done = (r: Result<void, CardStepError>) => {
          reader.off('cardPresent', onCard);
          signal.removeEventListener('abort', onAbort);
          resolve(r);
        };
        const onCard = () => done(ok(undefined));
        const onAbort = () => done(err({ code: signal.reason instanceof Error && signal.reason.name === 'TimeoutError' ? 'no_card' : 'canceled', message: 'no card was placed on the reader' }));
        if (signal.aborted) {
          onAbort();
          return;
        }
        reader.on('cardPresent', onCard);
        signal.addEventListener('abort', onAbort, { once: true });
      });
    },
    async readNik(signal) {
      const r = await reader.readIdentity(signal, { timeoutMs: options.operationTimeoutMs });
      if (!r.ok) return err(failure(r.error.reason, r.error.message));
      return ok(r.value.nik);
    },
    async verifyFinger(signal) {
      const r = await reader.verifyFingerprint('rightIndex', signal, { timeoutMs: options.fingerTimeoutMs });
      if (!r.ok) return err(failure(r.error.reason, r.error.message));
      if (r.value.result === 'timeout') return err({ code: 'finger_timeout', message: 'no finger was placed on the sensor in time' });
      return ok({ match: r.value.result === 'match', attemptsLeft: r.value.attemptsLeft });
    },
  };
}
