import type { Migration } from '../migration.ts';

/**
 * Store-and-forward for fleet messages: rows are written (in the same transaction as what they
 * report, when there is one), published in order, and marked sent only once the broker
 * acknowledged them, so a replay after an outage never repeats an acknowledged message.
 * `fleet_command_nonce` remembers the nonces of accepted fleet commands so a captured command
 * cannot be replayed, not even across a restart.
 */
export const fleetOutbox: Migration = {
  version: 3,
  name: 'fleet-outbox',
  up(db) {
    db.exec(`
      CREATE TABLE fleet_outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        channel TEXT NOT NULL CHECK (channel IN ('event', 'diagnostics')),
        payload TEXT NOT NULL,
        created_at TEXT NOT NULL,
        sent_at TEXT,
        refused_at TEXT,
        refused_reason TEXT
      ) STRICT;
      CREATE INDEX fleet_outbox_unsent ON fleet_outbox(seq) WHERE sent_at IS NULL AND refused_at IS NULL;
      CREATE TABLE fleet_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
      CREATE TABLE fleet_command_nonce (
        nonce TEXT PRIMARY KEY,
        seen_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX fleet_command_nonce_seen ON fleet_command_nonce(seen_at);
    `);
  },
};
