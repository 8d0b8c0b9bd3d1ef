import type { Database, Statement } from 'better-sqlite3';
import { err, ok, type Result } from '../../core/result.ts';
import { consumableAlerts, type AlertCondition } from '../fleet/alerts.ts';
import type { ConsumableLevel as FleetConsumable } from '../fleet/sources.ts';

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

const stateOf = (level: number, low: number): ConsumableState => (level <= 0 ? 'out' : level <= low ? 'low' : 'full');


/** A technician's new level, capacity and threshold, checked the same way for every consumable. */
function checkLevels(change: SetConsumable, current: { capacity: number; lowThreshold: number }): Result<{ capacity: number; lowThreshold: number }, ConsumableError> {
  const capacity = change.capacity ?? current.capacity;
  const lowThreshold = change.lowThreshold ?? current.lowThreshold;
  const whole = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 0;
  if (!whole(change.level) || !whole(capacity) || capacity === 0 || !whole(lowThreshold)) {
    return err({ code: 'invalid_level', message: 'level, capacity and low threshold are whole numbers; capacity is at least 1' });
  }
  if (change.level > capacity) return err({ code: 'invalid_level', message: `level ${change.level} is more than the capacity ${capacity}` });
  if (lowThreshold >= capacity) return err({ code: 'invalid_level', message: `low threshold ${lowThreshold} must be below the capacity ${capacity}` });
  return ok({ capacity, lowThreshold });
}

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
    return this.#all.all().map((r) => ({ ...r, state: stateOf(r.level, r.lowThreshold) }));
  }

  get(name: ConsumableName): ConsumableLevel | null {
    const r = this.#get.get(name);
    return r ? { ...r, state: stateOf(r.level, r.lowThreshold) } : null;
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
    const checked = checkLevels(change, current);
    if (!checked.ok) return checked;
    const { capacity, lowThreshold } = checked.value;
    this.#set.run(change.level, capacity, lowThreshold, this.now().toISOString(), by, name);
    return ok(this.get(name as ConsumableName) as ConsumableLevel);
  }
}

/**
 * Every consumable a technician refills: A4 sheets and card blanko (counted by the print ledger,
 * `Consumables` above) and the card printer's ribbon and the receipt roll (counted here).
 * Ribbon and roll are set at a refill; what was used since is read from the ledger's history (a
 * card print uses one ribbon panel set; a print a citizen waited for gets one receipt) plus the
 * technician's own test prints. Like every counter here they are estimates: the printers' sensors
 * (paper near end, ribbon out) are the truth and are shown beside them.
 */
export const OWN_CONSUMABLES = ['ribbon', 'receipt-roll'] as const;
export type OwnConsumable = (typeof OWN_CONSUMABLES)[number];
export const ALL_CONSUMABLES = [...CONSUMABLE_NAMES, ...OWN_CONSUMABLES] as const;
export type ConsumableId = (typeof ALL_CONSUMABLES)[number];

export interface ConsumableView {
  name: ConsumableId;
  level: number;
  capacity: number;
  lowThreshold: number;
  state: 'full' | 'low' | 'out';
  /** When a person (or installation) last set it. */
  setAt: string;
  setBy: string | null;
}

export interface ConsumableChange {
  level: number;
  capacity?: number;
  lowThreshold?: number;
}

export type ConsumableSetError = ConsumableError;

interface OwnRow {
  name: OwnConsumable;
  levelAtSet: number;
  capacity: number;
  lowThreshold: number;
  setAt: string;
  setBy: string;
  testUsed: number;
}

export class MaintenanceConsumables {
  readonly #own: Statement<[string], OwnRow>;
  readonly #setOwn: Statement<[number, number, number, string, string, string]>;
  readonly #testUse: Statement<[number, string]>;
  readonly #ribbonUsed: Statement<[string], { n: number }>;
  readonly #receiptsUsed: Statement<[string], { n: number }>;

