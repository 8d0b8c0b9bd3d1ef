import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../../kiosk/store/open-database.ts';
import { kioskMigrations } from '../../kiosk/store/migrations/index.ts';
import { AuditTrail } from '../../kiosk/store/audit-trail.ts';

const closers: Array<() => void> = [];
afterEach(() => closers.splice(0).forEach((c) => c()));

function trailWithRows(n: number): { db: Database; trail: AuditTrail; key: Buffer } {
  const r = openDatabase({ path: ':memory:', migrations: kioskMigrations });
  if (!r.ok) throw new Error(r.error.message);
  closers.push(() => r.value.db.close());
  const key = randomBytes(32);
  let t = Date.parse('2026-11-23T01:00:00Z');
  const trail = new AuditTrail(r.value.db, key, () => new Date((t += 1000)));
  for (let i = 1; i <= n; i++) trail.append('3506********0001', i % 2 ? 'consumables.set' : 'self_test.run', { i });
  return { db: r.value.db, trail, key };
}

describe('audit trail', () => {
  it('verifies an untouched trail, empty or not', () => {
    expect(trailWithRows(0).trail.verify()).toEqual({ ok: true, rows: 0 });
    expect(trailWithRows(6).trail.verify()).toEqual({ ok: true, rows: 6 });
  });

  it('finds an edited row', () => {
    const { db, trail } = trailWithRows(6);
    db.prepare("UPDATE audit_log SET detail = '{\"i\":99}' WHERE seq = 4").run();
    expect(trail.verify()).toMatchObject({ ok: false, brokenAt: 4, reason: 'mac_mismatch' });
  });

  it('finds an edited actor even when the attacker recomputes a plain hash', () => {
    const { db, trail } = trailWithRows(3);
    db.prepare("UPDATE audit_log SET actor = 'system', mac = 'forged' WHERE seq = 2").run();
    expect(trail.verify()).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it('finds a deleted row in the middle', () => {
    const { db, trail } = trailWithRows(6);
    db.prepare('DELETE FROM audit_log WHERE seq = 3').run();
    expect(trail.verify()).toMatchObject({ ok: false, brokenAt: 3, reason: 'sequence_gap' });
  });

  it('finds rows deleted from the end, and a deleted head', () => {
    const { db, trail } = trailWithRows(6);
    db.prepare('DELETE FROM audit_log WHERE seq >= 5').run();
    expect(trail.verify()).toMatchObject({ ok: false, brokenAt: 5, reason: 'head_mismatch' });
    db.prepare("DELETE FROM kiosk_meta WHERE key = 'audit_head'").run();
    expect(trail.verify()).toMatchObject({ ok: false, reason: 'head_mismatch' });
  });

  it('finds reordered rows', () => {
    const { db, trail } = trailWithRows(6);
    const rows = db.prepare('SELECT * FROM audit_log WHERE seq IN (2, 5) ORDER BY seq').all() as Array<Record<string, unknown>>;
    const [a, b] = rows as [Record<string, unknown>, Record<string, unknown>];
    const swap = db.prepare('UPDATE audit_log SET at = ?, actor = ?, action = ?, detail = ?, prev_mac = ?, mac = ? WHERE seq = ?');
    db.transaction(() => {
      swap.run(b.at, b.actor, b.action, b.detail, b.prev_mac, b.mac, 2);
      swap.run(a.at, a.actor, a.action, a.detail, a.prev_mac, a.mac, 5);
    })();
    expect(trail.verify()).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it('cannot be verified with another key', () => {
    const { db } = trailWithRows(2);
    expect(new AuditTrail(db, randomBytes(32)).verify()).toMatchObject({ ok: false, brokenAt: 1, reason: 'mac_mismatch' });
  });
});
