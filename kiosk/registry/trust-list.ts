import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { err, ok, type Result } from '../../core/result.ts';
import { publicKeyFromBase64 } from './signature.ts';
import { simulatedOffices } from './seed/offices-table.ts';
import { revocationBytes, TRUST_LIST_FORMAT, trustedKeyBytes, type Revocation, type TrustedKey, type TrustList } from './trust-list-format.ts';

/**
 * The trust list in the kiosk and in `adm verify`: office keys each signed by the national root
 * key, with validity periods and a signed revocation list. It arrives with the configuration
 * (`trust.listFile`, `trust.rootPublicKey`) or an update; loading checks every signature, so a
 * list that was tampered with is refused whole.
 */
export interface TrustAnchor {
  list: TrustList;
  /** The national root key (SPKI DER, base64) the list was checked against. */
  rootPublicKey: string;
}

export type TrustListError = { code: 'unreadable' | 'malformed' | 'bad_signature'; message: string };

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const schema = z.strictObject({
  format: z.literal(TRUST_LIST_FORMAT),
  issuedOn: isoDate,
  keys: z.array(z.strictObject({
    officeCode: z.string().regex(/^\d{4}$/), officeName: z.string().min(1).max(200), keyId: z.string().regex(/^[A-Za-z0-9._-]{1,40}$/),
    publicKey: z.string().min(1).max(200), validFrom: isoDate, validUntil: isoDate, signature: z.string().regex(/^[A-Za-z0-9_-]{86}$/),
  })).max(10000),
  revoked: z.array(z.strictObject({ keyId: z.string().min(1).max(40), revokedOn: isoDate, reason: z.string().max(200) })).max(10000),
  revocationSignature: z.string().regex(/^[A-Za-z0-9_-]{86}$/),
});

function signatureValid(bytes: Uint8Array, signature: string, root: KeyObject): boolean {
  try {
    return verify(null, bytes, root, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}

/** Checks a parsed trust list against the root key: every key entry and the revocation list. */
export function checkTrustList(value: unknown, rootPublicKey: string): Result<TrustAnchor, TrustListError> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) return err({ code: 'malformed', message: `not a trust list: ${parsed.error.issues[0]?.message ?? 'invalid'} at ${parsed.error.issues[0]?.path.join('.') ?? ''}` });
  let root: KeyObject;
  try {
    root = publicKeyFromBase64(rootPublicKey);
  } catch (e) {
    return err({ code: 'malformed', message: `the root public key is not an Ed25519 SPKI key: ${(e as Error).message}` });
  }
  const list = parsed.data;
  for (const k of list.keys) {
    if (!signatureValid(trustedKeyBytes(k), k.signature, root)) return err({ code: 'bad_signature', message: `the entry for key "${k.keyId}" is not signed by the national root` });
  }
  if (!signatureValid(revocationBytes(list.issuedOn, list.revoked), list.revocationSignature, root)) {
    return err({ code: 'bad_signature', message: 'the revocation list is not signed by the national root' });
  }
  return ok({ list, rootPublicKey });
}

export function loadTrustList(path: string, rootPublicKey: string): Result<TrustAnchor, TrustListError> {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    return err({ code: 'unreadable', message: `cannot read the trust list ${path}: ${(e as Error).message}` });
  }
  return checkTrustList(value, rootPublicKey);
}

/** What the national root does: sign office keys and a revocation list into a trust list. */
export function issueTrustList(rootKey: KeyObject, issuedOn: string, keys: Array<Omit<TrustedKey, 'signature'>>, revoked: Revocation[] = []): TrustList {
  const sig = (bytes: Uint8Array) => sign(null, bytes, rootKey).toString('base64url');
  return {
    format: TRUST_LIST_FORMAT,
    issuedOn,
    keys: keys.map((k) => ({ ...k, signature: sig(trustedKeyBytes(k)) })),
    revoked,
    revocationSignature: sig(revocationBytes(issuedOn, revoked)),
  };
}

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * The simulated national root: a key from a fixed seed, like the simulated offices' keys, so every
 * simulated kiosk and verifier agrees. It signs nothing real.
 */
export function simulatedRoot(): { privateKey: KeyObject; publicKey: string } {
  const seed = Buffer.alloc(32);
  Buffer.from('adm-simulated-national-root-v1', 'utf8').copy(seed);
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  return { privateKey, publicKey: createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).toString('base64') };
}

/** Validity of the simulated offices' keys. */
export const SIMULATED_KEY_VALIDITY = { validFrom: '2000-01-01', validUntil: '2035-12-31' } as const;

/** The trust list of the simulated registry's offices, signed by the simulated root. */
export function simulatedTrustList(revoked: Revocation[] = []): TrustAnchor {
  const root = simulatedRoot();
  const keys = simulatedOffices().map((o) => ({ officeCode: o.code, officeName: o.name, keyId: o.keyId, publicKey: o.publicKey, ...SIMULATED_KEY_VALIDITY }));
  return { list: issueTrustList(root.privateKey, '2026-01-01', keys, revoked), rootPublicKey: root.publicKey };
}

/** The trust anchor a configuration names: its list file checked against its root key, or the simulated list. */
export function configuredTrust(trust: { listFile?: string | undefined; rootPublicKey?: string | undefined }, dataDir: string): Result<TrustAnchor, TrustListError> {
  if (trust.listFile === undefined) {
    const sim = simulatedTrustList();
    return trust.rootPublicKey === undefined || trust.rootPublicKey === sim.rootPublicKey
      ? ok(sim)
      : err({ code: 'bad_signature', message: 'trust.rootPublicKey is set but trust.listFile is not: the simulated list is signed by the simulated root only' });
  }
  const path = isAbsolute(trust.listFile) ? trust.listFile : join(dataDir, trust.listFile);
  return loadTrustList(path, trust.rootPublicKey ?? simulatedRoot().publicKey);
}
