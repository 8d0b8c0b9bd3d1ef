import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { keyIdOf } from './keys.ts';
import { err, ok, type Result } from '../../core/result.ts';

/**
 * A rollback permit: the vendor's separate, signed statement that this kiosk may go back to an
 * older version. Updates only move forward; a signed old bundle alone (one with a known hole) is
 * refused. The permit names the exact version it allows and when it stops being valid, and is
 * signed in its own domain, so neither a bundle signature nor anything else stands in for it.
 *
 * File format (JSON): `{ "permit": { format, product, version, kioskId?, expiresAt }, "keyId",
 * "signature" }`; the signature is Ed25519, base64, over PERMIT_CONTEXT + the canonical JSON of
 * `permit` (keys in the order listed).
 */
export const PERMIT_FORMAT = 'adm-rollback/1';
export const PERMIT_CONTEXT = Buffer.from('ADM-ROLLBACK-1\n', 'utf8');

const permitSchema = z.strictObject({
  format: z.literal(PERMIT_FORMAT),
  product: z.literal('adm-kiosk'),
  /** The one older version this permit lets install. */
  version: z.string().regex(/^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/),
  /** When given, only this kiosk accepts it. */
  kioskId: z.string().min(1).max(64).optional(),
  expiresAt: z.iso.datetime(),
});
export type RollbackPermit = z.output<typeof permitSchema>;

const fileSchema = z.strictObject({ permit: z.unknown(), keyId: z.string().regex(/^[0-9a-f]{16}$/), signature: z.string().min(1).max(1024) });

export type PermitError = { code: 'unreadable' | 'malformed' | 'untrusted_key' | 'bad_signature'; message: string };

function canonical(p: RollbackPermit): Buffer {
  const ordered = { format: p.format, product: p.product, version: p.version, ...(p.kioskId !== undefined ? { kioskId: p.kioskId } : {}), expiresAt: p.expiresAt };
  return Buffer.concat([PERMIT_CONTEXT, Buffer.from(JSON.stringify(ordered), 'utf8')]);
}

/** The vendor's side: a signed permit file's text. */
export function signRollbackPermit(key: KeyObject, permit: Omit<RollbackPermit, 'format' | 'product'>): string {
  const full: RollbackPermit = { format: PERMIT_FORMAT, product: 'adm-kiosk', ...permit };
  return `${JSON.stringify({ permit: full, keyId: keyIdOf(createPublicKey(key)), signature: sign(null, canonical(full), key).toString('base64') }, null, 1)}\n`;
}

/** Reads a permit file and checks its signature against the kiosk's trusted vendor keys. */
export function readRollbackPermit(path: string, trusted: ReadonlyMap<string, KeyObject>): Result<RollbackPermit, PermitError> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return err(code ? { code: 'unreadable', message: `cannot read the rollback permit ${path}: ${(e as Error).message}` } : { code: 'malformed', message: `the rollback permit ${path} is not JSON` });
  }
  const file = fileSchema.safeParse(json);
  const permit = file.success ? permitSchema.safeParse(file.data.permit) : null;
  if (!file.success || !permit?.success) return err({ code: 'malformed', message: `${path} is not an ADM rollback permit` });
  const key = trusted.get(file.data.keyId);
  if (!key) return err({ code: 'untrusted_key', message: `the rollback permit is signed with key ${file.data.keyId}, which this kiosk does not trust` });
  let good = false;
  try {
    good = verify(null, canonical(permit.data), key, Buffer.from(file.data.signature, 'base64'));
  } catch {
    good = false;
  }
  if (!good) return err({ code: 'bad_signature', message: 'the rollback permit\'s signature does not match: it was altered or signed wrongly' });
  return ok(permit.data);
}

/** Whether `permit` lets this kiosk install `version` now; null when it does, else the reason. */
export function permitRefusal(permit: RollbackPermit, version: string, kioskId: string, now: Date): string | null {
  if (permit.version !== version) return `the rollback permit names ${permit.version}, not ${version}`;
  if (permit.kioskId !== undefined && permit.kioskId !== kioskId) return `the rollback permit is for kiosk ${permit.kioskId}, not ${kioskId}`;
  if (Date.parse(permit.expiresAt) <= now.getTime()) return `the rollback permit expired at ${permit.expiresAt}`;
  return null;
}
