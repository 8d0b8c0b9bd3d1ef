import type { Database, Statement } from 'better-sqlite3';
import type { NonceStore } from '../fleet/commands.ts';

/**
 * Small durable facts of the fleet area in `fleet_state`: counters that must survive a restart
 * (dropped outbox rows, refused commands) and the out-of-service reasons set by a technician or
 * the fleet.
 */
export class FleetStateStore {
  readonly #get: Statement<[string], { value: string }>;
  readonly #set: Statement<[string, string]>;
  readonly #add: Statement<[{ key: string; by: number }]>;

  constructor(readonly db: Database) {
    this.#get = db.prepare('SELECT value FROM fleet_state WHERE key = ?');
    this.#set = db.prepare('INSERT INTO fleet_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
    this.#add = db.prepare(
      "INSERT INTO fleet_state (key, value) VALUES (@key, CAST(@by AS TEXT)) ON CONFLICT(key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + @by AS TEXT)",
    );
  }

  get(key: string): string | null {
    return this.#get.get(key)?.value ?? null;
  }

  set(key: string, value: string): void {
    this.#set.run(key, value);
  }

  counter(key: string): number {
    const v = this.get(key);
    return v === null ? 0 : Number(v);
  }

  increment(key: string, by = 1): void {
    this.#add.run({ key, by });
  }
}

/** Accepted command nonces in SQLite, so a restart does not reopen the replay window. */
export class SqliteNonceStore implements NonceStore {
  readonly #insert: Statement<[string, number]>;
  readonly #prune: Statement<[number]>;

  constructor(db: Database) {
    this.#insert = db.prepare('INSERT OR IGNORE INTO fleet_command_nonce (nonce, seen_at) VALUES (?, ?)');
    this.#prune = db.prepare('DELETE FROM fleet_command_nonce WHERE seen_at < ?');
  }

  remember(nonce: string, atMs: number): boolean {
    return this.#insert.run(nonce, atMs).changes === 1;
  }

  forgetBefore(atMs: number): void {
    this.#prune.run(atMs);
  }
}
