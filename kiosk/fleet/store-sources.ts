import type { Database, Statement } from 'better-sqlite3';
import type { ConsumableLevel, FleetSources, PrintCounts, UnknownPrint } from './sources.ts';

/**
 * Reads the print ledger and the consumables tables with plain SQL on the schema of migration 002
 * (`print_ledger`, `consumables`). Read-only: the ledger and consumables areas own the writes.
 * Document types become topic-safe labels; anything else is counted under `other`.
 */
export class LedgerSqlSources implements Pick<FleetSources, 'consumables' | 'printsSince' | 'unknownPrints'> {
  readonly #consumables: Statement<[], { name: string; level: number; capacity: number; lowThreshold: number }>;
  readonly #counts: Statement<[string], { type: string; state: string; n: number }>;
  readonly #unknown: Statement<[], { id: string; type: string }>;

  constructor(db: Database) {
    this.#consumables = db.prepare('SELECT name, level, capacity, low_threshold AS lowThreshold FROM consumables ORDER BY name');
    this.#counts = db.prepare(
      "SELECT document_type AS type, state, COUNT(*) AS n FROM print_ledger WHERE state IN ('printed', 'failed') AND updated_at >= ? GROUP BY document_type, state",
    );
    this.#unknown = db.prepare("SELECT id, document_type AS type FROM print_ledger WHERE state = 'unknown' ORDER BY created_at LIMIT 100");
  }

  consumables(): ConsumableLevel[] {
    return this.#consumables.all().map((r) => ({ ...r, name: safeLabel(r.name) }));
  }

  printsSince(since: Date): PrintCounts {
    const out: PrintCounts = { printed: {}, failed: {} };
    for (const r of this.#counts.all(since.toISOString())) {
      const bucket = r.state === 'printed' ? out.printed : out.failed;
      const t = safeLabel(r.type);
      bucket[t] = (bucket[t] ?? 0) + r.n;
    }
    return out;
  }

  unknownPrints(): UnknownPrint[] {
    return this.#unknown.all().map((r) => ({ ledgerId: safeLabel(r.id), documentType: safeLabel(r.type) }));
  }
}

/** Local midnight: "today" for a kiosk is its own calendar day. */
export function startOfLocalDay(now: Date): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate());
}

/** Keeps identifiers that are safe as JSON keys and labels; anything else (or anything NIK-shaped) is `other`. */
export function safeLabel(s: string): string {
  return /^[A-Za-z0-9_.:-]{1,64}$/.test(s) && !/\d{16}/.test(s) ? s : 'other';
}
