import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../kiosk/store/open-database.ts';
import { kioskMigrations } from '../../kiosk/store/migrations/index.ts';
import { TechnicianPin, LOCKOUT_MS, MAX_PIN_FAILURES } from '../../kiosk/maintenance/technician-pin.ts';
import { checkPin, hashPin } from '../../kiosk/maintenance/pin-hash.ts';

const closers: Array<() => void> = [];
afterEach(() => closers.splice(0).forEach((c) => c()));

function db() {
  const r = openDatabase({ path: ':memory:', migrations: kioskMigrations });
  if (!r.ok) throw new Error(r.error.message);
  closers.push(() => r.value.db.close());
  return r.value.db;
}

describe('technician PIN', () => {
  it('hashes with a salt and checks in constant form', async () => {
    const a = await hashPin('246810');
    const b = await hashPin('246810');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await checkPin('246810', a)).toBe(true);
    expect(await checkPin('246811', a)).toBe(false);
    expect(await checkPin('246810', 'scrypt$garbage')).toBe(false);
  });

  it('locks entry for 15 minutes after five wrong PINs, then opens again', async () => {
    let now = Date.parse('2026-11-23T09:00:00Z');
    const store = db();
    const pin = new TechnicianPin(store, await hashPin('135790'), () => new Date(now));
    for (let left = 4; left >= 1; left--) expect(await pin.check('000000')).toEqual({ ok: false, reason: 'wrong_pin', attemptsLeft: left });
    const locked = await pin.check('000000');
    expect(locked).toMatchObject({ ok: false, reason: 'locked' });
    // Even the right PIN is refused while locked.
    expect(await pin.check('135790')).toMatchObject({ ok: false, reason: 'locked' });
    now += LOCKOUT_MS - 1000;
    expect(await pin.check('135790')).toMatchObject({ ok: false, reason: 'locked' });
    now += 2000;
    expect(pin.lockedUntil()).toBeNull();
    expect(await pin.check('000000')).toEqual({ ok: false, reason: 'wrong_pin', attemptsLeft: 4 });
    expect(await pin.check('135790')).toEqual({ ok: true });
  });

  it('counts guesses sent in parallel: ten at once give at most five tries, then the lock', async () => {
    const store = db();
    const pin = new TechnicianPin(store, await hashPin('135790'), () => new Date(Date.parse('2026-11-23T09:00:00Z')));
    // Each check awaits scrypt, so all ten are in flight together, as an attacker's ten requests are.
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => pin.check(String(100000 + i))));
    const tried = answers.filter((a) => !a.ok && a.reason === 'wrong_pin');
    expect(tried.length).toBeLessThanOrEqual(MAX_PIN_FAILURES - 1);
    expect(tried.map((a) => (a.ok || a.reason !== 'wrong_pin' ? 0 : a.attemptsLeft)).sort()).toEqual([1, 2, 3, 4]);
    expect(answers.filter((a) => !a.ok && a.reason === 'locked')).toHaveLength(6);
    // Even the right PIN now waits for the lock to run out.
    expect(await pin.check('135790')).toMatchObject({ ok: false, reason: 'locked' });
  });

  it('a right PIN among parallel wrong ones still opens, and the count stays honest', async () => {
    const store = db();
    const pin = new TechnicianPin(store, await hashPin('135790'), () => new Date(Date.parse('2026-11-23T09:00:00Z')));
    const answers = await Promise.all(['000001', '000002', '135790'].map((p) => pin.check(p)));
    expect(answers[2]).toEqual({ ok: true });
    expect(pin.lockedUntil()).toBeNull();
  });

  it('keeps the lockout across a restart', async () => {
    const now = Date.parse('2026-11-23T09:00:00Z');
    const store = db();
    const hash = await hashPin('135790');
    const first = new TechnicianPin(store, hash, () => new Date(now));
    for (let i = 0; i < 5; i++) await first.check('111111');
    const afterReboot = new TechnicianPin(store, hash, () => new Date(now + 60_000));
    expect(await afterReboot.check('135790')).toMatchObject({ ok: false, reason: 'locked' });
  });

  it('refuses PIN entry when no PIN is configured', async () => {
    expect(await new TechnicianPin(db(), undefined).check('123456')).toEqual({ ok: false, reason: 'not_configured' });
  });
});
