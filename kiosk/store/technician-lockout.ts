import type { Database } from 'better-sqlite3';

export interface LockoutState {
  failures: number;
  lockedUntil: string | null;
}

/** The technician PIN's count of wrong PINs and its lock, one row, so pulling the plug does not reset it. */
export class TechnicianLockout {
  constructor(private readonly db: Database) {}

  read(): LockoutState {
    const row = this.db.prepare('SELECT failures, locked_until AS lockedUntil FROM technician_lockout WHERE id = 1').get() as LockoutState | undefined;
    return row ?? { failures: 0, lockedUntil: null };
  }

  write(failures: number, lockedUntil: string | null): void {
    this.db
      .prepare('INSERT INTO technician_lockout (id, failures, locked_until) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until')
      .run(failures, lockedUntil);
  }

  /** Runs `fn` in one immediate (write-locking) transaction, so parallel attempts are counted one after another. */
  exclusive<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }
}
