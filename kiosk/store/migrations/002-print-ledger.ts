import type { Migration } from '../migration.ts';

/**
 * The print ledger (one row per print attempt, moving claimed → rendered → submitted →
 * printed | failed | released | unknown) with its history, and the consumables counters.
 * `submit_started_at` is written before Print-Job is sent, so boot knows a job may exist even when
 * the kiosk died before it learnt the job id; `registry_sync` says whether the registry still has
 * to be told a final outcome (confirm printed, or release).
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
        printer TEXT CHECK (printer IN ('a4', 'card')),
        printer_uri TEXT,
        job_name TEXT,
        job_id INTEGER,
        submit_started_at TEXT,
        pages INTEGER,
        sheets INTEGER,
        error TEXT,
        registry_sync TEXT NOT NULL DEFAULT 'none' CHECK (registry_sync IN ('none', 'pending', 'done')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        resolved_by TEXT,
        CHECK (state <> 'submitted' OR job_id IS NOT NULL)
      ) STRICT;
      -- One live print per entitlement: a second claim of the same document cannot start a print.
      CREATE UNIQUE INDEX print_ledger_live_application ON print_ledger(application_id)
        WHERE state IN ('claimed', 'rendered', 'submitted', 'printed', 'unknown');
      CREATE INDEX print_ledger_state ON print_ledger(state);
      CREATE INDEX print_ledger_registry_sync ON print_ledger(registry_sync) WHERE registry_sync = 'pending';
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
        updated_by TEXT,
        CHECK (level <= capacity)
      ) STRICT;
      -- A new kiosk starts with a full A4 tray and a full blanko hopper; technicians set real counts.
      INSERT INTO consumables (name, level, capacity, low_threshold, updated_at, updated_by) VALUES
        ('a4-sheets', 500, 500, 50, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'install'),
        ('card-blanko', 100, 100, 10, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'install');
    `);
  },
};
