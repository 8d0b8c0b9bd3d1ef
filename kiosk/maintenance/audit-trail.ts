import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { Redactor } from '../privacy/redactor.ts';

export interface AuditEntry {
  seq: number;
  at: string;
  /** Technician reference (masked NIK or `pin`), `fleet`, or `system`. */
  actor: string;
  action: string;
  detail: Record<string, unknown>;
}

export type AuditVerification =
  | { ok: true; rows: number }
  | { ok: false; rows: number; brokenAt: number; reason: 'mac_mismatch' | 'chain_break' | 'sequence_gap' | 'head_mismatch'; message: string };

const GENESIS = 'genesis';
const HEAD_KEY = 'audit_head';

/** Canonical text of a row: fixed key order, so the MAC is stable. */
function canonical(e: Omit<AuditEntry, 'detail'> & { detail: string }, prevMac: string): string {
  return JSON.stringify([e.seq, e.at, e.actor, e.action, e.detail, prevMac]);
}

/**
 * Every maintenance action, chained: each row's MAC covers its content and the previous row's MAC,
 * and the newest MAC is kept as the head, so an edited, deleted, reordered or truncated row breaks
 * verification at the first row that no longer fits.
 */
export class AuditTrail {
  readonly #insert: Statement;
  readonly #last: Statement;
  readonly #setHead: Statement;

  constructor(
    private readonly db: Database,
    private readonly key: Buffer,
    private readonly now: () => Date = () => new Date(),
    /** The kiosk's one redactor; tools that only read and verify the trail may leave it out. */
    private readonly redactor: Redactor = new Redactor(),
  ) {
    this.#insert = db.prepare('INSERT INTO audit_log (seq, at, actor, action, detail, prev_mac, mac) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.#last = db.prepare('SELECT seq, mac FROM audit_log ORDER BY seq DESC LIMIT 1');
    this.#setHead = db.prepare('INSERT INTO kiosk_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  }

  #mac(text: string): string {
    return createHmac('sha256', this.key).update(text).digest('base64url');
  }

  /** Free text in `detail` (a note, a service message) passes the redactor before it is chained. */
  append(actor: string, action: string, rawDetail: Record<string, unknown> = {}): AuditEntry {
    const detail = this.redactor.object(rawDetail);
    return this.db.transaction(() => {
      const last = this.#last.get() as { seq: number; mac: string } | undefined;
      const entry = { seq: (last?.seq ?? 0) + 1, at: this.now().toISOString(), actor: this.redactor.text(actor), action, detail: JSON.stringify(detail) };
      const prevMac = last?.mac ?? GENESIS;
      const mac = this.#mac(canonical(entry, prevMac));
      this.#insert.run(entry.seq, entry.at, entry.actor, entry.action, entry.detail, prevMac, mac);
      this.#setHead.run(HEAD_KEY, JSON.stringify({ seq: entry.seq, mac: this.#mac(`head:${entry.seq}:${mac}`) }));
      return { ...entry, detail };
    }).immediate();
  }

  /** Oldest first: the rows after `afterSeq`, at most `limit` (exports read it page by page). */
  page(afterSeq: number, limit: number): AuditEntry[] {
    const rows = this.db.prepare('SELECT seq, at, actor, action, detail FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?').all(afterSeq, limit) as Array<Omit<AuditEntry, 'detail'> & { detail: string }>;
    return rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
  }

  /** Oldest first. */
  all(): AuditEntry[] {
    return this.page(-1, 1_000_000);
  }

  /** Newest first. */
  list(limit = 200): AuditEntry[] {
    const rows = this.db.prepare('SELECT seq, at, actor, action, detail FROM audit_log ORDER BY seq DESC LIMIT ?').all(limit) as Array<Omit<AuditEntry, 'detail'> & { detail: string }>;
    return rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
  }

  /** Walks the chain in order and reports the first row that does not verify. */
  verify(): AuditVerification {
    const rows = this.db.prepare('SELECT seq, at, actor, action, detail, prev_mac AS prevMac, mac FROM audit_log ORDER BY rowid').all() as Array<
      Omit<AuditEntry, 'detail'> & { detail: string; prevMac: string; mac: string }
    >;
    let prev = GENESIS;
    let expectedSeq = 1;
    const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
    for (const r of rows) {
      if (r.seq !== expectedSeq) {
        return { ok: false, rows: rows.length, brokenAt: expectedSeq, reason: 'sequence_gap', message: `row ${expectedSeq} is missing or out of order (found ${r.seq})` };
      }
      if (!same(r.prevMac, prev)) {
        return { ok: false, rows: rows.length, brokenAt: r.seq, reason: 'chain_break', message: `row ${r.seq} does not follow row ${r.seq - 1}` };
      }
      if (!same(this.#mac(canonical(r, r.prevMac)), r.mac)) {
        return { ok: false, rows: rows.length, brokenAt: r.seq, reason: 'mac_mismatch', message: `row ${r.seq} was changed after it was written` };
      }
      prev = r.mac;
      expectedSeq++;
    }
    const headRow = this.db.prepare('SELECT value FROM kiosk_meta WHERE key = ?').get(HEAD_KEY) as { value: string } | undefined;
    const lastSeq = expectedSeq - 1;
    const head = headRow ? (JSON.parse(headRow.value) as { seq: number; mac: string }) : { seq: 0, mac: '' };
    const expectedHead = lastSeq === 0 ? '' : this.#mac(`head:${lastSeq}:${prev}`);
    if (head.seq !== lastSeq || !same(head.mac, expectedHead)) {
      return {
        ok: false,
        rows: rows.length,
        brokenAt: lastSeq + 1,
        reason: 'head_mismatch',
        message: `the trail ends at row ${lastSeq} but was written up to row ${head.seq}: rows were removed from the end`,
      };
    }
    return { ok: true, rows: rows.length };
  }
}
