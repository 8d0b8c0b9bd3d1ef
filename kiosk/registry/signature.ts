import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { SignedFields } from './types.ts';

/** The order of signed fields; never change it, only add a new version. */
const FIELD_ORDER = ['type', 'number', 'nik', 'issuedOn', 'officeCode', 'keyId'] as const;
export const SIGNATURE_VERSION = 'ADM1';

/**
 * Canonical bytes of the signed fields: a version tag and the fields in fixed order, joined by a
 * unit separator (0x1F) that no field may contain. Both the signer (registry) and every verifier
 * (the `adm verify` tool, a phone app) compute exactly this.
 */
export function canonicalBytes(fields: SignedFields): Buffer {
  const parts = [SIGNATURE_VERSION, ...FIELD_ORDER.map((k) => fields[k])];
  for (const p of parts) if (p.includes('\u001f')) throw new Error(`bug: signed field contains a unit separator: ${p}`);
  return Buffer.from(parts.join('\u001f'), 'utf8');
}

export function signFields(fields: SignedFields, privateKey: KeyObject): string {
  return sign(null, canonicalBytes(fields), privateKey).toString('base64url');
}

export function verifyFields(fields: SignedFields, signature: string, publicKey: KeyObject): boolean {
  try {
    return verify(null, canonicalBytes(fields), publicKey, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}

/** Office keys travel as base64 DER (SPKI for public, PKCS#8 for private). */
export const publicKeyFromBase64 = (b64: string): KeyObject => createPublicKey({ key: Buffer.from(b64, 'base64'), format: 'der', type: 'spki' });
export const privateKeyFromBase64 = (b64: string): KeyObject => createPrivateKey({ key: Buffer.from(b64, 'base64'), format: 'der', type: 'pkcs8' });
