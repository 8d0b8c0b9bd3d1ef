import type { Database } from 'better-sqlite3';
import { TechnicianLockout } from '../store/technician-lockout.ts';
import { checkPin } from './pin-hash.ts';

export const MAX_PIN_FAILURES = 5;
export const LOCKOUT_MS = 15 * 60_000;

export type PinCheck =
  | { ok: true }
  | { ok: false; reason: 'wrong_pin'; attemptsLeft: number }
  | { ok: false; reason: 'locked'; lockedUntil: string }
  | { ok: false; reason: 'not_configured' };

/**
 * The technician PIN with its lockout: five wrong PINs close PIN entry for 15 minutes. The count
 * lives in the store, so pulling the plug does not reset it.
 */
export class TechnicianPin {
  readonly #lockout: TechnicianLockout;

  constructor(
    db: Database,
    private readonly pinHash: string | undefined,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.#lockout = new TechnicianLockout(db);
  }

  #state(): { failures: number; lockedUntil: string | null } {
    return this.#lockout.read();
  }

  #save(failures: number, lockedUntil: string | null): void {
    this.#lockout.write(failures, lockedUntil);
  }

  /** When PIN entry is locked, until when; null when open. */
  lockedUntil(): string | null {
    const s = this.#state();
    if (s.lockedUntil !== null && Date.parse(s.lockedUntil) > this.now().getTime()) return s.lockedUntil;
    return null;
  }

  /**
   * Counts the attempt before the PIN is checked, in one synchronous store transaction, so guesses
   * sent in parallel each take a slot: scrypt yields to the event loop, and a count read before
   * that await and written after it let ten parallel guesses all see "four left".
   */
  #charge(): { ok: true; attempt: number } | { ok: false; lockedUntil: string } {
    return this.#lockout.exclusive(() => {
      const s = this.#state();
      const now = this.now().getTime();
      if (s.lockedUntil !== null && Date.parse(s.lockedUntil) > now) return { ok: false as const, lockedUntil: s.lockedUntil };
      // A lock that has run out starts a fresh count.
      const failures = s.lockedUntil !== null ? 0 : s.failures;
      if (failures >= MAX_PIN_FAILURES) {
        // Every slot is taken by guesses still being checked: close entry now.
        const until = new Date(now + LOCKOUT_MS).toISOString();
        this.#save(failures, until);
        return { ok: false as const, lockedUntil: until };
      }
      this.#save(failures + 1, null);
      return { ok: true as const, attempt: failures + 1 };
    });
  }

  async check(pin: string): Promise<PinCheck> {
    if (this.pinHash === undefined) return { ok: false, reason: 'not_configured' };
    const slot = this.#charge();
    if (!slot.ok) return { ok: false, reason: 'locked', lockedUntil: slot.lockedUntil };
    if (await checkPin(pin, this.pinHash)) {
      this.#save(0, null);
      return { ok: true };
    }
    if (slot.attempt >= MAX_PIN_FAILURES) {
      const current = this.lockedUntil();
      if (current !== null) return { ok: false, reason: 'locked', lockedUntil: current };
      const until = new Date(this.now().getTime() + LOCKOUT_MS).toISOString();
      this.#save(Math.max(slot.attempt, this.#state().failures), until);
      return { ok: false, reason: 'locked', lockedUntil: until };
    }
    return { ok: false, reason: 'wrong_pin', attemptsLeft: MAX_PIN_FAILURES - slot.attempt };
  }
}
