/**
 * Known ways a render can fail. Each comes back as a typed result so the print flow can release
 * the entitlement and tell the citizen what happened, instead of printing a broken document.
 */
export type DocumentErrorCode =
  /** The content is missing something the document must show, or is inconsistent. */
  | 'invalid_content'
  /** The signature's fields do not describe this content (type, number, NIK or date differ). */
  | 'signature_mismatch'
  /** The signature does not verify with the issuing office's public key. */
  | 'bad_signature'
  /** A value is too long to fit even at the smallest legible size (cards only; pages continue). */
  | 'content_too_long'
  | 'image_empty'
  | 'image_corrupt'
  | 'image_too_large'
  | 'image_unsupported'
  | 'aborted'
  | 'timeout';

export interface DocumentError {
  code: DocumentErrorCode;
  /** For logs and technicians; never shown to citizens as is and never holds personal data. */
  message: string;
  /** Which image, for image errors: `photo` or `signature`. */
  image?: 'photo' | 'signature';
}

export const documentError = (code: DocumentErrorCode, message: string, extra: Partial<DocumentError> = {}): DocumentError => ({
  code,
  message,
  ...extra,
});
