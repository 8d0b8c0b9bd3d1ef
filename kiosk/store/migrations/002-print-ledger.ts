import type { Migration } from '../migration.ts';

/**
 * The print ledger (one row per print attempt, moving claimed → rendered → submitted →
 * printed | failed | released | unknown) with its history, and the consumables counters.
 */
export const printLedger: Migration = {
  version: 2,
  name: 'print-ledger',
  up(db) {
    db.exec(`
      CREATE TABLE print_ledger (
        id TEXT PRIMARY KEY,
        application_id TEXT NOT NULL,
        document_type TEXT NOT NULL,
        subject_ref TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('claimed', 'rendered', 'submitted', 'printed', 'failed', 'released', 'unknown')),
        printer TEXT,
        printer_uri TEXT,
        job_id INTEGER,
        pages INTEGER,
        error TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        resolved_by TEXT
      ) STRICT;
      -- One live print per entitlement: a second claim of the same document cannot start a print.
      CREATE UNIQUE INDEX print_ledger_live_application ON print_ledger(application_id)
        WHERE state IN ('claimed', 'rendered', 'submitted', 'printed', 'unknown');
      CREATE INDEX print_ledger_state ON print_ledger(state);
      CREATE TABLE print_ledger_history (
        id INTEGER PRIMARY KEY,
        ledger_id TEXT NOT NULL REFERENCES print_ledger(id),
        from_state TEXT,
        to_state TEXT NOT NULL,
        at TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT '{}'
      ) STRICT;
      CREATE INDEX print_ledger_history_ledger ON print_ledger_history(ledger_id, id);
      CREATE TABLE consumables (
        name TEXT PRIMARY KEY,
        level INTEGER NOT NULL CHECK (level >= 0),
        capacity INTEGER NOT NULL CHECK (capacity > 0),
        low_threshold INTEGER NOT NULL CHECK (low_threshold >= 0),
        updated_at TEXT NOT NULL,
        updated_by TEXT
      ) STRICT;
    `);
  },
};
