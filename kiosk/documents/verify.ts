import { err, ok, type Result } from '../result.ts';
import type { DocumentSignature, Office, SignedFields } from '../registry/types.ts';
import { publicKeyFromBase64, verifyFields } from '../registry/signature.ts';
import { parseQrPayload, type QrPayloadField } from './qr-payload.ts';
import { DOCUMENT_TITLES } from './titles.ts';
import type { KioskLogger } from '../log/logger.ts';

export type VerifyErrorCode = 'malformed' | 'unknown_key' | 'bad_signature';

export interface VerifyError {
  code: VerifyErrorCode;
  message: string;
  field?: QrPayloadField;
}

export interface VerifiedDocument {
  fields: SignedFields;
  office: Office;
  /** e.g. `Kartu Keluarga` / `Family card`. */
  title: { id: string; en: string };
}

/** Checks a signature against the issuing offices' public keys, with no network. */
export function verifySignature(signature: DocumentSignature, offices: readonly Office[]): Result<VerifiedDocument, VerifyError> {
  const { fields } = signature;
  const office = offices.find((o) => o.keyId === fields.keyId);
  if (!office) return err({ code: 'unknown_key', message: `no issuing office has key "${fields.keyId}"` });
  if (office.code !== fields.officeCode) {
    return err({ code: 'unknown_key', message: `key "${fields.keyId}" belongs to office ${office.code}, not ${fields.officeCode}` });
  }
  let valid = false;
  try {
    valid = verifyFields(fields, signature.signature, publicKeyFromBase64(office.publicKey));
  } catch (e) {
    return err({ code: 'unknown_key', message: `office ${office.code} has an unusable public key: ${(e as Error).message}` });
  }
  if (!valid) return err({ code: 'bad_signature', message: 'the signature does not match the document fields' });
  return ok({ fields, office, title: DOCUMENT_TITLES[fields.type] });
}

/** Parses and verifies the text of a document's QR code (e.g. one scanned at the kiosk); logs the outcome without the NIK. */
export function verifyQrText(text: string, offices: readonly Office[], log?: KioskLogger): Result<VerifiedDocument, VerifyError> {
  const parsed = parseQrPayload(text);
  const result: Result<VerifiedDocument, VerifyError> = parsed.ok
    ? verifySignature(parsed.value, offices)
    : err({ code: 'malformed', field: parsed.error.field, message: parsed.error.message });
  if (result.ok) log?.event('documents.verified', { type: result.value.fields.type, office: result.value.office.code, keyId: result.value.fields.keyId });
  else log?.event('documents.verify_failed', { code: result.error.code, reason: result.error.message });
  return result;
}
