import { defineEvents } from './define.ts';

/** Rendering population documents and receipts, and verifying their QR signatures. No personal data in fields. */
export const documentsEvents = defineEvents({
  'documents.rendered': { level: 'info', meaning: 'A document was rendered to PDF; fields give its type, page count, size and milliseconds.' },
  'documents.render_failed': {
    level: 'warn',
    meaning: 'A document could not be rendered (bad image, signature that does not match, content that does not fit); the print is not started and the code says why.',
  },
  'documents.verified': { level: 'info', meaning: 'A document QR verified with its office key; fields give the type, office and key id.' },
  'documents.verify_failed': { level: 'warn', meaning: 'A document QR did not verify: malformed, unknown key or a signature that does not match.' },
});
