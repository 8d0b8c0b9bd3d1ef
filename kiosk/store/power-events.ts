import type { Database } from 'better-sqlite3';
import type { Journal } from './journal.ts';

/** What happened to the power, as the kiosk keeps it. */
export const POWER_EVENTS = ['mains-lost', 'low-battery', 'mains-back', 'service-resumed', 'stopped', 'power-off-requested'] as const;
export type PowerEventKind = (typeof POWER_EVENTS)[number];

export interface PowerEvent {
  at: string;
  event: PowerEventKind;
  /** ups.status flags at the time, e.g. `OB LB`. */
  status: string | null;
  chargePct: number | null;
  runtimeS: number | null;
  /** `stopped`: ledger rows not final when the kiosk stopped (they are reconciled at the next boot). */
  openPrints?: number;
}

const KIND = 'power';

/** Power events in the kiosk journal (kind `power`): appended as they happen, read newest first. */
export class PowerEventLog {
  constructor(private readonly journal: Journal) {}

  append(e: Omit<PowerEvent, 'at'>): void {
    this.journal.append(KIND, { ...e });
  }

  recent(limit = 10): PowerEvent[] {
    return this.journal.list({ kind: KIND, limit }).flatMap((row) => {
      const d = row.detail;
      const num = (v: unknown) => (typeof v === 'number' ? v : null);
      // A row this version does not know (written by a newer one) is left out, not guessed at.
      if (!(POWER_EVENTS as readonly string[]).includes(String(d.event))) return [];
      return {
        at: row.at,
        event: d.event as PowerEventKind,
        status: typeof d.status === 'string' ? d.status : null,
        chargePct: num(d.chargePct),
        runtimeS: num(d.runtimeS),
        ...(typeof d.openPrints === 'number' ? { openPrints: d.openPrints } : {}),
      };
    });
  }
}

/** Ledger rows not final (claimed, rendered, submitted) and rows whose outcome is unknown. */
export function unsettledPrints(db: Database): { open: number; unknown: number } {
  const rows = db.prepare(`SELECT state, count(*) AS n FROM print_ledger WHERE state IN ('claimed', 'rendered', 'submitted', 'unknown') GROUP BY state`).all() as Array<{ state: string; n: number }>;
  let open = 0;
  let unknown = 0;
  for (const r of rows) {
    if (r.state === 'unknown') unknown += r.n;
    else open += r.n;
  }
  return { open, unknown };
}
