import { err, ok, type Result } from '../../core/result.ts';
import type { KioskLogger } from '../log/logger.ts';
import { trustedKeyFor, type TrustedKey, type TrustList, type TrustProblem } from '../registry/trust-list-format.ts';
import { openSeal, sealSignatureValid, type OpenedSeal } from './seal/node-seal.ts';
import type { SealPayload } from './seal/payload.ts';
import type { SealField } from './seal/text.ts';
import { DOCUMENT_TITLES } from './titles.ts';

export type VerifyErrorCode = 'malformed' | TrustProblem | 'bad_signature';

export interface VerifyError {
  code: VerifyErrorCode;
  message: string;
  field?: SealField;
}

export interface VerifiedSeal {
  payload: SealPayload;
  /** The trust list's entry for the key that sealed it. */
  key: TrustedKey;
  /** e.g. `Kartu Keluarga` / `Family card`. */
  title: { id: string; en: string };
}

/** Checks an opened seal against the trust list: the key chains to the root, is not revoked, covers the issue date, and signed these bytes. */
export function verifyOpenedSeal(seal: OpenedSeal, list: TrustList): Result<VerifiedSeal, VerifyError> {
  const p = seal.payload;
  const key = trustedKeyFor(list, p);
  if (!key.ok) return err({ code: key.error.code, message: key.error.message });
  if (!sealSignatureValid(seal, key.value.publicKey)) return err({ code: 'bad_signature', message: 'the seal is not signed by the key it names' });
  return ok({ payload: p, key: key.value, title: DOCUMENT_TITLES[p.type] });
}

/** Parses and verifies the text of a document's QR code, with no network; logs the outcome without the NIK. */
export function verifySealText(text: string, list: TrustList, log?: KioskLogger): Result<VerifiedSeal, VerifyError> {
  const opened = openSeal(text);
  const result: Result<VerifiedSeal, VerifyError> = opened.ok
    ? verifyOpenedSeal(opened.value, list)
    : err({ code: 'malformed', field: opened.error.field, message: opened.error.message });
  if (result.ok) log?.event('documents.verified', { type: result.value.payload.type, office: result.value.key.officeCode, keyId: result.value.key.keyId });
  else log?.event('documents.verify_failed', { code: result.error.code, reason: result.error.message });
  return result;
}
