import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Maintenance } from '../../kiosk/maintenance/maintenance.ts';
import { DEFAULT_MESSAGE } from '../../kiosk/maintenance/service-notice.ts';
import { loadOrCreateAuditKey } from '../../kiosk/maintenance/audit-key.ts';
import { MaintenanceApi } from './support/api.ts';
import { startRig, TECH_PIN, type Rig } from './support/rig.ts';

let rig: Rig;
beforeAll(async () => {
  rig = await startRig({ devices: false });
});
afterAll(async () => rig?.close());
afterEach(async () => {
  const m = rig.handle.maintenance;
  if (m.mode.state !== 'inactive') m.mode.leave('canceled');
  for (let i = 0; i < 100 && m.mode.state !== 'inactive'; i++) await new Promise((r) => setTimeout(r, 10));
});

const idle = async () => {
  for (let i = 0; i < 100 && rig.handle.maintenance.mode.state !== 'inactive'; i++) await new Promise((r) => setTimeout(r, 10));
};

describe('parking the citizen flow and the out-of-service switch', () => {
  it('holds the kiosk out of service (reason technician) from entry to exit, then returns it', async () => {
    expect(rig.service.snapshot).toMatchObject({ inService: true, reasons: [] });
    const api = new MaintenanceApi(rig.url);
    await api.post('enter', { source: 'long-press' });
    expect(rig.service.snapshot).toMatchObject({ inService: false, reasons: ['technician'] });
    expect((await api.get('notice')).body).toEqual({ technicianHold: true, message: null });
    await api.post('cancel');
    await idle();
    expect(rig.service.snapshot).toMatchObject({ inService: true, reasons: [] });
  });

  it('waits for a citizen print under way before opening the sign-in screen', async () => {
    let printing = true;
    const listeners = new Set<() => void>();
    rig.citizens.use({ printing: () => printing, subscribe: (l) => (listeners.add(l), () => listeners.delete(l)) });
    try {
      const api = new MaintenanceApi(rig.url);
      await api.post('enter', { source: 'gesture' });
      // Parked at once (no new citizen), but the print in progress finishes first.
      expect(rig.service.has('technician')).toBe(true);
      expect((await api.get('state')).body).toMatchObject({ mode: 'enterPending', signingIn: false, waitingForPrint: true });
      expect(await api.post('sign-in/pin', { pin: TECH_PIN })).toMatchObject({ status: 409, body: { error: 'not_signing_in' } });
      printing = false;
      for (const l of listeners) l();
      expect((await api.get('state')).body).toMatchObject({ mode: 'active', signingIn: true, waitingForPrint: false });
    } finally {
      rig.citizens.use({ printing: () => false, subscribe: () => () => {} });
    }
  });

  it('keeps the kiosk out of service after leaving when the technician says so, with their message for citizens', async () => {
    const api = new MaintenanceApi(rig.url);
    expect((await api.signIn(TECH_PIN)).status).toBe(200);
    const r = await api.post('service', { outOfService: true, messageId: 'Kertas A4 habis. Silakan kembali besok.', messageEn: 'Out of A4 paper. Please come back tomorrow.' });
    expect(r).toMatchObject({ status: 200, body: { notice: { outOfService: true, setBy: 'pin', message: { id: 'Kertas A4 habis. Silakan kembali besok.' } } } });
    await api.post('leave');
    await idle();
    expect(rig.service.snapshot).toMatchObject({ inService: false, reasons: ['technician'] });
    expect((await new MaintenanceApi(rig.url).get('notice')).body).toEqual({
      technicianHold: true,
      message: { id: 'Kertas A4 habis. Silakan kembali besok.', en: 'Out of A4 paper. Please come back tomorrow.' },
    });
    expect(rig.store.journal.list({ kind: 'maintenance.left', limit: 1 })[0]?.detail).toMatchObject({ reason: 'technician_left', outOfService: true });

    // Back in service: the switch applies on leaving, and the message falls back to the default.
    expect((await api.signIn(TECH_PIN)).status).toBe(200);
    expect((await api.post('service', { outOfService: false, messageId: '', messageEn: '' })).body).toMatchObject({ notice: { outOfService: false, message: DEFAULT_MESSAGE } });
    expect(rig.service.has('technician')).toBe(true);
    await api.post('leave');
    await idle();
    expect(rig.service.snapshot.inService).toBe(true);
    expect(await api.post('service', { outOfService: true })).toMatchObject({ status: 401 });
  });

  it('refuses a message that is too long or holds control characters', async () => {
    const api = new MaintenanceApi(rig.url);
    expect((await api.signIn(TECH_PIN)).status).toBe(200);
    expect(await api.post('service', { outOfService: true, messageId: 'x'.repeat(201) })).toMatchObject({ status: 400 });
    expect(await api.post('service', { outOfService: true, messageId: 'a\u0007b' })).toMatchObject({ status: 422, body: { error: 'invalid_message' } });
    expect(rig.handle.maintenance.notice.get().outOfService).toBe(false);
    await api.post('leave');
  });

  it('releases a hold left by a stop in the middle of maintenance, but keeps one the technician meant', async () => {
    rig.service.set('technician', true);
    const make = () =>
      new Maintenance({
        config: rig.config,
        log: rig.log,
        db: rig.store.db,
        journal: rig.store.journal,
        service: rig.service,
        summaries: () => [],
        auditKey: loadOrCreateAuditKey(rig.config.dataDir),
        startedAt: Date.now(),
      });
    // Built, then started as boot starts every area.
    const restarted = make();
    restarted.start();
    restarted.close();
    expect(rig.service.has('technician')).toBe(false);
    expect(rig.store.journal.list({ kind: 'maintenance.recovered', limit: 1 })).toHaveLength(1);
    rig.handle.maintenance.notice.set(true, {}, 'pin');
    const again = make();
    again.start();
    again.close();
    expect(rig.service.has('technician')).toBe(true);
    rig.handle.maintenance.notice.set(false, {}, 'pin');
    rig.service.set('technician', false);
  });
});

