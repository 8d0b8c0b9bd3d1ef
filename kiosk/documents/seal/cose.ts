import { decode, encode, Tag } from 'cbor2';

/**
 * COSE_Sign1 (RFC 9052) with EdDSA, the envelope of a document seal, written here because it is
 * four CBOR items: `18([protected, {}, payload, signature])`, where `protected` is the encoded map
 * `{1: -8 (EdDSA), 4: kid}` and the signature is Ed25519 over the Sig_structure
 * `["Signature1", protected, h'', payload]`. Pure, so the verifier page shares it.
 */
export const COSE_SIGN1_TAG = 18;
const ALG = 1;
const KID = 4;
const EDDSA = -8;

export interface CoseSign1 {
  protectedBytes: Uint8Array;
  kid: string;
  payload: Uint8Array;
  signature: Uint8Array;
}

export type CoseError = { code: 'malformed'; message: string };

export function protectedHeader(kid: string): Uint8Array {
  return encode(new Map<number, number | Uint8Array>([[ALG, EDDSA], [KID, new TextEncoder().encode(kid)]]));
}

/** The bytes the issuing office signs. */
export function sigStructure(protectedBytes: Uint8Array, payload: Uint8Array): Uint8Array {
  return encode(['Signature1', plain(protectedBytes), new Uint8Array(0), plain(payload)]);
}

/** Node's Buffer would encode as a map; CBOR byte strings need plain Uint8Arrays. */
const plain = (b: Uint8Array): Uint8Array => (Object.getPrototypeOf(b) === Uint8Array.prototype ? b : new Uint8Array(b.buffer, b.byteOffset, b.byteLength));

export function encodeSign1(s: Omit<CoseSign1, 'kid'>): Uint8Array {
  return encode(new Tag(COSE_SIGN1_TAG, [plain(s.protectedBytes), new Map(), plain(s.payload), plain(s.signature)]));
}

/** Strict: exactly the tagged four-item array, EdDSA, a kid, an empty unprotected map and a 64-byte signature. */
export function decodeSign1(bytes: Uint8Array): { ok: true; value: CoseSign1 } | { ok: false; error: CoseError } {
  const bad = (message: string) => ({ ok: false as const, error: { code: 'malformed' as const, message } });
  let outer: unknown;
  try {
    outer = decode(bytes, { rejectDuplicateKeys: true });
  } catch (e) {
    return bad(`not CBOR: ${(e as Error).message}`);
  }
  if (!(outer instanceof Tag) || outer.tag !== COSE_SIGN1_TAG) return bad('not a COSE_Sign1 (tag 18)');
  const a = outer.contents;
  if (!Array.isArray(a) || a.length !== 4) return bad('a COSE_Sign1 has four items');
  const [protectedBytes, unprotected, payload, signature] = a as unknown[];
  if (!(protectedBytes instanceof Uint8Array) || !(payload instanceof Uint8Array) || !(signature instanceof Uint8Array)) return bad('protected header, payload and signature must be byte strings');
  const empty = unprotected instanceof Map ? unprotected.size === 0 : typeof unprotected === 'object' && unprotected !== null && Object.keys(unprotected).length === 0;
  if (!empty) return bad('the unprotected header must be empty');
  if (signature.length !== 64) return bad('an Ed25519 signature has 64 bytes');
  let header: unknown;
  try {
    header = decode(protectedBytes, { rejectDuplicateKeys: true });
  } catch (e) {
    return bad(`protected header is not CBOR: ${(e as Error).message}`);
  }
  if (!(header instanceof Map) || header.size !== 2 || header.get(ALG) !== EDDSA) return bad('the protected header must name EdDSA (-8) and a kid, nothing else');
  const kid = header.get(KID);
  if (!(kid instanceof Uint8Array) || kid.length === 0 || kid.length > 40) return bad('the kid must be 1-40 bytes');
  // Only one encoding is ours: a re-encoding that differs means a byte outside the signed parts was changed.
  if (!sameBytes(encodeSign1({ protectedBytes, payload, signature }), bytes)) return bad('not the canonical encoding of a COSE_Sign1');
  if (!sameBytes(protectedHeader(new TextDecoder().decode(kid)), protectedBytes)) return bad('the protected header is not canonically encoded');
  return { ok: true, value: { protectedBytes, kid: new TextDecoder('utf-8', { fatal: true }).decode(kid), payload, signature } };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
