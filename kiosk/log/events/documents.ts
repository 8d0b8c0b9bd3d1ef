import { defineEvents } from './define.ts';

/** Rendering population documents and receipts, and verifying their QR signatures. No personal data in fields. */
export const documentsEvents = defineEvents({
  'documents.rendered': { level: 'info', meaning: 'A document was rendered to PDF; fields give its type, page count, size and milliseconds.' },
  'documents.render_failed': {
    level: 'warn',
    meaning: 'A document could not be rendered (bad image, signature that does not match, content that does not fit); the print is not started and the code says why.',
  },
  'documents.untrusted_seal': {
    level: 'error',
    meaning: "A print package's seal does not chain to the trust list (key outside it, revoked, out of its validity, or a malformed seal): nothing was printed, the entitlement goes back, the fleet is alerted. Fields: code, office, key id.",
  },
  'documents.trust_list_refused': {
    level: 'error',
    meaning: 'The configured trust list did not load or its signatures do not chain to the national root: the kiosk trusts no seal and prints nothing until it is fixed.',
  },
  'documents.verified': { level: 'info', meaning: 'A document QR verified with its office key; fields give the type, office and key id.' },
  'documents.verify_failed': { level: 'warn', meaning: 'A document QR did not verify: malformed, unknown key or a signature that does not match.' },
});
