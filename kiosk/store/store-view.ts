import BetterSqlite3, { type Database } from 'better-sqlite3';
import { kioskMigrations } from './migrations/index.ts';

/**
 * The kiosk store as seen from outside the running kiosk (the doctor, the updater's trial, the boot
 * self-test): questions about its health and what waits in it, never a write and never a migration.
 */
export class StoreView {
  constructor(readonly db: Database) {}

  /** SQLite's quick check (`ok` when sound) and the schema version against this software's. */
  health(): { quick: string; schemaVersion: number; expectedVersion: number } {
    return {
      quick: this.db.pragma('quick_check', { simple: true }) as string,
      schemaVersion: this.schemaVersion(),
      expectedVersion: kioskMigrations.length,
    };
  }

  schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  /** A store from an older schema may not have a table yet. */
  hasTable(name: string): boolean {
    return this.db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(name) !== undefined;
  }

  /** Fleet messages waiting, refused by the broker's ACL, and dropped when the outbox was full. */
  outbox(): { pending: number; refused: number; dropped: number } {
    const n = (sql: string) => (this.db.prepare(sql).get() as { n: number }).n;
    return {
      pending: n('SELECT COUNT(*) AS n FROM fleet_outbox WHERE sent_at IS NULL AND refused_at IS NULL'),
      refused: n('SELECT COUNT(*) AS n FROM fleet_outbox WHERE refused_at IS NOT NULL'),
      dropped: Number((this.db.prepare("SELECT value FROM fleet_state WHERE key = 'outbox.dropped'").get() as { value: string } | undefined)?.value ?? 0),
    };
  }

  /** Prints waiting for a person (unknown), unfinished (claimed, rendered, submitted), and outcomes the registry still owes an answer for. */
  ledgerAttention(): { unknown: number; open: number; owed: number } {
    const n = (sql: string) => (this.db.prepare(sql).get() as { n: number }).n;
    return {
      unknown: n("SELECT count(*) AS n FROM print_ledger WHERE state = 'unknown'"),
      open: n("SELECT count(*) AS n FROM print_ledger WHERE state IN ('claimed', 'rendered', 'submitted')"),
      owed: n("SELECT count(*) AS n FROM print_ledger WHERE registry_sync = 'pending'"),
    };
  }

  /** Ledger rows not yet final (claimed, rendered, submitted) or waiting for a person (unknown), by state. */
  unsettledPrints(): Array<{ state: string; n: number }> {
    return this.db.prepare(`SELECT state, count(*) AS n FROM print_ledger WHERE state IN ('claimed', 'rendered', 'submitted', 'unknown') GROUP BY state`).all() as Array<{ state: string; n: number }>;
  }

  /** The detail of the newest journal entry of `kind`, as stored (JSON text). */
  lastJournalDetail(kind: string): string | null {
    const row = this.db.prepare('SELECT detail FROM journal WHERE kind = ? ORDER BY id DESC LIMIT 1').get(kind) as { detail: string } | undefined;
    return row?.detail ?? null;
  }

  /** Folds the write-ahead log into the file, so the store is one self-contained file. */
  checkpoint(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }
}

/** Opens the store at `path` read-only, asks `fn`, and closes it whatever happens. */
export function readStore<T>(path: string, fn: (view: StoreView) => T): T {
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  try {
    return fn(new StoreView(db));
  } finally {
    db.close();
  }
}
