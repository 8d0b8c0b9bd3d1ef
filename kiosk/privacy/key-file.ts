import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A 32-byte secret kept base64 in a file of its own, readable by the kiosk only. Read when it is
 * there; created (0600, never over an existing file) only when `create` says the runtime may.
 * Returns the base64 text. A missing key that must not be created is `missing`'s error.
 */
export function loadOrCreateKeyFile(path: string, options: { create: true } | { create: false; missing: string }): string {
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  if (!options.create) throw new Error(options.missing);
  mkdirSync(dirname(path), { recursive: true });
  const key = randomBytes(32).toString('base64');
  writeFileSync(path, `${key}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return key;
}
