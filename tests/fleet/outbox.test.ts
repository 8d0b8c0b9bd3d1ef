import { afterEach, describe, expect, it } from 'vitest';
import { FleetOutbox } from '../../kiosk/store/fleet-outbox.ts';
import { fleetEncoder } from '../../kiosk/fleet/encode.ts';
import { Redactor } from '../../kiosk/privacy/redactor.ts';
import { kioskDb } from './support/harness.ts';

const closers: Array<() => void> = [];
afterEach(() => closers.splice(0).forEach((c) => c()));

function outbox(maxPending: number, keepSent = 500) {
  const db = kioskDb();
  closers.push(() => db.close());
  return { db, box: new FleetOutbox(db, { maxPending, keepSent, now: () => new Date('2026-11-23T08:00:00Z'), encode: fleetEncoder(new Redactor()) }) };
}

describe('fleet outbox', () => {
  it('hands rows out in order after a given seq and forgets nothing until acknowledged', () => {
    const { box } = outbox(100);
    const seqs = [1, 2, 3, 4].map((n) => box.enqueue('event', { n }).seq);
    expect(box.next(0, 2).map((r) => r.seq)).toEqual(seqs.slice(0, 2));
    expect(box.next(seqs[1]!, 10).map((r) => r.seq)).toEqual(seqs.slice(2));
    box.markSent(seqs[0]!);
    box.markSent(seqs[2]!);
    expect(box.next(0, 10).map((r) => r.seq)).toEqual([seqs[1], seqs[3]]);
    expect(box.stats()).toEqual({ pending: 2, dropped: 0, refused: 0 });
    box.markRefused(seqs[1]!, 'Not authorized');
    expect(box.stats()).toEqual({ pending: 1, dropped: 0, refused: 1 });
    // Acknowledged once is final: a late second ack or a refusal changes nothing.
    box.markRefused(seqs[0]!, 'late');
    expect(box.stats().refused).toBe(1);
  });

  it('drops the oldest waiting rows beyond the bound, counts them once, and rolls back with its caller', () => {
    const { db, box } = outbox(3);
    for (let n = 0; n < 5; n++) box.enqueue('event', { n });
    expect(box.next(0, 10).map((r) => (JSON.parse(r.payload) as { n: number }).n)).toEqual([2, 3, 4]);
    expect(box.stats()).toMatchObject({ pending: 3, dropped: 2 });
    expect(box.takeUnreportedDrops()).toBe(2);
    expect(box.takeUnreportedDrops()).toBe(0);
    box.enqueue('event', { n: 5 }, { bounded: false });
    expect(box.stats()).toMatchObject({ pending: 4, dropped: 2 });
    // Written inside someone else's transaction: if that rolls back, so does the event.
    expect(() =>
      db.transaction(() => {
        box.enqueue('event', { n: 6 });
        throw new Error('the print ledger move failed');
      })(),
    ).toThrow(/ledger/);
    expect(box.stats()).toMatchObject({ pending: 4, dropped: 2 });
  });

  it('redacts before storing and keeps only recent acknowledged rows', () => {
    const { db, box } = outbox(1000, 5);
    box.enqueue('event', { nik: '3506124507900001', name: 'Siti' });
    const stored = (db.prepare('SELECT payload FROM fleet_outbox').get() as { payload: string }).payload;
    expect(stored).not.toContain('3506124507900001');
    expect(stored).not.toContain('Siti');
    for (let n = 0; n < 20; n++) box.markSent(box.enqueue('event', { n }).seq);
    box.prune();
    expect((db.prepare('SELECT COUNT(*) AS n FROM fleet_outbox WHERE sent_at IS NOT NULL').get() as { n: number }).n).toBe(5);
    expect(box.stats().pending).toBe(1);
  });
});
