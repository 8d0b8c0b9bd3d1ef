import type { Database, Statement } from 'better-sqlite3';

/** The technician's settings that outlive a restart (the out-of-service switch and message), as text by key. */
export class MaintenanceSettings {
  readonly #get: Statement<[string], { value: string }>;
  readonly #put: Statement<[string, string]>;

  constructor(db: Database) {
    this.#get = db.prepare('SELECT value FROM maintenance_setting WHERE key = ?');
    this.#put = db.prepare('INSERT INTO maintenance_setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  }

  get(key: string): string | null {
    return this.#get.get(key)?.value ?? null;
  }

  put(key: string, value: string): void {
    this.#put.run(key, value);
  }
}
