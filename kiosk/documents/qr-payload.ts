import { err, ok, type Result } from '../result.ts';
import { DOCUMENT_TYPES, type DocumentSignature, type DocumentType, type SignedFields } from '../registry/types.ts';
import { SIGNATURE_VERSION } from '../registry/signature.ts';
import { parseIsoDate } from './format.ts';

/**
 * The text inside a document's QR code: its electronic signature, verifiable offline.
 *
 *   ADM1:<type>:<number>:<nik>:<issuedOn>:<officeCode>:<keyId>:<signature>
 *
 * The first seven parts are the signed fields in canonical order (kiosk/registry/signature.ts);
 * the last is the Ed25519 signature over their canonical bytes, base64url without padding
 * (86 characters). docs/documents.md describes it for other verifiers.
 */
export const QR_SEPARATOR = ':';
/** A payload is about 170 characters; anything much longer is not ours and is refused unread. */
export const QR_MAX_LENGTH = 400;

export type QrPayloadField = 'version' | keyof SignedFields | 'signature' | 'payload';

export interface QrPayloadError {
  code: 'malformed';
  field: QrPayloadField;
  message: string;
}

const NUMBER_SHAPES: Record<DocumentType, RegExp> = {
  kk: /^\d{16}$/,
  ktp: /^\d{16}$/,
  kia: /^\d{16}$/,
  'akta-lahir': /^\d{4}-L[UT]-\d{8}-\d{4}$/,
  'akta-mati': /^\d{4}-KM-\d{8}-\d{4}$/,
};

const malformed = (field: QrPayloadField, message: string): Result<never, QrPayloadError> => err({ code: 'malformed', field, message });

function checkFields(f: SignedFields): Result<SignedFields, QrPayloadError> {
  if (!(DOCUMENT_TYPES as readonly string[]).includes(f.type)) return malformed('type', `unknown document type "${f.type}"`);
  if (!NUMBER_SHAPES[f.type].test(f.number)) return malformed('number', `not a ${f.type} document number`);
  if (!/^\d{16}$/.test(f.nik)) return malformed('nik', 'NIK must be 16 digits');
  if (!parseIsoDate(f.issuedOn)) return malformed('issuedOn', 'issue date must be a calendar date YYYY-MM-DD');
  if (!/^\d{4}$/.test(f.officeCode)) return malformed('officeCode', 'office code must be 4 digits');
  if (!/^[A-Za-z0-9._-]{1,40}$/.test(f.keyId)) return malformed('keyId', 'key id must be 1-40 letters, digits, dot, dash or underscore');
  return ok(f);
}

function checkSignature(sig: string): Result<string, QrPayloadError> {
  // Re-encoding must give the same text: the last character carries 2 spare bits that a lax decoder
  // ignores, and a changed character must never pass as the same signature.
  if (!/^[A-Za-z0-9_-]{86}$/.test(sig) || Buffer.from(sig, 'base64url').toString('base64url') !== sig) {
    return malformed('signature', 'signature must be 64 bytes in base64url (86 characters)');
  }
  return ok(sig);
}

/** The QR text for a signed document; refuses fields that would not parse back. */
export function encodeQrPayload(signature: DocumentSignature): Result<string, QrPayloadError> {
  const fields = checkFields(signature.fields);
  if (!fields.ok) return fields;
  const sig = checkSignature(signature.signature);
  if (!sig.ok) return sig;
  const f = signature.fields;
  return ok([SIGNATURE_VERSION, f.type, f.number, f.nik, f.issuedOn, f.officeCode, f.keyId, signature.signature].join(QR_SEPARATOR));
}

/** Parses QR text strictly: every part is checked, nothing is guessed or trimmed inside. */
export function parseQrPayload(text: string): Result<DocumentSignature, QrPayloadError> {
  // Scanners often add a trailing newline; nothing else is forgiven.
  const t = text.replace(/\r?\n$/, '');
  if (t.length > QR_MAX_LENGTH) return malformed('payload', `longer than ${QR_MAX_LENGTH} characters`);
  const parts = t.split(QR_SEPARATOR);
  if (parts[0] !== SIGNATURE_VERSION) return malformed('version', `does not start with ${SIGNATURE_VERSION}${QR_SEPARATOR}: not an ADM document signature`);
  if (parts.length !== 8) return malformed('payload', `expected 8 parts separated by "${QR_SEPARATOR}", found ${parts.length}`);
  const [, type, number, nik, issuedOn, officeCode, keyId, signature] = parts as [string, string, string, string, string, string, string, string];
  const fields = checkFields({ type: type as DocumentType, number, nik, issuedOn, officeCode, keyId });
  if (!fields.ok) return fields;
  const sig = checkSignature(signature);
  if (!sig.ok) return sig;
  return ok({ fields: fields.value, signature: sig.value });
}
