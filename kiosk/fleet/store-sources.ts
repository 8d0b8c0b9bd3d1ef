import type { Database } from 'better-sqlite3';
import type { ConsumableLevel, FleetSources, PrintCounts, UnknownPrint } from './sources.ts';
import { Consumables } from '../store/consumables.ts';
import { PrintLedger } from '../store/print-ledger.ts';

/**
 * Reads what the fleet reports from the kiosk store, read-only (the ledger and consumables areas
 * own the writes): consumables and unknown prints through their APIs (`Consumables.list`,
 * `PrintLedger.list`), and prints since midnight by type (`PrintLedger.finishedSince`). Document types and
 * ids become topic-safe labels; anything else is counted under `other`.
 */
export class LedgerSqlSources implements Pick<FleetSources, 'consumables' | 'printsSince' | 'unknownPrints'> {
  readonly #consumables: Consumables;
  readonly #ledger: PrintLedger;

  constructor(db: Database, now: () => Date = () => new Date()) {
    this.#consumables = new Consumables(db, now);
    this.#ledger = new PrintLedger(db, now);
  }

  consumables(): ConsumableLevel[] {
    return this.#consumables.list().map((c) => ({ name: safeLabel(c.name), level: c.level, capacity: c.capacity, lowThreshold: c.lowThreshold }));
  }

  printsSince(since: Date): PrintCounts {
    const out: PrintCounts = { printed: {}, failed: {} };
    for (const r of this.#ledger.finishedSince(since)) {
      const bucket = r.state === 'printed' ? out.printed : out.failed;
      const t = safeLabel(r.type);
      bucket[t] = (bucket[t] ?? 0) + r.n;
    }
    return out;
  }

  unknownPrints(): UnknownPrint[] {
    const unknown = this.#ledger.list({ state: 'unknown', limit: 100 }).map((r) => ({ ledgerId: safeLabel(r.id), documentType: safeLabel(r.documentType) }));
    // Printed rows the citizen reported missing wait for a person as well.
    const review = this.#ledger.openReviews().map((r) => ({ ledgerId: safeLabel(r.id), documentType: safeLabel(r.documentType), review: true }));
    return [...unknown, ...review];
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
