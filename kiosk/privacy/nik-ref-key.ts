import { join } from 'node:path';
import { loadOrCreateKeyFile } from './key-file.ts';

const NIK_REF_KEY_FILE = 'nik-ref.key';

/** The kiosk's key for keyed NIK hashes (ledger rows, log lines); beside the database, readable by the kiosk only. */
export function loadOrCreateNikRefKey(dataDir: string): string {
  return loadOrCreateKeyFile(join(dataDir, NIK_REF_KEY_FILE), { create: true });
}
