import BetterSqlite3, { type Database } from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Migration } from './migration.ts';
import type { StoreOpenError } from './errors.ts';
import { err, ok, type Result } from '../../core/result.ts';

export interface OpenOptions {
  path: string;
  migrations: readonly Migration[];
  /** Called after each migration, for the journal of boot. */
  onMigrated?: (m: Migration) => void;
}

export interface OpenedDatabase {
  db: Database;
  /** Schema version before this open ran its migrations. */
  fromVersion: number;
  version: number;
}

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`bug: migration ${m.name} has version ${m.version}, expected ${i + 1}`);
  });
}

/**
 * Opens a SQLite database in WAL mode with `synchronous=FULL` (a lost last write could print a
 * document twice), checks that it is sound, and brings its schema up to date.
 */
export function openDatabase(options: OpenOptions): Result<OpenedDatabase, StoreOpenError> {
  const { path, migrations } = options;
  checkOrder(migrations);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let db: Database;
  try {
    db = new BetterSqlite3(path);
  } catch (e) {
    const detail = (e as Error).message;
    return err({ code: 'unreadable', path, detail, message: `cannot open database ${path}: ${detail}` });
  }
  try {
    // A file that is not SQLite fails on its first read; a damaged one fails quick_check.
    const check = db.pragma('quick_check', { simple: false }) as Array<{ quick_check: string }>;
    const problems = check.map((r) => r.quick_check).filter((r) => r !== 'ok');
    if (problems.length > 0) {
      db.close();
      const detail = problems.slice(0, 5).join('; ');
      return err({ code: 'corrupt', path, detail, message: `database ${path} is damaged (${detail}); it was left in place for a technician` });
    }
  } catch (e) {
    db.close();
    const detail = (e as Error).message;
    return err({ code: 'corrupt', path, detail, message: `database ${path} is not a readable SQLite file (${detail}); it was left in place for a technician` });
  }

  const fromVersion = db.pragma('user_version', { simple: true }) as number;
  if (fromVersion > migrations.length) {
    db.close();
    return err({
      code: 'too_new',
      path,
      fileVersion: fromVersion,
      codeVersion: migrations.length,
      message: `database ${path} has schema version ${fromVersion}, newer than this software (${migrations.length}); install the newer software or restore a backup`,
    });
  }

  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 2000');

  for (const m of migrations.slice(fromVersion)) {
    try {
      db.transaction(() => {
        m.up(db);
        db.pragma(`user_version = ${m.version}`);
      })();
    } catch (e) {
      db.close();
      const detail = (e as Error).message;
      return err({ code: 'migration_failed', path, version: m.version, detail, message: `migration ${m.version} (${m.name}) failed on ${path}: ${detail}` });
    }
    options.onMigrated?.(m);
  }
  return ok({ db, fromVersion, version: migrations.length });
}
