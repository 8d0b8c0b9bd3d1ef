import { sign, verify, type KeyObject } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';
import { publicKeyFromBase64 } from '../../registry/signature.ts';
import { protectedHeader, sigStructure, type CoseSign1 } from './cose.ts';
import type { SealPayload } from './payload.ts';
import { parseSealText, payloadBytes, readPayload, SEAL_MAX_PAYLOAD, sealText, type SealTextError } from './text.ts';

/** A seal read from its text; `signedBytes` is what the office's Ed25519 key signed. */
export interface OpenedSeal {
  sign1: CoseSign1;
  payload: SealPayload;
  signedBytes: Uint8Array;
}

/** Builds and signs a seal: what an issuing office (the registry) does. */
export function makeSeal(payload: SealPayload, privateKey: KeyObject): string {
  const protectedBytes = protectedHeader(payload.keyId);
  const compressed = deflateSync(payloadBytes(payload), { level: 9 });
  const signature = sign(null, sigStructure(protectedBytes, compressed), privateKey);
  return sealText({ protectedBytes, payload: compressed, signature });
}

export function openSeal(text: string): { ok: true; value: OpenedSeal } | { ok: false; error: SealTextError } {
  const sign1 = parseSealText(text);
  if (!sign1.ok) return sign1;
  let inflated: Uint8Array;
  try {
    inflated = inflateSync(sign1.value.payload, { maxOutputLength: SEAL_MAX_PAYLOAD });
  } catch (e) {
    return { ok: false, error: { code: 'malformed', field: 'payload', message: `the payload does not inflate: ${(e as Error).message}` } };
  }
  const payload = readPayload(inflated, sign1.value.kid);
  if (!payload.ok) return payload;
  return { ok: true, value: { sign1: sign1.value, payload: payload.value, signedBytes: sigStructure(sign1.value.protectedBytes, sign1.value.payload) } };
}

/** Ed25519 over the Sig_structure with one office key (SPKI DER, base64). */
export function sealSignatureValid(seal: OpenedSeal, publicKeyB64: string): boolean {
  try {
    return verify(null, seal.signedBytes, publicKeyFromBase64(publicKeyB64), seal.sign1.signature);
  } catch {
    return false;
  }
}
