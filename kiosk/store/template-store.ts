import BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from './open-database.ts';
import { kioskMigrations } from './migrations/index.ts';

/** The tables the fleet agent uses; a simulated kiosk needs no others. */
const FLEET_TABLES = new Set(['fleet_outbox', 'fleet_state', 'fleet_command_nonce']);

/**
 * An empty kiosk store with every migration applied, as bytes to copy from. `fleetOnly` keeps only
 * the fleet's tables (a fifth of the pages): tens of thousands of simulated kiosks each hold a copy.
 */
export function templateStore(options: { fleetOnly?: boolean } = {}): Buffer {
  const opened = openDatabase({ path: ':memory:', migrations: kioskMigrations });
  if (!opened.ok) throw new Error(opened.error.message);
  if (options.fleetOnly) {
    // The fleet's tables in a fresh database with small pages: the image and SQLite's initial page
    // cache (20 pages per connection) shrink with them.
    const full = opened.value.db;
    const small = new BetterSqlite3(':memory:');
    small.pragma('page_size = 512');
    const schema = full.prepare<[], { sql: string; tbl_name: string }>("SELECT sql, tbl_name FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'").all();
    for (const { sql, tbl_name } of schema) if (FLEET_TABLES.has(tbl_name)) small.exec(sql);
    small.pragma(`user_version = ${Number(full.pragma('user_version', { simple: true }))}`);
    full.close();
    const bytes = small.serialize();
    small.close();
    return bytes;
  }
  const bytes = opened.value.db.serialize();
  opened.value.db.close();
  return bytes;
}
