import { join, isAbsolute } from 'node:path';
import type { Database } from 'better-sqlite3';
import { openDatabase } from './open-database.ts';
import { kioskMigrations } from './migrations/index.ts';
import { Journal } from './journal.ts';
import type { StoreOpenError } from './errors.ts';
import type { KioskLogger } from '../log/logger.ts';
import { err, ok, type Result } from '../../core/result.ts';

export interface KioskStore {
  readonly db: Database;
  readonly path: string;
  readonly journal: Journal;
  close(): void;
}

export const KIOSK_DB_FILE = 'kiosk.sqlite';

export function resolveInDataDir(dataDir: string, file: string): string {
  return isAbsolute(file) || file === ':memory:' ? file : join(dataDir, file);
}

/** Opens the kiosk's own database (journal, ledger, consumables, outbox, audit). */
export function openKioskStore(dataDir: string, log: KioskLogger): Result<KioskStore, StoreOpenError> {
  const path = resolveInDataDir(dataDir, KIOSK_DB_FILE);
  const opened = openDatabase({
    path,
    migrations: kioskMigrations,
    onMigrated: (m) => log.event('store.migrated', { path, version: m.version, migration: m.name }),
  });
  if (!opened.ok) {
    log.event(opened.error.code === 'too_new' ? 'store.too_new' : 'store.corrupt', { ...opened.error });
    return err(opened.error);
  }
  const { db } = opened.value;
  log.event('store.opened', { path, version: opened.value.version, from: opened.value.fromVersion });
  const journal = new Journal(db, log.redactor);
  return ok({
    db,
    path,
    journal,
    close() {
      if (!db.open) return;
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
      log.event('store.closed', { path });
    },
  });
}
