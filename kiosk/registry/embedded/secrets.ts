import { createHash, randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * PINs and QR tokens are kept only as scrypt hashes. The cost is stored with each hash so it can be
 * raised later without invalidating the PINs already sent to citizens. N=2^14 keeps a PIN check near
 * 50 ms on a small machine; the 3-attempt lock, not the hash, is what stops guessing a 6-digit PIN.
 */
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

export const DEFAULT_COST: ScryptCost = { N: 16_384, r: 8, p: 1 };
/**
 * The cost of secrets written by the seed generator (simulated citizens only): N=2^12 (4 MB, ~12 ms)
 * keeps a first `npm start` seeding in about a second; still a memory-hard hash, never a fast one.
 */
export const SEED_COST: ScryptCost = { N: 4_096, r: 8, p: 1 };
const KEY_LENGTH = 32;

function scryptAsync(secret: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, KEY_LENGTH, { N: cost.N, r: cost.r, p: cost.p, maxmem: 256 * cost.N * cost.r }, (e, key) => (e ? reject(e) : resolve(key)));
  });
}

/** `scrypt$N$r$p$salt$hash` (base64url). `salt` is given only by the deterministic seed generator. */
export async function hashSecret(secret: string, options: { salt?: Buffer; cost?: ScryptCost } = {}): Promise<string> {
  const cost = options.cost ?? DEFAULT_COST;
  const salt = options.salt ?? randomBytes(16);
  const key = await scryptAsync(secret, salt, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') throw new Error('bug: stored secret hash has an unknown format');
  const [, n, r, p, salt = '', hash = ''] = parts;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scryptAsync(secret, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/**
 * A fingerprint of a wrong guess, so that the same wrong PIN sent twice (a network retry, or the
 * citizen retyping it) costs one attempt, not two. It says nothing about the right PIN.
 */
export function guessMark(scope: string, guess: string): string {
  return createHash('sha256').update(scope).update('\u0000').update(guess).digest('base64url').slice(0, 22);
}

export const newPin = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0');
export const newQrSecret = (): string => randomBytes(16).toString('base64url');

/**
 * The QR sent by SMS/e-mail for a ready document: `ADMQR1:<application id>:<secret>`. It signs the
 * citizen in and proves the claim, like the document PIN.
 */
export const QR_PREFIX = 'ADMQR1';
const QR_SHAPE = /^ADMQR1:([A-Z0-9-]{3,40}):([A-Za-z0-9_-]{16,64})$/;

export function qrText(applicationId: string, secret: string): string {
  return `${QR_PREFIX}:${applicationId}:${secret}`;
}

export function parseQrText(text: string): { applicationId: string; secret: string } | null {
  const m = QR_SHAPE.exec(text.trim());
  return m ? { applicationId: m[1] as string, secret: m[2] as string } : null;
}
