import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { err, ok, type Result } from '../../core/result.ts';
import { CONSUMABLE_FOR_PRINTER, Consumables, type ConsumableLevel } from './consumables.ts';

/**
 * The print ledger: one row per print attempt. Every move is one SQLite transaction (WAL,
 * synchronous=FULL), committed before the next side effect starts, so after a crash the row says
 * exactly how far the print got. Moves are compare-and-set on the current state: two actors can
 * never both move the same row.
 */

export const LEDGER_STATES = ['claimed', 'rendered', 'submitted', 'printed', 'failed', 'released', 'unknown'] as const;
export type LedgerState = (typeof LEDGER_STATES)[number];
export const FINAL_STATES: readonly LedgerState[] = ['printed', 'failed', 'released'];
export const UNFINISHED_STATES: readonly LedgerState[] = ['claimed', 'rendered', 'submitted'];

export type PrinterKind = 'a4' | 'card';

export interface LedgerRow {
  id: string;
  applicationId: string;
  documentType: string;
  /** Keyed hash of the subject's NIK (`nikRef`), never the NIK. */
  subjectRef: string;
  state: LedgerState;
  printer: PrinterKind;
  printerUri: string | null;
  /** `job-name` sent with Print-Job; it carries the ledger id. */
  jobName: string | null;
  jobId: number | null;
  /** Set just before Print-Job is sent: a job may exist from then on. */
  submitStartedAt: string | null;
  pages: number | null;
  sheets: number | null;
  /** Why the row is in its state: printer reasons, registry code, technician note. */
  reason: string | null;
  /** `pending`: the registry has yet to be told the final outcome. */
  registrySync: 'none' | 'pending' | 'done';
  createdAt: string;
  updatedAt: string;
  resolvedBy: string | null;
  /** Why a printed row is up for review (the citizen said nothing came out), or null. */
  review: string | null;
  reviewAt: string | null;
  reviewClosedAt: string | null;
}

export interface HistoryEntry {
  from: LedgerState | null;
  to: LedgerState;
  at: string;
  detail: Record<string, unknown>;
}

export type LedgerError =
  | { code: 'already_live'; message: string; existingId: string }
  | { code: 'not_found'; message: string }
  | { code: 'wrong_state'; message: string; state: LedgerState };

export interface NewPrint {
  applicationId: string;
  documentType: string;
  subjectRef: string;
  printer: PrinterKind;
}

export interface Printed {
  row: LedgerRow;
  /** The consumable counter after this print, to warn when low. */
  consumable: ConsumableLevel | null;
}

const COLUMNS = `id, application_id AS applicationId, document_type AS documentType, subject_ref AS subjectRef, state,
  printer, printer_uri AS printerUri, job_name AS jobName, job_id AS jobId, submit_started_at AS submitStartedAt,
  pages, sheets, error AS reason, registry_sync AS registrySync, created_at AS createdAt, updated_at AS updatedAt,
  resolved_by AS resolvedBy, review, review_at AS reviewAt, review_closed_at AS reviewClosedAt`;

const LIVE: readonly LedgerState[] = ['claimed', 'rendered', 'submitted', 'printed', 'unknown'];

/** Which moves are allowed; `unknown` leaves only by a technician's `resolve`. */
const MOVES: Record<LedgerState, readonly LedgerState[]> = {
  claimed: ['rendered', 'failed', 'released', 'unknown'],
  rendered: ['submitted', 'released', 'unknown', 'failed'],
  submitted: ['printed', 'released', 'unknown'],
  printed: [],
  failed: [],
  released: [],
  unknown: [],
};

export class PrintLedger {
  readonly consumables: Consumables;
  readonly #get: Statement<[string], LedgerRow>;
  readonly #liveFor: Statement<[string], { id: string }>;
  readonly #insert: Statement;
  readonly #history: Statement<[string, string | null, string, string, string]>;

