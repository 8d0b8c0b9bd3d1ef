import type { Database, Statement } from 'better-sqlite3';
import type { Redactor } from '../privacy/redactor.ts';

export interface JournalEntry {
  id: number;
  at: string;
  kind: string;
  sessionRef: string | null;
  detail: Record<string, unknown>;
}

export interface JournalFilter {
  kind?: string;
  /** ISO timestamps, inclusive. */
  from?: string;
  to?: string;
  limit?: number;
}

/**
 * The durable record of what the kiosk did, for technicians and audits. Details pass through the
 * redactor: a journal row never holds a NIK or a name in clear.
 */
export class Journal {
  readonly #insert: Statement;

  constructor(
    private readonly db: Database,
    private readonly redactor: Redactor,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.#insert = db.prepare('INSERT INTO journal (at, kind, session_ref, detail) VALUES (?, ?, ?, ?)');
  }

  append(kind: string, detail: Record<string, unknown> = {}, sessionRef: string | null = null): number {
    const safe = JSON.stringify(this.redactor.object(detail));
    return Number(this.#insert.run(this.now().toISOString(), kind, sessionRef, safe).lastInsertRowid);
  }

  list(filter: JournalFilter = {}): JournalEntry[] {
    const where: string[] = [];
    const args: Array<string | number> = [];
    if (filter.kind !== undefined) {
      where.push('kind = ?');
      args.push(filter.kind);
    }
    if (filter.from !== undefined) {
      where.push('at >= ?');
      args.push(filter.from);
    }
    if (filter.to !== undefined) {
      where.push('at <= ?');
      args.push(filter.to);
    }
    const sql = `SELECT id, at, kind, session_ref AS sessionRef, detail FROM journal ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    args.push(Math.min(Math.max(filter.limit ?? 200, 1), 10000));
    const rows = this.db.prepare(sql).all(...args) as Array<Omit<JournalEntry, 'detail'> & { detail: string }>;
    return rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
  }

  /** The kinds present, for the technician's filter. */
  kinds(): string[] {
    return (this.db.prepare('SELECT DISTINCT kind FROM journal ORDER BY kind LIMIT 200').all() as Array<{ kind: string }>).map((r) => r.kind);
  }
}

export interface JournalRow {
  key: number;
  at: string;
  kind: string;
  sessionRef: string | null;
  detail: string;
}

/** The newest `newest` journal rows, oldest first, `page` at a time after the row key given (for exports). */
export function journalPages(db: Database, newest: number, page: number): (after: number) => JournalRow[] {
  const first = db.prepare('SELECT id FROM journal ORDER BY id DESC LIMIT 1 OFFSET ?').get(newest - 1) as { id: number } | undefined;
  const floor = (first?.id ?? 0) - 1;
  const stmt = db.prepare('SELECT id AS key, at, kind, session_ref AS sessionRef, detail FROM journal WHERE id > ? ORDER BY id LIMIT ?');
  return (after) => stmt.all(Math.max(after, floor), page) as JournalRow[];
}
