import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../kiosk/store/open-database.ts';
import { kioskMigrations } from '../../kiosk/store/migrations/index.ts';
import type { Migration } from '../../kiosk/store/migration.ts';
import { tempDir } from '../support/temp-dir.ts';

const dirs: Array<{ remove(): void }> = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

function dbPath(): string {
  const d = tempDir('store');
  dirs.push(d);
  return join(d.path, 'kiosk.sqlite');
}

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('opening the kiosk store', () => {
  it('creates the schema from empty through every migration, in WAL mode with STRICT tables', () => {
    const path = dbPath();
    const migrated: number[] = [];
    const r = openDatabase({ path, migrations: kioskMigrations, onMigrated: (m) => migrated.push(m.version) });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const { db } = r.value;
    expect(r.value.fromVersion).toBe(0);
    expect(migrated).toEqual(kioskMigrations.map((m) => m.version));
    expect(db.pragma('user_version', { simple: true })).toBe(kioskMigrations.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    const tables = db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as Array<{ name: string; sql: string }>;
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['journal', 'print_ledger', 'fleet_outbox']));
    for (const t of tables) expect(t.sql, t.name).toMatch(/\)\s*STRICT\s*$/);
    db.close();
  });

  it('runs only the missing migrations when reopened', () => {
    const path = dbPath();
    const first = openDatabase({ path, migrations: kioskMigrations.slice(0, 1) });
    expect(first.ok).toBe(true);
    if (first.ok) first.value.db.close();
    const migrated: number[] = [];
    const second = openDatabase({ path, migrations: kioskMigrations, onMigrated: (m) => migrated.push(m.version) });
    expect(second.ok).toBe(true);
    if (!second.ok) return;
    expect(second.value.fromVersion).toBe(1);
    expect(migrated).toEqual(kioskMigrations.slice(1).map((m) => m.version));
    second.value.db.close();
  });

  it('refuses a database written by newer software and leaves it untouched', () => {
    const path = dbPath();
    const raw = new BetterSqlite3(path);
    raw.pragma(`user_version = ${kioskMigrations.length + 5}`);
    raw.close();
    const before = sha(path);
    const r = openDatabase({ path, migrations: kioskMigrations });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('too_new');
    expect(r.error.message).toContain(`schema version ${kioskMigrations.length + 5}, newer than this software (${kioskMigrations.length})`);
    expect(sha(path)).toBe(before);
  });

  it('detects a file that is not SQLite at all and never replaces it', () => {
    const path = dbPath();
    writeFileSync(path, Buffer.alloc(8192, 0x5a));
    const before = sha(path);
    const r = openDatabase({ path, migrations: kioskMigrations });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('corrupt');
    expect(r.error.message).toMatch(/not a readable SQLite file.*left in place/);
    expect(sha(path)).toBe(before);
  });

  it('detects damaged pages inside a real database', () => {
    const path = dbPath();
    const r0 = openDatabase({ path, migrations: kioskMigrations });
    if (!r0.ok) throw new Error(r0.error.message);
    const insert = r0.value.db.prepare("INSERT INTO journal (at, kind, detail) VALUES ('2026-01-01T00:00:00Z', 'filler', ?)");
    for (let i = 0; i < 400; i++) insert.run(JSON.stringify({ i, pad: 'x'.repeat(200) }));
    r0.value.db.pragma('wal_checkpoint(TRUNCATE)');
    r0.value.db.pragma('journal_mode = DELETE');
    r0.value.db.close();
    const bytes = readFileSync(path);
    // Overwrite the middle of the file (index and table pages) but keep the header valid.
    bytes.fill(0xa5, 4096 * 3, 4096 * 6);
    writeFileSync(path, bytes);
    const before = sha(path);
    const r = openDatabase({ path, migrations: kioskMigrations });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('corrupt');
    expect(sha(path)).toBe(before);
  });

  it('rolls back a failing migration and reports which one', () => {
    const path = dbPath();
    const broken: Migration = { version: 2, name: 'broken', up: (db) => db.exec('CREATE TABLE t (x INTEGER) STRICT; INSERT INTO missing VALUES (1);') };
    const r = openDatabase({ path, migrations: [kioskMigrations[0]!, broken] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('migration_failed');
    expect(r.error.message).toMatch(/migration 2 \(broken\) failed/);
    const db = new BetterSqlite3(path);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 't'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('treats a migration list with a gap as a bug', () => {
    const gap: Migration = { version: 3, name: 'gap', up: () => undefined };
    expect(() => openDatabase({ path: dbPath(), migrations: [kioskMigrations[0]!, gap] })).toThrow(/expected 2/);
  });
});
