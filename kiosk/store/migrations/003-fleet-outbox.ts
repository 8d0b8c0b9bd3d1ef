import type { Migration } from '../migration.ts';

/**
 * Store-and-forward for fleet events: rows are written in the same transaction as what they
 * report, published in order, and marked sent once the broker acknowledged them.
 */
export const fleetOutbox: Migration = {
  version: 3,
  name: 'fleet-outbox',
  up(db) {
    db.exec(`
      CREATE TABLE fleet_outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        topic TEXT NOT NULL,
        payload TEXT NOT NULL,
        qos INTEGER NOT NULL CHECK (qos IN (0, 1, 2)),
        created_at TEXT NOT NULL,
        sent_at TEXT,
        attempts INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX fleet_outbox_unsent ON fleet_outbox(seq) WHERE sent_at IS NULL;
      CREATE TABLE fleet_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
    `);
  },
};
