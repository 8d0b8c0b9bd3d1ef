import type { Migration } from '../migration.ts';

/**
 * The maintenance audit trail (hash-chained: each row's MAC covers the previous one) and the
 * technician PIN lockout, kept in the store so a restart does not reset it.
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
    `);
  },
};
