import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { FleetStateStore } from './fleet-state.ts';

export type OutboxChannel = 'event' | 'diagnostics';

export interface OutboxRow {
  seq: number;
  id: string;
  channel: OutboxChannel;
  /** JSON of the message without `seq` and `historical`, which are set when it is published. */
  payload: string;
  createdAt: string;
}

export interface OutboxStats {
  /** Waiting for the broker's acknowledgement. */
  pending: number;
  /** Thrown away, oldest first, because the queue was full (a total since the kiosk was installed). */
  dropped: number;
  /** Refused by the broker (ACL): kept for a technician, never retried. */
  refused: number;
}

export interface OutboxOptions {
  /** Most rows waiting at once; beyond it the oldest are dropped and counted. */
  maxPending: number;
  /** Acknowledged rows kept for the diagnostics report; older ones are deleted. */
  keepSent?: number;
  now: () => Date;
  /** Turns a message into the text stored and sent (the fleet area redacts personal data here). */
  encode: (message: Record<string, unknown>) => string;
}

const DROPPED = 'outbox.dropped';
const DROPPED_REPORTED = 'outbox.dropped_reported';
const PRUNE_EVERY = 256;

/**
 * The fleet outbox: every event and diagnostics report is a row first, so nothing is lost while
 * the broker is unreachable. Rows leave in `seq` order and are marked sent only when the broker
 * acknowledged them (PUBACK), so a replay never repeats an acknowledged message. The queue is
 * bounded: when full, the oldest waiting rows are dropped and counted, never memory or disk
 * without end.
 */
export class FleetOutbox {
  readonly state: FleetStateStore;
  readonly #insert: Statement<[string, string, string, string]>;
  readonly #pending: Statement<[], { n: number }>;
  readonly #dropOldest: Statement<[number]>;
  readonly #next: Statement<[number, number], OutboxRow>;
  readonly #sent: Statement<[string, number]>;
  readonly #refused: Statement<[string, string, number]>;
  readonly #refusedCount: Statement<[], { n: number }>;
  readonly #prune: Statement<[number]>;
  readonly #enqueue: (channel: OutboxChannel, message: Record<string, unknown>, bounded: boolean) => { id: string; seq: number; dropped: number };
  #acksSincePrune = 0;

  constructor(
    readonly db: Database,
    private readonly options: OutboxOptions,
  ) {
    if (!Number.isInteger(options.maxPending) || options.maxPending < 1) throw new Error(`bug: outbox maxPending ${options.maxPending}`);
    this.state = new FleetStateStore(db);
    this.#insert = db.prepare('INSERT INTO fleet_outbox (id, channel, payload, created_at) VALUES (?, ?, ?, ?)');
    this.#pending = db.prepare('SELECT COUNT(*) AS n FROM fleet_outbox WHERE sent_at IS NULL AND refused_at IS NULL');
    this.#dropOldest = db.prepare(
      'DELETE FROM fleet_outbox WHERE seq IN (SELECT seq FROM fleet_outbox WHERE sent_at IS NULL AND refused_at IS NULL ORDER BY seq LIMIT ?)',
    );
    this.#next = db.prepare(
      'SELECT seq, id, channel, payload, created_at AS createdAt FROM fleet_outbox WHERE sent_at IS NULL AND refused_at IS NULL AND seq > ? ORDER BY seq LIMIT ?',
    );
    this.#sent = db.prepare('UPDATE fleet_outbox SET sent_at = ? WHERE seq = ? AND sent_at IS NULL');
    this.#refused = db.prepare('UPDATE fleet_outbox SET refused_at = ?, refused_reason = ? WHERE seq = ? AND sent_at IS NULL');
    this.#refusedCount = db.prepare('SELECT COUNT(*) AS n FROM fleet_outbox WHERE refused_at IS NOT NULL');
    this.#prune = db.prepare(
      'DELETE FROM fleet_outbox WHERE sent_at IS NOT NULL AND seq <= (SELECT seq FROM fleet_outbox WHERE sent_at IS NOT NULL ORDER BY seq DESC LIMIT 1 OFFSET ?)',
    );
    // A savepoint when called inside someone else's transaction: the event commits with what it reports.
    this.#enqueue = db.transaction((channel: OutboxChannel, message: Record<string, unknown>, bounded: boolean) => {
      const id = typeof message.id === 'string' ? message.id : randomUUID();
      const payload = this.options.encode({ ...message, id });
      const seq = Number(this.#insert.run(id, channel, payload, this.options.now().toISOString()).lastInsertRowid);
      const over = bounded ? this.#pending.get()!.n - this.options.maxPending : 0;
      let dropped = 0;
      if (over > 0) {
        dropped = this.#dropOldest.run(over).changes;
        this.state.increment(DROPPED, dropped);
      }
      return { id, seq, dropped };
    });
  }

  /**
   * Queues a message; `id` is generated unless the message has one. `bounded: false` is only for
   * the one report of earlier drops, which must not itself push out the oldest row it reports on.
   */
  enqueue(channel: OutboxChannel, message: Record<string, unknown>, options: { bounded?: boolean } = {}): { id: string; seq: number; dropped: number } {
    return this.#enqueue(channel, message, options.bounded ?? true);
  }

  /** Waiting rows after `afterSeq`, oldest first. */
  next(afterSeq: number, limit: number): OutboxRow[] {
    return this.#next.all(afterSeq, limit);
  }

  markSent(seq: number): void {
    this.#sent.run(this.options.now().toISOString(), seq);
    if (++this.#acksSincePrune >= PRUNE_EVERY) this.prune();
  }

  markRefused(seq: number, reason: string): void {
    this.#refused.run(this.options.now().toISOString(), reason.slice(0, 200), seq);
  }

  prune(): void {
    this.#acksSincePrune = 0;
    this.#prune.run(this.options.keepSent ?? 500);
  }

  stats(): OutboxStats {
    return { pending: this.#pending.get()!.n, dropped: this.state.counter(DROPPED), refused: this.#refusedCount.get()!.n };
  }

  /** Rows dropped since the last call (for the `outbox.dropped` event after an outage). */
  takeUnreportedDrops(): number {
    return this.db.transaction(() => {
      const total = this.state.counter(DROPPED);
      const unreported = total - this.state.counter(DROPPED_REPORTED);
      if (unreported > 0) this.state.set(DROPPED_REPORTED, String(total));
      return Math.max(unreported, 0);
    })();
  }

  /** The last `limit` rows, newest first, without payloads: for the diagnostics report. */
  recent(limit: number): Array<{ seq: number; channel: string; createdAt: string; sentAt: string | null; refusedReason: string | null }> {
    return this.db
      .prepare(
        'SELECT seq, channel, created_at AS createdAt, sent_at AS sentAt, refused_reason AS refusedReason FROM fleet_outbox ORDER BY seq DESC LIMIT ?',
      )
      .all(limit) as Array<{ seq: number; channel: string; createdAt: string; sentAt: string | null; refusedReason: string | null }>;
  }
}
