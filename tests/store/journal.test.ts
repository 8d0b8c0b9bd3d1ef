import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../kiosk/store/open-database.ts';
import { kioskMigrations } from '../../kiosk/store/migrations/index.ts';
import { Journal } from '../../kiosk/store/journal.ts';
import { Redactor } from '../../kiosk/privacy/redactor.ts';

const closers: Array<() => void> = [];
afterEach(() => closers.splice(0).forEach((c) => c()));

function journal(now = () => new Date('2026-11-23T08:00:00Z')): Journal {
  const r = openDatabase({ path: ':memory:', migrations: kioskMigrations });
  if (!r.ok) throw new Error(r.error.message);
  closers.push(() => r.value.db.close());
  return new Journal(r.value.db, new Redactor(), now);
}

describe('journal', () => {
  it('keeps rows in order and filters by kind and time', () => {
    let t = Date.parse('2026-11-23T08:00:00Z');
    const j = journal(() => new Date((t += 60_000)));
    j.append('session.started', { via: 'ektp' }, 's1');
    j.append('print.printed', { type: 'kk' }, 's1');
    j.append('session.ended', { reason: 'done' }, 's1');
    expect(j.list().map((e) => e.kind)).toEqual(['session.ended', 'print.printed', 'session.started']);
    expect(j.list({ kind: 'print.printed' })).toHaveLength(1);
    expect(j.list({ from: '2026-11-23T08:02:00.000Z' }).map((e) => e.kind)).toEqual(['session.ended', 'print.printed']);
    expect(j.list({ limit: 1 })).toHaveLength(1);
  });

  it('never stores a NIK or a name in clear', () => {
    const j = journal();
    j.append('session.started', { nik: '3506124507900001', name: 'Budi Santoso', note: 'card 3506124507900001 read' });
    const [row] = j.list();
    const text = JSON.stringify(row);
    expect(text).not.toContain('3506124507900001');
    expect(text).not.toContain('Budi Santoso');
    expect(row?.detail.nik).toBe('3506********0001');
  });
});
