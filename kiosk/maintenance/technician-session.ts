import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { TechnicianRef } from '../../flows/maintenance/ports.ts';

export interface IssuedSession {
  /** Bearer token for the maintenance API; only its hash is kept. */
  token: string;
  technician: TechnicianRef;
  issuedAt: string;
  /** When it ends at the latest, however busy (idle ends it sooner). */
  expiresAt: string;
}

const digest = (token: string): Buffer => createHash('sha256').update(token).digest();

/**
 * The one technician session: a random token handed to the maintenance page, valid while the
 * maintenance machine is in `active.working` and until its absolute expiry. The kiosk has one
 * screen, so a new sign-in replaces any earlier session.
 */
export class TechnicianSession {
  #current: { hash: Buffer; technician: TechnicianRef; issuedAt: number; expiresAt: number } | null = null;

  constructor(
    private readonly maxMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  issue(technician: TechnicianRef): IssuedSession {
    const token = randomBytes(32).toString('base64url');
    const issuedAt = this.now();
    this.#current = { hash: digest(token), technician, issuedAt, expiresAt: issuedAt + this.maxMs };
    return { token, technician, issuedAt: new Date(issuedAt).toISOString(), expiresAt: new Date(issuedAt + this.maxMs).toISOString() };
  }

  /** The technician the token belongs to, or null (unknown, revoked or expired). */
  check(token: string | null): TechnicianRef | null {
    const c = this.#current;
    if (c === null || token === null || token.length === 0 || token.length > 128) return null;
    if (this.now() >= c.expiresAt) {
      this.#current = null;
      return null;
    }
    return timingSafeEqual(digest(token), c.hash) ? c.technician : null;
  }

  current(): TechnicianRef | null {
    return this.#current?.technician ?? null;
  }

  revoke(): void {
    this.#current = null;
  }
}
