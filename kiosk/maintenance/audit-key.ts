import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const AUDIT_KEY_FILE = 'audit.key';

/**
 * The key that MACs the audit chain. It lives beside the database, not in it, so that someone who
 * can edit the database file cannot re-forge the chain; on a production kiosk the data directory is
 * readable only by the kiosk's own user.
 */
export function loadOrCreateAuditKey(dataDir: string): Buffer {
  const path = join(dataDir, AUDIT_KEY_FILE);
  if (existsSync(path)) return Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(path, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return key;
}
