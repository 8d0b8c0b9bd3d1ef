import { existsSync } from 'node:fs';
import type { KioskConfig } from '../config/schema.ts';
import { KIOSK_DB_FILE, resolveInDataDir } from '../store/kiosk-store.ts';
import type { CheckOutcome, DoctorCheck } from './check.ts';

/**
 * A check that reads the kiosk store (read-only: the doctor never migrates). A missing store is
 * not a fault; a store it cannot read fails with what `unreadable` says.
 */
export function storeReadingCheck(
  name: string,
  check: {
    absent?: (path: string) => string;
    inspect(config: KioskConfig, path: string): CheckOutcome[];
    unreadable(path: string, message: string): string;
  },
): DoctorCheck {
  return {
    name,
    run(config) {
      const path = resolveInDataDir(config.dataDir, KIOSK_DB_FILE);
      if (!existsSync(path)) return [{ status: 'ok', detail: check.absent?.(path) ?? 'no store yet' }];
      try {
        return check.inspect(config, path);
      } catch (e) {
        return [{ status: 'fail', detail: check.unreadable(path, (e as Error).message) }];
      }
    },
  };
}
