import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../kiosk/store/open-database.ts';
import { kioskMigrations } from '../../../kiosk/store/migrations/index.ts';
import { Consumables } from '../../../kiosk/store/consumables.ts';

function consumables() {
  const opened = openDatabase({ path: ':memory:', migrations: kioskMigrations });
  if (!opened.ok) throw new Error(opened.error.message);
  return new Consumables(opened.value.db, () => new Date('2024-05-01T08:00:00.000Z'));
}

describe('consumables', () => {
  it('a new kiosk has a full A4 tray and a full blanko hopper', () => {
    expect(consumables().list()).toMatchObject([
      { name: 'a4-sheets', level: 500, capacity: 500, lowThreshold: 50, state: 'full', updatedBy: 'install' },
      { name: 'card-blanko', level: 100, capacity: 100, lowThreshold: 10, state: 'full' },
    ]);
  });

  it('use counts down to low, then out, and never below zero', () => {
    const c = consumables();
    expect(c.use('card-blanko', 90)).toMatchObject({ level: 10, state: 'low', updatedBy: 'print' });
    expect(c.use('card-blanko', 15)).toMatchObject({ level: 0, state: 'out' });
    expect(() => c.use('card-blanko', -1)).toThrow(/bug/);
  });

  it('a technician sets level, capacity and threshold; bad values are refused and change nothing', () => {
    const c = consumables();
    expect(c.set('a4-sheets', { level: 250, capacity: 250, lowThreshold: 25 }, 'tech-1')).toMatchObject({ ok: true, value: { level: 250, capacity: 250, lowThreshold: 25, updatedBy: 'tech-1', state: 'full' } });
    expect(c.set('a4-sheets', { level: 300 }, 'tech-1')).toMatchObject({ ok: false, error: { code: 'invalid_level', message: expect.stringContaining('capacity 250') } });
    expect(c.set('a4-sheets', { level: 1.5 }, 'tech-1')).toMatchObject({ ok: false, error: { code: 'invalid_level' } });
    expect(c.set('a4-sheets', { level: 10, lowThreshold: 250 }, 'tech-1')).toMatchObject({ ok: false, error: { code: 'invalid_level' } });
    expect(c.set('ribbon', { level: 1 }, 'tech-1')).toMatchObject({ ok: false, error: { code: 'unknown_consumable' } });
    expect(c.get('a4-sheets')).toMatchObject({ level: 250, capacity: 250 });
  });
});
