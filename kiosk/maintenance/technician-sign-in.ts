import type { TechnicianRef } from '../../flows/maintenance/ports.ts';
import { maskNik, nikRef } from '../../core/nik-mask.ts';
import { err, ok, type Result } from '../../core/result.ts';
import type { CardStepError, TechnicianCard } from './technician-card.ts';
import type { TechnicianPin } from './technician-pin.ts';

/**
 * Why a sign-in was refused. Each has its own words on the sign-in screen.
 * - `malformed_pin`: not 6–12 digits (not counted as a wrong PIN).
 * - `wrong_pin` with the attempts left; `pin_locked` until when (five wrong PINs: 15 minutes).
 * - `pin_not_configured`: no `maintenance.technicianPinHash`: PIN entry is closed.
 * - `not_technician`: the e-KTP read fine but its NIK is not on `maintenance.technicianNiks`.
 * - `finger_mismatch` with the attempts left on this card.
 * - `no_reader`: no e-KTP reader is wired, so only the PIN works.
 * - the card step's own errors (no card, removed, unreadable, finger timeout, attempts used up, reader fault).
 */
export type SignInError =
  | { code: 'malformed_pin'; message: string }
  | { code: 'wrong_pin'; message: string; attemptsLeft: number }
  | { code: 'pin_locked'; message: string; lockedUntil: string }
  | { code: 'pin_not_configured'; message: string }
  | { code: 'not_technician'; message: string }
  | { code: 'finger_mismatch'; message: string; attemptsLeft: number }
  | { code: 'no_reader'; message: string }
  | CardStepError;

export interface TechnicianSignInOptions {
  pin: TechnicianPin;
  /** The e-KTP reader, once wired; null while there is none. */
  card: () => TechnicianCard | null;
  /** `maintenance.technicianNiks`. */
  technicianNiks: readonly string[];
  /** Keys the technician reference so two technicians with the same masked NIK stay apart. */
  refSecret: string;
}

export class TechnicianSignIn {
  readonly #o: TechnicianSignInOptions;
  readonly #allowed: ReadonlySet<string>;

  constructor(options: TechnicianSignInOptions) {
    this.#o = options;
    this.#allowed = new Set(options.technicianNiks);
  }

  get cardAvailable(): boolean {
    return this.#o.card() !== null && this.#allowed.size > 0;
  }

  async withPin(pin: string): Promise<Result<TechnicianRef, SignInError>> {
    if (!/^\d{6,12}$/.test(pin)) return err({ code: 'malformed_pin', message: 'a technician PIN is 6 to 12 digits' });
    const r = await this.#o.pin.check(pin);
    if (r.ok) return ok({ ref: 'pin', method: 'pin' });
    switch (r.reason) {
      case 'wrong_pin':
        return err({ code: 'wrong_pin', message: 'wrong PIN', attemptsLeft: r.attemptsLeft });
      case 'locked':
        return err({ code: 'pin_locked', message: `PIN entry is locked until ${r.lockedUntil}`, lockedUntil: r.lockedUntil });
      case 'not_configured':
        return err({ code: 'pin_not_configured', message: 'no technician PIN is configured (maintenance.technicianPinHash)' });
    }
  }

  /** Card on the reader, NIK on the allow-list, then the finger matched on the reader against that card. */
  async withCard(signal: AbortSignal, waitForCardMs: number): Promise<Result<TechnicianRef, SignInError>> {
    const card = this.#o.card();
    if (card === null || this.#allowed.size === 0) return err({ code: 'no_reader', message: card === null ? 'no e-KTP reader is wired' : 'no technician NIK is configured (maintenance.technicianNiks)' });
    const waited = await card.waitForCard(AbortSignal.any([signal, AbortSignal.timeout(waitForCardMs)]));
    if (!waited.ok) return waited;
    const nik = await card.readNik(signal);
    if (!nik.ok) return nik;
    const ref = `ektp:${maskNik(nik.value)}:${nikRef(nik.value, this.#o.refSecret).slice(0, 8)}`;
    if (!this.#allowed.has(nik.value)) return err({ code: 'not_technician', message: `${ref} is not on the technician list` });
    const finger = await card.verifyFinger(signal);
    if (!finger.ok) return finger;
    if (!finger.value.match) return err({ code: 'finger_mismatch', message: 'the finger does not match the card', attemptsLeft: finger.value.attemptsLeft });
    return ok({ ref, method: 'ektp' });
  }
}
