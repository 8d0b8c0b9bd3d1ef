import { decode, encode } from 'cbor2';
import { base45Decode, base45Encode } from './base45.ts';
import { decodeSign1, encodeSign1, type CoseSign1 } from './cose.ts';
import { payloadFromArray, payloadToArray, type SealPayload } from './payload.ts';

/**
 * The text in a document's QR: `ADM2:` + base45 of a COSE_Sign1 whose payload is the
 * zlib-compressed CBOR of the seal payload. Signing the compressed bytes means every character of
 * the text is covered by the signature or by a strict, canonical check (docs/documents.md).
 * Pure apart from the inflater, which the caller brings (Node's zlib, or the browser's
 * DecompressionStream on the verifier page).
 */
export const SEAL_PREFIX = 'ADM2:';
/**
 * The most alphanumeric characters one QR code holds at level M (version 40). A ten-member KK's
 * seal is about 930 characters and a forty-member one with long names about 2,050; a longer text
 * is not ours and is refused unread.
 */
export const SEAL_MAX_TEXT = 3391;
/** Inflated payloads above this are refused (a compression bomb in a QR). */
export const SEAL_MAX_PAYLOAD = 16 * 1024;

export type SealField = 'prefix' | 'text' | 'envelope' | 'payload';
export interface SealTextError {
  code: 'malformed';
  field: SealField;
  message: string;
}
type R<T> = { ok: true; value: T } | { ok: false; error: SealTextError };
const bad = (field: SealField, message: string): { ok: false; error: SealTextError } => ({ ok: false, error: { code: 'malformed', field, message } });

export const payloadBytes = (p: SealPayload): Uint8Array => encode(payloadToArray(p));

export function sealText(sign1: Omit<CoseSign1, 'kid'>): string {
  return SEAL_PREFIX + base45Encode(encodeSign1(sign1));
}

/** Text → the COSE envelope, strictly: only a scanner's trailing newline is forgiven. */
export function parseSealText(text: string): R<CoseSign1> {
  const t = text.replace(/\r?\n$/, '');
  if (t.length > SEAL_MAX_TEXT) return bad('text', `longer than ${SEAL_MAX_TEXT} characters`);
  if (!t.startsWith(SEAL_PREFIX)) return bad('prefix', `does not start with ${SEAL_PREFIX}: not an ADM document seal`);
  const bytes = base45Decode(t.slice(SEAL_PREFIX.length));
  if (!bytes.ok) return bad('text', bytes.error.message);
  const sign1 = decodeSign1(bytes.value);
  if (!sign1.ok) return bad('envelope', sign1.error.message);
  return sign1;
}

/** Inflated payload bytes → the sealed content, checking every position and the kid's agreement. */
export function readPayload(inflated: Uint8Array, kid: string): R<SealPayload> {
  if (inflated.length > SEAL_MAX_PAYLOAD) return bad('payload', `the payload inflates beyond ${SEAL_MAX_PAYLOAD} bytes`);
  let value: unknown;
  try {
    value = decode(inflated, { rejectDuplicateKeys: true });
  } catch (e) {
    return bad('payload', `the payload is not CBOR: ${(e as Error).message}`);
  }
  const p = payloadFromArray(value);
  if (!p.ok) return bad('payload', p.error.message);
  if (p.value.keyId !== kid) return bad('payload', `the payload names key "${p.value.keyId}" but the envelope "${kid}"`);
  return p;
}
