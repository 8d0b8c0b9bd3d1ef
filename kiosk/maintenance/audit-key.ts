import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const AUDIT_KEY_FILE = 'audit.key';

/** Where the audit key is: `maintenance.auditKeyFile`, or `audit.key` in the data directory. */
export function auditKeyPath(dataDir: string, keyFile?: string): string {
  return keyFile ?? join(dataDir, AUDIT_KEY_FILE);
}

/**
 * The key that MACs the audit chain. It lives outside the database, so that someone who can edit
 * the database file cannot re-forge the chain; on a kiosk it lives outside the data directory too
 * (`maintenance.auditKeyFile`), owned by root and only readable by the runtime's group. Created
 * here only where the runtime may write (a laptop's data directory); a configured key that is
 * missing is an error, never silently replaced.
 */
export function loadOrCreateAuditKey(dataDir: string, keyFile?: string): Buffer {
  const path = auditKeyPath(dataDir, keyFile);
  if (existsSync(path)) return Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  if (keyFile !== undefined) throw new Error(`the audit key ${keyFile} (maintenance.auditKeyFile) is missing; install.sh creates it`);
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(path, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return key;
}
