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

/** A row as exports carry it: content, the previous row's MAC and its own. */
export type ChainedAuditEntry = Omit<AuditEntry, 'detail'> & { detail: string; prevMac: string; mac: string };

/** The end of the chain: the newest row's number and MAC (published to the fleet with each telemetry). */
export interface AuditHead {
  seq: number;
  mac: string;
}

/** The newest row of the trail in `db`, or null when it is empty. */
export function auditHead(db: Database): AuditHead | null {
  return (db.prepare('SELECT seq, mac FROM audit_log ORDER BY seq DESC LIMIT 1').get() as AuditHead | undefined) ?? null;
}

/**
 * Walks rows in order: sequence, links and (with the key) every MAC. Without the key a row's
 * content cannot be checked, only that the rows link up; `heads` (from the fleet) pin where the
 * chain stood when they were published.
 */
export function verifyChain(rows: readonly ChainedAuditEntry[], key: Buffer | null, heads: readonly AuditHead[] = []): AuditVerification {
  let prev = GENESIS;
  let expectedSeq = 1;
  const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
  const mac = (text: string) => (key ? createHmac('sha256', key).update(text).digest('base64url') : null);
  for (const r of rows) {
    if (r.seq !== expectedSeq) {
      return { ok: false, rows: rows.length, brokenAt: expectedSeq, reason: 'sequence_gap', message: `row ${expectedSeq} is missing or out of order (found ${r.seq})` };
    }
    if (!same(r.prevMac, prev)) {
      return { ok: false, rows: rows.length, brokenAt: r.seq, reason: 'chain_break', message: `row ${r.seq} does not follow row ${r.seq - 1}` };
    }
    const expected = mac(canonical(r, r.prevMac));
    if (expected !== null && !same(expected, r.mac)) {
      return { ok: false, rows: rows.length, brokenAt: r.seq, reason: 'mac_mismatch', message: `row ${r.seq} was changed after it was written` };
    }
    prev = r.mac;
    expectedSeq++;
  }
  for (const h of heads) {
    const row = rows.find((r) => r.seq === h.seq);
    if (!row) return { ok: false, rows: rows.length, brokenAt: h.seq, reason: 'head_mismatch', message: `the chain was published at row ${h.seq}, but these rows end at ${rows.at(-1)?.seq ?? 0}: rows were removed from the end` };
    if (!same(row.mac, h.mac)) {
      return { ok: false, rows: rows.length, brokenAt: h.seq, reason: 'head_mismatch', message: `the chain stood at row ${h.seq} with another MAC when it was published: rows up to it were rewritten or removed` };
    }
  }
  return { ok: true, rows: rows.length };
}

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

  /** Oldest first, with their MACs: what an export carries so the chain can be checked away from the kiosk. */
  chainedPage(afterSeq: number, limit: number): ChainedAuditEntry[] {
    return this.db.prepare('SELECT seq, at, actor, action, detail, prev_mac AS prevMac, mac FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?').all(afterSeq, limit) as ChainedAuditEntry[];
  }

  head(): AuditHead | null {
    return auditHead(this.db);
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
    const rows = this.db.prepare('SELECT seq, at, actor, action, detail, prev_mac AS prevMac, mac FROM audit_log ORDER BY rowid').all() as ChainedAuditEntry[];
    const chain = verifyChain(rows, this.key);
    if (!chain.ok) return chain;
    const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
    const lastSeq = rows.at(-1)?.seq ?? 0;
    const prev = rows.at(-1)?.mac ?? GENESIS;
    const headRow = this.db.prepare('SELECT value FROM kiosk_meta WHERE key = ?').get(HEAD_KEY) as { value: string } | undefined;
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