  constructor(
    private readonly db: Database,
    private readonly ledgerCounters: Consumables,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.#own = db.prepare(
      'SELECT name, level_at_set AS levelAtSet, capacity, low_threshold AS lowThreshold, set_at AS setAt, set_by AS setBy, test_used AS testUsed FROM maintenance_consumable WHERE name = ?',
    );
    this.#setOwn = db.prepare('UPDATE maintenance_consumable SET level_at_set = ?, capacity = ?, low_threshold = ?, set_at = ?, set_by = ?, test_used = 0 WHERE name = ?');
    this.#testUse = db.prepare('UPDATE maintenance_consumable SET test_used = test_used + ? WHERE name = ?');
    // History rows are written once and never changed, so "since the refill" is exact.
    this.#ribbonUsed = db.prepare(
      `SELECT count(*) AS n FROM print_ledger_history h JOIN print_ledger l ON l.id = h.ledger_id
       WHERE h.to_state = 'printed' AND l.printer = 'card' AND h.at >= ?`,
    );
    this.#receiptsUsed = db.prepare(
      `SELECT count(*) AS n FROM print_ledger_history h
       WHERE h.to_state IN ('printed', 'unknown') AND coalesce(h.from_state, '') <> 'unknown' AND h.at >= ?`,
    );
  }

  #ownView(name: OwnConsumable): ConsumableView {
    const r = this.#own.get(name);
    if (!r) throw new Error(`bug: consumable ${name} missing (migration 004 inserts it)`);
    const used = (name === 'ribbon' ? this.#ribbonUsed.get(r.setAt) : this.#receiptsUsed.get(r.setAt))?.n ?? 0;
    const level = Math.max(0, r.levelAtSet - used - r.testUsed);
    return { name, level, capacity: r.capacity, lowThreshold: r.lowThreshold, state: stateOf(level, r.lowThreshold), setAt: r.setAt, setBy: r.setBy };
  }

  list(): ConsumableView[] {
    const fromLedger = this.ledgerCounters.list().map(
      (c): ConsumableView => ({ name: c.name, level: c.level, capacity: c.capacity, lowThreshold: c.lowThreshold, state: c.state, setAt: c.updatedAt, setBy: c.updatedBy }),
    );
    return [...fromLedger, ...OWN_CONSUMABLES.map((n) => this.#ownView(n))];
  }

  get(name: ConsumableId): ConsumableView | null {
    return this.list().find((c) => c.name === name) ?? null;
  }

  /** A technician refilled or counted. Same rules for every consumable: whole numbers, level ≤ capacity, threshold < capacity. */
  set(name: string, change: ConsumableChange, by: string): Result<ConsumableView, ConsumableSetError> {
    if ((CONSUMABLE_NAMES as readonly string[]).includes(name)) {
      const r = this.ledgerCounters.set(name, change, by);
      if (!r.ok) return r;
      return ok(this.get(name as ConsumableId) as ConsumableView);
    }
    if (!(OWN_CONSUMABLES as readonly string[]).includes(name)) {
      return err({ code: 'unknown_consumable', message: `no consumable named "${name}"; known: ${ALL_CONSUMABLES.join(', ')}` });
    }
    const current = this.#ownView(name as OwnConsumable);
    const checked = checkLevels(change, current);
    if (!checked.ok) return checked;
    const { capacity, lowThreshold } = checked.value;
    this.#setOwn.run(change.level, capacity, lowThreshold, this.now().toISOString(), by, name);
    return ok(this.#ownView(name as OwnConsumable));
  }

  /** A technician's test print used some (a sheet, a card and a ribbon panel, a receipt). */
  useForTest(name: ConsumableId, count: number): void {
    if ((CONSUMABLE_NAMES as readonly string[]).includes(name)) this.ledgerCounters.use(name as (typeof CONSUMABLE_NAMES)[number], count);
    else this.#testUse.run(count, name);
  }

  /** In the fleet's shape, for its telemetry and alert checks. */
  forFleet(): FleetConsumable[] {
    return this.list().map((c) => ({ name: c.name, level: c.level, capacity: c.capacity, lowThreshold: c.lowThreshold }));
  }

  /** Low and out conditions, in the fleet's alert vocabulary (`paper.low`, `blanko.out`, `consumable.low`…). */
  alerts(): AlertCondition[] {
    return consumableAlerts(this.forFleet());
  }
}
