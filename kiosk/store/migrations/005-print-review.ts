import type { Migration } from '../migration.ts';

/**
 * A printed row can be put up for review: the citizen said nothing came out (a sheet stuck at the
 * exit, a card that never left the printer). The entitlement stays used (never an automatic
 * reprint); a person looks and closes the review with a note.
 */
export const printReview: Migration = {
  version: 5,
  name: 'print-review',
  up(db) {
    db.exec(`
      ALTER TABLE print_ledger ADD COLUMN review TEXT;
      ALTER TABLE print_ledger ADD COLUMN review_at TEXT;
      ALTER TABLE print_ledger ADD COLUMN review_closed_at TEXT;
    `);
  },
};
