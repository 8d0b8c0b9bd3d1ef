import { chownSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { KIOSK_DB_FILE } from '../store/kiosk-store.ts';
import { err, ok, type Result } from '../../core/result.ts';
import { readStore } from '../store/store-view.ts';

/**
 * The store's files during an update. The live store is only ever read (a read-only online backup)
 * or renamed as a whole set (database, WAL, shared memory); the new version migrates a copy. So a
 * refused or rolled-back update leaves the very same files, byte for byte, where they were.
 */
export const STORE_SET = [KIOSK_DB_FILE, `${KIOSK_DB_FILE}-wal`, `${KIOSK_DB_FILE}-shm`] as const;

export type StoreFileError = { code: 'store_copy_failed' | 'store_move_failed'; message: string };

export function hasStore(dir: string): boolean {
  return existsSync(join(dir, KIOSK_DB_FILE));
}

/**
 * Copies the live store into `destDir` through SQLite's backup API on a read-only connection: a
 * consistent snapshot that includes committed WAL frames, taken without writing to the original.
 */
export async function copyStore(dataDir: string, destDir: string): Promise<Result<string, StoreFileError>> {
  const src = join(dataDir, KIOSK_DB_FILE);
  const dest = join(destDir, KIOSK_DB_FILE);
  try {
    rmSync(destDir, { recursive: true, force: true });
    mkdirSync(destDir, { recursive: true });
    const db = new BetterSqlite3(src, { readonly: true, fileMustExist: true });
    try {
      await db.backup(dest);
    } finally {
      db.close();
    }
    return ok(dest);
  } catch (e) {
    return err({ code: 'store_copy_failed', message: `cannot copy the store ${src}: ${(e as Error).message}` });
  }
}

/** The latest boot self-test's printable document types recorded in a store's journal, if any. */
export function lastPrintable(storeFile: string): string[] | null {
  try {
    const detail = readStore(storeFile, (v) => v.lastJournalDetail('self_test'));
    if (detail === null) return null;
    const printable = (JSON.parse(detail) as { printable?: unknown }).printable;
    return Array.isArray(printable) ? printable.filter((p): p is string => typeof p === 'string') : null;
  } catch {
    return null;
  }
}

/** Moves the store's file set from one directory to another (same filesystem: renames). */
export function moveStore(fromDir: string, toDir: string): Result<void, StoreFileError> {
  try {
    mkdirSync(toDir, { recursive: true });
    for (const name of STORE_SET) {
      const target = join(toDir, name);
      rmSync(target, { force: true });
      if (existsSync(join(fromDir, name))) renameSync(join(fromDir, name), target);
    }
    return ok(undefined);
  } catch (e) {
    return err({ code: 'store_move_failed', message: `cannot move the store from ${fromDir} to ${toDir}: ${(e as Error).message}` });
  }
}

/** Gives the store's files the owner of their directory (the updater runs as root, the kiosk as its own user). */
export function chownStoreToDir(dir: string): void {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return;
  const { uid, gid } = statSync(dir);
  for (const name of STORE_SET) if (existsSync(join(dir, name))) chownSync(join(dir, name), uid, gid);
}