  constructor(
    private readonly db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.consumables = new Consumables(db, now);
    this.#get = db.prepare(`SELECT ${COLUMNS} FROM print_ledger WHERE id = ?`);
    this.#liveFor = db.prepare(`SELECT id FROM print_ledger WHERE application_id = ? AND state IN (${LIVE.map((s) => `'${s}'`).join(', ')})`);
    this.#insert = db.prepare(
      `INSERT INTO print_ledger (id, application_id, document_type, subject_ref, state, printer, created_at, updated_at)
       VALUES (@id, @applicationId, @documentType, @subjectRef, 'claimed', @printer, @at, @at)`,
    );
    this.#history = db.prepare('INSERT INTO print_ledger_history (ledger_id, from_state, to_state, at, detail) VALUES (?, ?, ?, ?, ?)');
  }

  get(id: string): LedgerRow | null {
    return this.#get.get(id) ?? null;
  }

  /** Starts a print: a new row in `claimed`, before the registry is asked. Refuses a second live row. */
  create(input: NewPrint): Result<LedgerRow, LedgerError> {
    const id = randomUUID();
    const at = this.now().toISOString();
    return this.db.transaction((): Result<LedgerRow, LedgerError> => {
      const live = this.#liveFor.get(input.applicationId);
      if (live) return err({ code: 'already_live', message: `application ${input.applicationId} already has ledger row ${live.id}`, existingId: live.id });
      this.#insert.run({ ...input, id, at });
      this.#history.run(id, null, 'claimed', at, '{}');
      return ok(this.get(id) as LedgerRow);
    })();
  }

  /** One compare-and-set move with its history row, in one transaction. */
  #move(id: string, to: LedgerState, set: Record<string, string | number | null>, detail: Record<string, unknown>, from?: readonly LedgerState[], extra?: (row: LedgerRow) => void): Result<LedgerRow, LedgerError> {
    const at = this.now().toISOString();
    return this.db.transaction((): Result<LedgerRow, LedgerError> => {
      const row = this.get(id);
      if (!row) return err({ code: 'not_found', message: `no ledger row ${id}` });
      const allowed = from ? from.includes(row.state) : MOVES[row.state].includes(to);
      if (!allowed) return err({ code: 'wrong_state', message: `ledger row ${id} is ${row.state}; cannot move to ${to}`, state: row.state });
      const assignments = Object.keys(set).map((k) => `${k} = @${k}`);
      const info = this.db
        .prepare(`UPDATE print_ledger SET state = @to, updated_at = @at${assignments.length ? `, ${assignments.join(', ')}` : ''} WHERE id = @id AND state = @from`)
        .run({ ...set, to, at, id, from: row.state });
      if (info.changes !== 1) return err({ code: 'wrong_state', message: `ledger row ${id} changed under us`, state: row.state });
      this.#history.run(id, row.state, to, at, JSON.stringify(detail));
      const moved = this.get(id) as LedgerRow;
      extra?.(moved);
      return ok(moved);
    })();
  }

  markRendered(id: string, pages: number): Result<LedgerRow, LedgerError> {
    return this.#move(id, 'rendered', { pages }, { pages });
  }

  /** Written right before Print-Job: from now on the printer may hold a job for this row. */
  markSubmitting(id: string, printerUri: string, jobName: string): Result<LedgerRow, LedgerError> {
    const at = this.now().toISOString();
    return this.db.transaction((): Result<LedgerRow, LedgerError> => {
      const info = this.db
        .prepare(`UPDATE print_ledger SET printer_uri = ?, job_name = ?, submit_started_at = ?, updated_at = ? WHERE id = ? AND state = 'rendered' AND submit_started_at IS NULL`)
        .run(printerUri, jobName, at, at, id);
      const row = this.get(id);
      if (!row) return err({ code: 'not_found', message: `no ledger row ${id}` });
      if (info.changes !== 1) return err({ code: 'wrong_state', message: `ledger row ${id} is ${row.state} (submit started ${row.submitStartedAt ?? 'never'})`, state: row.state });
      this.#history.run(id, 'rendered', 'rendered', at, JSON.stringify({ submitting: true, printerUri, jobName }));
      return ok(row);
    })();
  }

  markSubmitted(id: string, jobId: number): Result<LedgerRow, LedgerError> {
    return this.#move(id, 'submitted', { job_id: jobId }, { jobId });
  }

  /** The printer said completed: printed, the counter goes down and the registry is owed a confirm. */
  markPrinted(id: string, detail: { reason: string; sheets: number | null }, from?: readonly LedgerState[]): Result<Printed, LedgerError> {
    let consumable: ConsumableLevel | null = null;
    const r = this.#move(id, 'printed', { error: detail.reason, sheets: detail.sheets, registry_sync: 'pending' }, detail, from, (row) => {
      const used = row.printer === 'card' ? 1 : Math.max(1, detail.sheets ?? row.pages ?? 1);
      consumable = this.consumables.use(CONSUMABLE_FOR_PRINTER[row.printer], used);
    });
    return r.ok ? ok({ row: r.value, consumable }) : r;
  }

  /** The print did not happen and the entitlement goes back: the registry is owed a release. */
  markReleased(id: string, reason: string, from?: readonly LedgerState[]): Result<LedgerRow, LedgerError> {
    return this.#move(id, 'released', { error: reason, registry_sync: 'pending' }, { reason }, from);
  }

  /** Nothing was ever held (the registry refused the claim): nothing to give back. */
  markFailed(id: string, reason: string): Result<LedgerRow, LedgerError> {
    return this.#move(id, 'failed', { error: reason }, { reason });
  }

  /** Whether it printed cannot be known: held for a technician, never retried automatically. */
  markUnknown(id: string, reason: string): Result<LedgerRow, LedgerError> {
    return this.#move(id, 'unknown', { error: reason }, { reason });
  }

  /** A technician looked at the output tray and decided. Only `unknown` rows can be resolved. */
  resolve(id: string, decision: 'printed' | 'released', technicianRef: string, note: string): Result<LedgerRow, LedgerError> {
    const reason = `technician: ${note}`;
    const moved = decision === 'printed' ? this.markPrinted(id, { reason, sheets: null }, ['unknown']) : this.markReleased(id, reason, ['unknown']);
    if (!moved.ok) return moved;
    this.db.prepare('UPDATE print_ledger SET resolved_by = ? WHERE id = ?').run(technicianRef, id);
    return ok(this.get(id) as LedgerRow);
  }

  /**
   * Puts a printed row up for review. It stays printed: the document is never printed again on its
   * own; a person looks at the printer and closes the review. A second report changes nothing.
   */
  flagForReview(id: string, why: string): Result<LedgerRow, LedgerError> {
    return this.#noteReview(id, {
      refusal: (row) => (row.state !== 'printed' ? `is ${row.state}; only a printed row can be reported` : null),
      already: (row) => row.review !== null,
      write: (at) => this.db.prepare('UPDATE print_ledger SET review = ?, review_at = ?, updated_at = ? WHERE id = ?').run(why, at, at, id),
      detail: { review: why },
    });
  }

  /** A person looked and closes the review of a printed row. */
  closeReview(id: string, note: string): Result<LedgerRow, LedgerError> {
    return this.#noteReview(id, {
      refusal: (row) => (row.review === null || row.reviewClosedAt !== null ? 'has no open review' : null),
      already: () => false,
      write: (at) => this.db.prepare('UPDATE print_ledger SET review_closed_at = ?, updated_at = ? WHERE id = ?').run(at, at, id),
      detail: { reviewClosed: note },
    });
  }

  /** One step of a printed row's review, with its history row, in one transaction; the row stays printed. */
  #noteReview(
    id: string,
    step: { refusal(row: LedgerRow): string | null; already(row: LedgerRow): boolean; write(at: string): void; detail: Record<string, unknown> },
  ): Result<LedgerRow, LedgerError> {
    const at = this.now().toISOString();
    return this.db.transaction((): Result<LedgerRow, LedgerError> => {
      const row = this.get(id);
      if (!row) return err({ code: 'not_found', message: `no ledger row ${id}` });
      const refused = step.refusal(row);
      if (refused !== null) return err({ code: 'wrong_state', message: `ledger row ${id} ${refused}`, state: row.state });
      if (step.already(row)) return ok(row);
      step.write(at);
      this.#history.run(id, 'printed', 'printed', at, JSON.stringify(step.detail));
      return ok(this.get(id) as LedgerRow);
    })();
  }

  /** Printed rows whose review is open. */
  openReviews(): LedgerRow[] {
    return this.db.prepare(`SELECT ${COLUMNS} FROM print_ledger WHERE review IS NOT NULL AND review_closed_at IS NULL ORDER BY review_at, id LIMIT 200`).all() as LedgerRow[];
  }

  markRegistrySynced(id: string): void {
    this.db.prepare(`UPDATE print_ledger SET registry_sync = 'done', updated_at = ? WHERE id = ? AND registry_sync = 'pending'`).run(this.now().toISOString(), id);
  }

  /** Rows a crash left half-way: boot settles them before the kiosk opens. */
  unfinished(): LedgerRow[] {
    return this.db.prepare(`SELECT ${COLUMNS} FROM print_ledger WHERE state IN ('claimed', 'rendered', 'submitted') ORDER BY created_at, id`).all() as LedgerRow[];
  }

  /** Final rows whose outcome the registry has not acknowledged yet. */
  pendingRegistrySync(): LedgerRow[] {
    return this.db.prepare(`SELECT ${COLUMNS} FROM print_ledger WHERE registry_sync = 'pending' ORDER BY updated_at, id`).all() as LedgerRow[];
  }

  list(filter: { state?: LedgerState; limit?: number } = {}): LedgerRow[] {
    const limit = Math.min(Math.max(filter.limit ?? 200, 1), 10_000);
    return filter.state
      ? (this.db.prepare(`SELECT ${COLUMNS} FROM print_ledger WHERE state = ? ORDER BY created_at DESC, id LIMIT ?`).all(filter.state, limit) as LedgerRow[])
      : (this.db.prepare(`SELECT ${COLUMNS} FROM print_ledger ORDER BY created_at DESC, id LIMIT ?`).all(limit) as LedgerRow[]);
  }

  history(id: string): HistoryEntry[] {
    const rows = this.db.prepare('SELECT from_state AS "from", to_state AS "to", at, detail FROM print_ledger_history WHERE ledger_id = ? ORDER BY id').all(id) as Array<Omit<HistoryEntry, 'detail'> & { detail: string }>;
    return rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
  }

  counts(): Record<LedgerState, number> {
    const out = Object.fromEntries(LEDGER_STATES.map((s) => [s, 0])) as Record<LedgerState, number>;
    for (const r of this.db.prepare('SELECT state, count(*) AS n FROM print_ledger GROUP BY state').all() as Array<{ state: LedgerState; n: number }>) out[r.state] = r.n;
    return out;
  }

  /** Rows by printer and state, for the technician's printer pages. */
  countsByPrinter(): Record<'a4' | 'card', Partial<Record<LedgerState, number>>> {
    const out: Record<'a4' | 'card', Partial<Record<LedgerState, number>>> = { a4: {}, card: {} };
    const rows = this.db.prepare('SELECT printer, state, count(*) AS n FROM print_ledger WHERE printer IS NOT NULL GROUP BY printer, state').all() as Array<{ printer: 'a4' | 'card'; state: LedgerState; n: number }>;
    for (const r of rows) out[r.printer][r.state] = r.n;
    return out;
  }

  /** Printed and failed rows by document type, last changed since `since` (the fleet's "today"). */
  finishedSince(since: Date): Array<{ type: string; state: 'printed' | 'failed'; n: number }> {
    return this.db
      .prepare("SELECT document_type AS type, state, COUNT(*) AS n FROM print_ledger WHERE state IN ('printed', 'failed') AND updated_at >= ? GROUP BY document_type, state")
      .all(since.toISOString()) as Array<{ type: string; state: 'printed' | 'failed'; n: number }>;
  }
}
