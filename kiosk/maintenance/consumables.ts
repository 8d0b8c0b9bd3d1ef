import type { Database, Statement } from 'better-sqlite3';
import { consumableAlerts, type AlertCondition } from '../fleet/alerts.ts';
import type { ConsumableLevel as FleetConsumable } from '../fleet/sources.ts';
import { err, ok, type Result } from '../../core/result.ts';
import { CONSUMABLE_NAMES, type Consumables } from '../store/consumables.ts';

/**
 * Every consumable a technician refills: A4 sheets and card blanko (counted by the print ledger,
 * kiosk/store/consumables.ts) and the card printer's ribbon and the receipt roll (counted here).
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

export type ConsumableSetError = { code: 'unknown_consumable' | 'invalid_level'; message: string };

interface OwnRow {
  name: OwnConsumable;
  levelAtSet: number;
  capacity: number;
  lowThreshold: number;
  setAt: string;
  setBy: string;
  testUsed: number;
}

const stateOf = (level: number, low: number): ConsumableView['state'] => (level <= 0 ? 'out' : level <= low ? 'low' : 'full');

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
    const capacity = change.capacity ?? current.capacity;
    const lowThreshold = change.lowThreshold ?? current.lowThreshold;
    const whole = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 0;
    if (!whole(change.level) || !whole(capacity) || capacity === 0 || !whole(lowThreshold)) {
      return err({ code: 'invalid_level', message: 'level, capacity and low threshold are whole numbers; capacity is at least 1' });
    }
    if (change.level > capacity) return err({ code: 'invalid_level', message: `level ${change.level} is more than the capacity ${capacity}` });
    if (lowThreshold >= capacity) return err({ code: 'invalid_level', message: `low threshold ${lowThreshold} must be below the capacity ${capacity}` });
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
