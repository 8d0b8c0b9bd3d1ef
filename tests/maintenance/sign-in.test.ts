import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LOCKOUT_MS } from '../../kiosk/maintenance/technician-pin.ts';
import { MaintenanceApi } from './support/api.ts';
import { startRig, TECH_PIN, type Rig } from './support/rig.ts';

let rig: Rig;
let nowMs = Date.parse('2026-11-23T09:00:00Z');
beforeAll(async () => {
  rig = await startRig({ now: () => new Date(nowMs) });
});
afterAll(async () => rig?.close());

async function openSignIn(api: MaintenanceApi): Promise<void> {
  const r = await api.post('enter', { source: 'gesture' });
  expect(r.status).toBe(200);
  expect((await api.get('state')).body).toMatchObject({ mode: 'active', signingIn: true });
}

afterEach(async () => {
  rig.sims.reader.removeCard();
  const m = rig.handle.maintenance;
  if (m.mode.state !== 'inactive') m.mode.leave('canceled');
  for (let i = 0; i < 100 && m.mode.state !== 'inactive'; i++) await new Promise((r) => setTimeout(r, 10));
});

async function leave(api: MaintenanceApi): Promise<void> {
  if (api.token) await api.post('leave');
  else await api.post('cancel');
  api.token = null;
  for (let i = 0; i < 100 && rig.handle.maintenance.mode.state !== 'inactive'; i++) await new Promise((r) => setTimeout(r, 10));
  expect(rig.handle.maintenance.mode.state).toBe('inactive');
}

describe('technician PIN over the maintenance API', () => {
  it('locks PIN entry after five wrong PINs for 15 minutes, then opens again', async () => {
    const api = new MaintenanceApi(rig.url);
    await openSignIn(api);
    for (let left = 4; left >= 1; left--) {
      const r = await api.post('sign-in/pin', { pin: '000000' });
      expect(r).toMatchObject({ status: 422, body: { error: 'wrong_pin', attemptsLeft: left } });
    }
    const fifth = await api.post('sign-in/pin', { pin: '000000' });
    expect(fifth).toMatchObject({ status: 423, body: { error: 'pin_locked', lockedUntil: new Date(nowMs + LOCKOUT_MS).toISOString() } });
    // The right PIN is refused while locked, and the sign-in screen says until when.
    expect(await api.post('sign-in/pin', { pin: TECH_PIN })).toMatchObject({ status: 423, body: { error: 'pin_locked' } });
    expect((await api.get('state')).body).toMatchObject({ signIn: { pinLockedUntil: new Date(nowMs + LOCKOUT_MS).toISOString() } });
    expect(rig.lines.some((l) => l.event === 'maintenance.pin_locked')).toBe(true);

    nowMs += LOCKOUT_MS - 1000;
    expect(await api.post('sign-in/pin', { pin: TECH_PIN })).toMatchObject({ status: 423 });
    nowMs += 1000;
    expect((await api.get('state')).body).toMatchObject({ signIn: { pinLockedUntil: null } });
    const ok = await api.post<{ token: string; technician: { ref: string } }>('sign-in/pin', { pin: TECH_PIN });
    expect(ok).toMatchObject({ status: 200, body: { technician: { ref: 'pin', method: 'pin' } } });
    api.token = ok.body.token;
    // Every attempt is in the audit trail, and the trail still verifies.
    const audit = rig.handle.maintenance.audit;
    const actions = audit.list(50).map((e) => `${e.action}:${String(e.detail.code ?? '')}`);
    expect(actions.filter((a) => a === 'sign_in.refused:wrong_pin')).toHaveLength(4);
    expect(actions.filter((a) => a === 'sign_in.refused:pin_locked')).toHaveLength(3);
    expect(actions).toContain('sign_in.succeeded:');
    expect(audit.verify()).toMatchObject({ ok: true });
    await leave(api);
  });

  it('refuses a malformed PIN without counting it, and any PIN when the sign-in screen is closed', async () => {
    const api = new MaintenanceApi(rig.url);
    expect(await api.post('sign-in/pin', { pin: TECH_PIN })).toMatchObject({ status: 409, body: { error: 'not_signing_in' } });
    await openSignIn(api);
    expect(await api.post('sign-in/pin', { pin: '12ab' })).toMatchObject({ status: 422, body: { error: 'malformed_pin' } });
    expect(await api.post('sign-in/pin', { pin: '111111' })).toMatchObject({ body: { error: 'wrong_pin', attemptsLeft: 4 } });
    await leave(api);
  });
});

describe('technician e-KTP + fingerprint', () => {
  it('signs in an allow-listed technician whose finger matches on the reader', async () => {
    const api = new MaintenanceApi(rig.url);
    await openSignIn(api);
    expect((await api.get('state')).body).toMatchObject({ signIn: { cardAvailable: true } });
    const pending = api.post<{ token: string; technician: { ref: string; method: string } }>('sign-in/ektp');
    await new Promise((r) => setTimeout(r, 50));
    expect(rig.sims.reader.tapCard(rig.technician.nik).ok).toBe(true);
    rig.sims.reader.nextFinger('good');
    const r = await pending;
    expect(r.status).toBe(200);
    const masked = `${rig.technician.nik.slice(0, 4)}********${rig.technician.nik.slice(12)}`;
    expect(r.body.technician.method).toBe('ektp');
    expect(r.body.technician.ref).toMatch(new RegExp(`^ektp:${masked.replace(/\*/g, '\\*')}:[A-Za-z0-9_-]{8}$`));
    // The NIK itself is nowhere: not in the answer, the journal, the audit trail or the log.
    api.token = r.body.token;
    const journal = await api.get<{ entries: Array<{ detail: Record<string, unknown> }> }>('journal?kind=maintenance.signed_in');
    expect(journal.body.entries[0]?.detail).toEqual({ technician: r.body.technician.ref, method: 'ektp' });
    const everything = JSON.stringify([r.body, journal.body, rig.handle.maintenance.audit.all(), rig.lines]);
    expect(everything).not.toContain(rig.technician.nik);
    expect(everything).not.toContain(rig.technician.name);
    rig.sims.reader.removeCard();
    await leave(api);
  });

  it('refuses a citizen card before asking for a finger', async () => {
    const api = new MaintenanceApi(rig.url);
    await openSignIn(api);
    rig.sims.reader.tapCard(rig.citizen.nik);
    const r = await api.post('sign-in/ektp');
    expect(r).toMatchObject({ status: 422, body: { error: 'not_technician' } });
    expect(rig.sims.reader.state().verifying).toBe(false);
    rig.sims.reader.removeCard();
    await leave(api);
  });

  it('refuses a finger that does not match, with the attempts left on the card', async () => {
    const api = new MaintenanceApi(rig.url);
    await openSignIn(api);
    rig.sims.reader.tapCard(rig.technician.nik);
    rig.sims.reader.nextFinger('bad');
    const r = await api.post('sign-in/ektp');
    expect(r).toMatchObject({ status: 422, body: { error: 'finger_mismatch', attemptsLeft: 2 } });
    rig.sims.reader.removeCard();
    await leave(api);
  });

  it('says no card came when the technician never taps one', async () => {
    const api = new MaintenanceApi(rig.url);
    await openSignIn(api);
    // The wait is bounded by the sign-in screen (here shortened through the card step's own limit).
    const m = rig.handle.maintenance;
    const r = await m.signInWithCard(AbortSignal.timeout(300));
    expect(r).toMatchObject({ ok: false, error: { code: 'no_card' } });
    await leave(api);
  });
});