describe('the journal screen', () => {
  it('journals entering and leaving, and filters by kind and time', async () => {
    const api = new MaintenanceApi(rig.url);
    expect((await api.signIn(TECH_PIN)).status).toBe(200);
    rig.store.journal.append('print.completed', { documentType: 'kk' });
    const kinds = await api.get<{ kinds: string[] }>('journal/kinds');
    expect(kinds.body.kinds).toEqual(expect.arrayContaining(['maintenance.entered', 'maintenance.left', 'maintenance.signed_in', 'print.completed']));
    const entered = await api.get<{ entries: Array<{ kind: string; detail: Record<string, unknown> }> }>('journal?kind=maintenance.entered&limit=1');
    expect(entered.body.entries).toEqual([expect.objectContaining({ kind: 'maintenance.entered', detail: expect.objectContaining({ source: 'page' }) })]);
    const future = await api.get<{ entries: unknown[] }>('journal?from=2999-01-01');
    expect(future.body.entries).toEqual([]);
    const past = await api.get<{ entries: unknown[] }>('journal?to=2000-01-01');
    expect(past.body.entries).toEqual([]);
    const all = await api.get<{ entries: Array<{ kind: string }> }>('journal?limit=500');
    expect(all.body.entries[0]?.kind).toBe('print.completed');
    expect(await api.get('journal?from=yesterday')).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect(await api.get('journal?limit=100000')).toMatchObject({ status: 400 });
    await api.post('leave');
  });
});

describe('the audit screen', () => {
  it('shows every action with its technician, and reports tampering', async () => {
    const api = new MaintenanceApi(rig.url);
    expect((await api.signIn(TECH_PIN)).status).toBe(200);
    await api.post('consumables', { name: 'a4-sheets', level: 480 });
    const good = await api.get<{ entries: Array<{ action: string; actor: string }>; verification: { ok: boolean } }>('audit?limit=5');
    expect(good.body.verification.ok).toBe(true);
    expect(good.body.entries[0]).toMatchObject({ action: 'consumables.set', actor: 'pin' });
    const seq = (rig.store.db.prepare("SELECT seq FROM audit_log WHERE action = 'consumables.set' ORDER BY seq DESC LIMIT 1").get() as { seq: number }).seq;
    rig.store.db.prepare("UPDATE audit_log SET detail = json_set(detail, '$.level', 500) WHERE seq = ?").run(seq);
    const bad = await api.get<{ verification: { ok: boolean; brokenAt: number; reason: string } }>('audit');
    expect(bad.body.verification).toMatchObject({ ok: false, brokenAt: seq, reason: 'mac_mismatch' });
    await api.post('leave');
  });
});
