/**
 * The trust list's format and the exact bytes the national root key signs. Pure (no Node
 * built-ins): the verifier page checks the same bytes with WebCrypto. docs/documents.md describes
 * it for other verifiers.
 */
export const TRUST_LIST_FORMAT = 'ADM-TL1';

/** One office key, vouched for by the national root. */
export interface TrustedKey {
  officeCode: string;
  officeName: string;
  keyId: string;
  /** Ed25519 public key, SPKI DER, base64. */
  publicKey: string;
  /** Documents issued from this day through `validUntil` (inclusive) may carry seals of this key. */
  validFrom: string;
  validUntil: string;
  /** The root's Ed25519 signature over `trustedKeyBytes`, base64url. */
  signature: string;
}

export interface Revocation {
  keyId: string;
  revokedOn: string;
  reason: string;
}

export interface TrustList {
  format: typeof TRUST_LIST_FORMAT;
  /** The day this list (and its revocations) was issued. */
  issuedOn: string;
  keys: TrustedKey[];
  revoked: Revocation[];
  /** The root's signature over `revocationBytes`, base64url: nobody can drop a revocation unseen. */
  revocationSignature: string;
}

const US = '\u001f';
const RS = '\u001e';
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

export function trustedKeyBytes(k: Omit<TrustedKey, 'signature'>): Uint8Array {
  return utf8([TRUST_LIST_FORMAT, 'key', k.officeCode, k.officeName, k.keyId, k.publicKey, k.validFrom, k.validUntil].join(US));
}

export function revocationBytes(issuedOn: string, revoked: readonly Revocation[]): Uint8Array {
  return utf8([TRUST_LIST_FORMAT, 'revoked', issuedOn].join(US) + revoked.map((r) => RS + [r.keyId, r.revokedOn, r.reason].join(US)).join(''));
}

export type TrustProblem = 'unknown_key' | 'office_mismatch' | 'revoked' | 'key_not_valid';

/**
 * Which trusted key may have sealed a document of this office, key id and issue date, by the list
 * alone (the signatures on the list were checked when it was loaded).
 */
export function trustedKeyFor(list: TrustList, seal: { officeCode: string; keyId: string; issuedOn: string }):
  { ok: true; value: TrustedKey } | { ok: false; error: { code: TrustProblem; message: string; revocation?: Revocation } } {
  const key = list.keys.find((k) => k.keyId === seal.keyId);
  if (!key) return { ok: false, error: { code: 'unknown_key', message: `key "${seal.keyId}" is not on the trust list` } };
  if (key.officeCode !== seal.officeCode) return { ok: false, error: { code: 'office_mismatch', message: `key "${seal.keyId}" belongs to office ${key.officeCode}, not ${seal.officeCode}` } };
  const revocation = list.revoked.find((r) => r.keyId === seal.keyId);
  if (revocation) return { ok: false, error: { code: 'revoked', message: `key "${seal.keyId}" was revoked on ${revocation.revokedOn} (${revocation.reason})`, revocation } };
  if (seal.issuedOn < key.validFrom || seal.issuedOn > key.validUntil) {
    return { ok: false, error: { code: 'key_not_valid', message: `key "${seal.keyId}" seals documents issued ${key.validFrom} to ${key.validUntil}, not ${seal.issuedOn}` } };
  }
  return { ok: true, value: key };
}
