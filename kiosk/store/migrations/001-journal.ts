import type { Migration } from '../migration.ts';

/** The kiosk journal: what happened, in order, with no personal data in clear. */
export const journal: Migration = {
  version: 1,
  name: 'journal',
  up(db) {
    db.exec(`
      CREATE TABLE journal (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        session_ref TEXT,
        detail TEXT NOT NULL DEFAULT '{}'
      ) STRICT;
      CREATE INDEX journal_at ON journal(at);
      CREATE INDEX journal_kind ON journal(kind, at);
      CREATE TABLE kiosk_meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
    `);
  },
};
