import type { Migration } from '../migration.ts';

/**
 * Maintenance mode: the audit trail (hash-chained: each row's MAC covers the previous one), the
 * technician PIN lockout (kept in the store so a restart does not reset it), the consumables the
 * print ledger does not count (card ribbon, receipt roll), per-device counters and last error, and
 * the technician's settings (out of service with a message for citizens).
 */
export const maintenance: Migration = {
  version: 4,
  name: 'maintenance',
  up(db) {
    db.exec(`
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        detail TEXT NOT NULL,
        prev_mac TEXT NOT NULL,
        mac TEXT NOT NULL
      ) STRICT;
      CREATE TABLE technician_lockout (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        failures INTEGER NOT NULL,
        locked_until TEXT
      ) STRICT;
      -- Set by a technician at a refill; what was used since is counted from the ledger's history
      -- (card prints use ribbon, every print a citizen waited for a receipt) plus test prints.
      CREATE TABLE maintenance_consumable (
        name TEXT PRIMARY KEY CHECK (name IN ('ribbon', 'receipt-roll')),
        level_at_set INTEGER NOT NULL CHECK (level_at_set >= 0),
        capacity INTEGER NOT NULL CHECK (capacity > 0),
        low_threshold INTEGER NOT NULL CHECK (low_threshold >= 0),
        set_at TEXT NOT NULL,
        set_by TEXT NOT NULL,
        test_used INTEGER NOT NULL DEFAULT 0 CHECK (test_used >= 0),
        CHECK (level_at_set <= capacity AND low_threshold < capacity)
      ) STRICT;
      INSERT INTO maintenance_consumable (name, level_at_set, capacity, low_threshold, set_at, set_by) VALUES
        ('ribbon', 250, 250, 25, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'install'),
        ('receipt-roll', 400, 400, 40, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'install');
      CREATE TABLE maintenance_device (
        id TEXT PRIMARY KEY,
        counters TEXT NOT NULL DEFAULT '{}',
        last_error TEXT,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE maintenance_setting (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
    `);
  },
};
