import type { Database, Statement } from 'better-sqlite3';
import { err, ok, type Result } from '../../core/result.ts';

/**
 * Counters of what the kiosk prints on: A4 sheets and blank cards (blanko). They are the kiosk's own
 * estimate: decremented when a job completes, set by a technician who refills. The printer's own
 * sensors (trays, supplies) are reported alongside in the printer status, not stored here.
 */
export const CONSUMABLE_NAMES = ['a4-sheets', 'card-blanko'] as const;
export type ConsumableName = (typeof CONSUMABLE_NAMES)[number];

/** Which counter a printer uses. */
export const CONSUMABLE_FOR_PRINTER = { a4: 'a4-sheets', card: 'card-blanko' } as const satisfies Record<'a4' | 'card', ConsumableName>;

export type ConsumableState = 'full' | 'low' | 'out';

export interface ConsumableLevel {
  name: ConsumableName;
  level: number;
  capacity: number;
  lowThreshold: number;
  state: ConsumableState;
  updatedAt: string;
  /** `install`, `print`, or the technician reference that set it. */
  updatedBy: string | null;
}

export interface ConsumableError {
  code: 'unknown_consumable' | 'invalid_level';
  message: string;
}

export interface SetConsumable {
  level: number;
  capacity?: number;
  lowThreshold?: number;
}

interface Row {
  name: ConsumableName;
  level: number;
  capacity: number;
  lowThreshold: number;
  updatedAt: string;
  updatedBy: string | null;
}

const stateOf = (r: Row): ConsumableState => (r.level === 0 ? 'out' : r.level <= r.lowThreshold ? 'low' : 'full');

export class Consumables {
  readonly #get: Statement<[string], Row>;
  readonly #all: Statement<[], Row>;
  readonly #use: Statement<[number, string, string]>;
  readonly #set: Statement<[number, number, number, string, string, string]>;

  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {
    const cols = 'name, level, capacity, low_threshold AS lowThreshold, updated_at AS updatedAt, updated_by AS updatedBy';
    this.#get = db.prepare(`SELECT ${cols} FROM consumables WHERE name = ?`);
    this.#all = db.prepare(`SELECT ${cols} FROM consumables ORDER BY name`);
    this.#use = db.prepare(`UPDATE consumables SET level = max(level - ?, 0), updated_at = ?, updated_by = 'print' WHERE name = ?`);
    this.#set = db.prepare('UPDATE consumables SET level = ?, capacity = ?, low_threshold = ?, updated_at = ?, updated_by = ? WHERE name = ?');
  }

  list(): ConsumableLevel[] {
    return this.#all.all().map((r) => ({ ...r, state: stateOf(r) }));
  }

  get(name: ConsumableName): ConsumableLevel | null {
    const r = this.#get.get(name);
    return r ? { ...r, state: stateOf(r) } : null;
  }

  /**
   * Counts `count` sheets or cards as used; never below zero (the counter is an estimate and the
   * printer's sensor is the truth). Runs inside the caller's transaction when there is one.
   */
  use(name: ConsumableName, count: number): ConsumableLevel | null {
    if (!Number.isInteger(count) || count < 0) throw new Error(`bug: consumable use of ${count}`);
    this.#use.run(count, this.now().toISOString(), name);
    return this.get(name);
  }

  /** A technician refilled or counted: sets the level (and optionally capacity and low threshold). */
  set(name: string, change: SetConsumable, by: string): Result<ConsumableLevel, ConsumableError> {
    if (!(CONSUMABLE_NAMES as readonly string[]).includes(name)) {
      return err({ code: 'unknown_consumable', message: `no consumable named "${name}"; known: ${CONSUMABLE_NAMES.join(', ')}` });
    }
    const current = this.get(name as ConsumableName);
    if (!current) return err({ code: 'unknown_consumable', message: `consumable "${name}" is missing from the store` });
    const capacity = change.capacity ?? current.capacity;
    const lowThreshold = change.lowThreshold ?? current.lowThreshold;
    const whole = (n: number) => Number.isInteger(n) && n >= 0;
    if (!whole(change.level) || !whole(capacity) || capacity === 0 || !whole(lowThreshold)) {
      return err({ code: 'invalid_level', message: 'level, capacity and low threshold are whole numbers; capacity is at least 1' });
    }
    if (change.level > capacity) return err({ code: 'invalid_level', message: `level ${change.level} is more than the capacity ${capacity}` });
    if (lowThreshold >= capacity) return err({ code: 'invalid_level', message: `low threshold ${lowThreshold} must be below the capacity ${capacity}` });
    this.#set.run(change.level, capacity, lowThreshold, this.now().toISOString(), by, name);
    return ok(this.get(name as ConsumableName) as ConsumableLevel);
  }
}
