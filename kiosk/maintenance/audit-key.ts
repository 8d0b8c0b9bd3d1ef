import { join } from 'node:path';
import { loadOrCreateKeyFile } from '../privacy/key-file.ts';

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
  const key = loadOrCreateKeyFile(path, keyFile === undefined ? { create: true } : { create: false, missing: `the audit key ${keyFile} (maintenance.auditKeyFile) is missing; install.sh creates it` });
  return Buffer.from(key, 'base64');
}
