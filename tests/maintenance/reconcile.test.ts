import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSet, type DemoEntry } from '../../kiosk/registry/demo/demo-set.ts';
import type { EmbeddedRegistry } from '../../kiosk/registry/embedded/embedded-registry.ts';
import { localDay } from '../../kiosk/registry/identifiers/dates.ts';
import { UnavailableRegistry } from '../../kiosk/registry/unavailable-registry.ts';
import { MaintenanceApi } from './support/api.ts';
import { startRig, TECH_PIN, type Rig } from './support/rig.ts';
import { rigRegistry } from './support/unknown-print.ts';

let rig: Rig;
let registry: EmbeddedRegistry;
let today: string;
let api: MaintenanceApi;

beforeAll(async () => {
  rig = await startRig();
  today = localDay(new Date());
  registry = await rigRegistry(rig, 'maintenance', today);
  api = new MaintenanceApi(rig.url);
  expect((await api.signIn(TECH_PIN)).status).toBe(200);
});
afterAll(async () => {
  await registry?.close();
  await rig?.close();
});

const entry = (applicationId: string): DemoEntry => {
  const e = demoSet(today).find((d) => d.applicationId === applicationId);
  if (!e?.pin) throw new Error(`no demo entry ${applicationId}`);
  return e;
};

/** A real claim at the registry whose print then lost its job: the ledger row is `unknown`. */
async function unknownPrint(applicationId: string): Promise<string> {
  const e = entry(applicationId);
  const row = rig.ledger.create({ applicationId, documentType: e.type, subjectRef: 'keyed-ref', printer: e.type === 'ktp' || e.type === 'kia' ? 'card' : 'a4' });
  if (!row.ok) throw new Error(row.error.message);
  const id = row.value.id;
  const claimed = await registry.claim({ applicationId, ledgerId: id, nik: e.nik, proof: { kind: 'pin', pin: e.pin as string }, kioskId: rig.config.kiosk.id });
  if (!claimed.ok) throw new Error(claimed.error.message);
  rig.ledger.markRendered(id, 1);
  rig.ledger.markSubmitting(id, 'ipp://127.0.0.1/ipp/print', `adm-${id}`);
  rig.ledger.markSubmitted(id, 41);
  rig.ledger.markUnknown(id, 'the printer restarted and no longer knows job 41');
  return id;
}

/** Whether the citizen could claim the document again now (with a new ledger id, as a new print would). */
async function claimAgain(e: DemoEntry): Promise<{ ok: boolean; code?: string; message?: string }> {
  const r = await registry.claim({ applicationId: e.applicationId, ledgerId: `again-${Math.random().toString(36).slice(2)}`, nik: e.nik, proof: { kind: 'pin', pin: e.pin as string }, kioskId: 'OTHER-KIOSK' });
  return r.ok ? { ok: true } : { ok: false, code: r.error.code, message: r.error.message };
}

describe('reconciling prints whose outcome is unknown', () => {
  it('lists them for the technician, without the keyed subject reference', async () => {
    const id = await unknownPrint('AL-3506-900004');
    const r = await api.get<{ rows: Array<Record<string, unknown>> }>('prints/unknown');
    const row = r.body.rows.find((x) => x.id === id);
    expect(row).toMatchObject({ state: 'unknown', documentType: 'akta-lahir', printer: 'a4', jobId: 41, reason: expect.stringContaining('job 41') });
    expect(row).not.toHaveProperty('subjectRef');
    expect((row?.history as Array<{ to: string }>).map((h) => h.to)).toEqual(['claimed', 'rendered', 'rendered', 'submitted', 'unknown']);
    // It is an alert until someone decides.
    const o = await api.get<{ alerts: Array<{ kind: string; subject: string }> }>('overview');
    expect(o.body.alerts).toContainEqual(expect.objectContaining({ kind: 'print.unknown_outcome', subject: id }));
  });

  it('"printed": the row becomes printed with the technician recorded, and the registry will never print it again', async () => {
    const e = entry('KK-3506-900001');
    const id = await unknownPrint(e.applicationId);
    // While unknown, the claim holds: nobody can print it anywhere.
    expect(await claimAgain(e)).toMatchObject({ ok: false, code: 'already_claimed', message: expect.stringContaining('being printed') });
    const a4Before = rig.handle.maintenance.consumables.get('a4-sheets')?.level ?? 0;

    const r = await api.post('prints/resolve', { ledgerId: id, decision: 'printed', note: 'KK found whole in the tray, handed over' });
    expect(r).toMatchObject({ status: 200, body: { registryTold: true, row: { id, state: 'printed', resolvedBy: 'pin', registrySync: 'done', reason: 'technician: KK found whole in the tray, handed over' } } });
    expect(await registry.claimStatus(e.applicationId, id)).toEqual({ ok: true, value: { state: 'printed', kioskId: rig.config.kiosk.id } });
    expect(await claimAgain(e)).toMatchObject({ ok: false, code: 'already_claimed', message: expect.stringContaining('already printed') });
    // The sheet it used is counted.
    expect(rig.handle.maintenance.consumables.get('a4-sheets')?.level).toBe(a4Before - 1);
    const audit = rig.handle.maintenance.audit.list(5).find((x) => x.action === 'ledger.resolve');
    expect(audit).toMatchObject({ actor: 'pin', detail: { ledgerId: id, decision: 'printed', documentType: 'kk' } });
  });

  it('"not printed": the row is released and the citizen can print the document again', async () => {
    const e = entry('AM-3506-900006');
    const id = await unknownPrint(e.applicationId);
    const r = await api.post('prints/resolve', { ledgerId: id, decision: 'not_printed', note: 'nothing in the tray; jam cleared' });
    expect(r).toMatchObject({ status: 200, body: { registryTold: true, row: { id, state: 'released', resolvedBy: 'pin', registrySync: 'done' } } });
    expect(await registry.claimStatus(e.applicationId, id)).toMatchObject({ ok: true, value: { state: 'released' } });
    expect(await claimAgain(e)).toEqual({ ok: true });
    // On this kiosk too, a new print of it can start (a new live ledger row is allowed again).
    expect(rig.ledger.create({ applicationId: e.applicationId, documentType: e.type, subjectRef: 'x', printer: 'a4' }).ok).toBe(true);
  });

  it('decides once: a second answer, an unknown row, or a row that is not unknown are refused', async () => {
    const id = await unknownPrint('KK-3506-900007');
    expect((await api.post('prints/resolve', { ledgerId: id, decision: 'printed' })).status).toBe(200);
    expect(await api.post('prints/resolve', { ledgerId: id, decision: 'not_printed' })).toMatchObject({ status: 409, body: { error: 'wrong_state' } });
    expect(rig.ledger.get(id)?.state).toBe('printed');
    expect(await api.post('prints/resolve', { ledgerId: 'no-such-row', decision: 'printed' })).toMatchObject({ status: 404, body: { error: 'not_found' } });
    expect(await api.post('prints/resolve', { ledgerId: id, decision: 'maybe' })).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    const other = await unknownPrint('KTP-3506-900002');
    expect(await api.post('prints/resolve', { ledgerId: other, decision: 'printed', note: 'line one\nline two' })).toMatchObject({ status: 422, body: { error: 'invalid_note' } });
    expect(rig.ledger.get(other)?.state).toBe('unknown');
    const failed = rig.handle.maintenance.audit.list(10).filter((x) => x.action === 'ledger.resolve' && x.detail.failed === true);
    expect(failed.map((f) => f.detail.code)).toEqual(['not_found', 'wrong_state']);
  });

  it('keeps the decision when the registry cannot be told now; the background sync tells it later', async () => {
    const id = await unknownPrint('KTP-3506-900008');
    rig.registry.use(new UnavailableRegistry('the central system is down'));
    try {
      const r = await api.post('prints/resolve', { ledgerId: id, decision: 'not_printed' });
      expect(r).toMatchObject({ status: 200, body: { registryTold: false, row: { state: 'released', registrySync: 'pending' } } });
      expect(rig.ledger.pendingRegistrySync().map((x) => x.id)).toContain(id);
    } finally {
      rig.registry.use(registry);
    }
  });

  it('closes the review of a print the citizen reported missing, once, with a note that keeps no NIK', async () => {
    const e = entry('KK-3506-900007');
    // The ledger alone: the registry was told "printed" long ago.
    const row = rig.ledger.create({ applicationId: 'REVIEW-KK-1', documentType: e.type, subjectRef: 'keyed-ref', printer: 'a4' });
    if (!row.ok) throw new Error(row.error.message);
    const id = row.value.id;
    rig.ledger.markRendered(id, 1);
    rig.ledger.markSubmitting(id, 'ipp://127.0.0.1/ipp/print', `adm-${id}`);
    rig.ledger.markSubmitted(id, 42);
    rig.ledger.markPrinted(id, { reason: 'job 42 completed', sheets: 1 });
    expect(rig.ledger.flagForReview(id, 'citizen: nothing came out')).toMatchObject({ ok: true });
    expect((await api.get('prints/unknown')).body).toMatchObject({ rows: expect.arrayContaining([expect.objectContaining({ id, state: 'printed', review: 'citizen: nothing came out' })]) });

    expect(await api.post('prints/review', { ledgerId: id, note: '' })).toMatchObject({ status: 400 });
    const closed = await api.post('prints/review', { ledgerId: id, note: `sheet stuck at the exit, handed over; NIK ${e.nik}` });
    expect(closed).toMatchObject({ status: 200, body: { row: { id, state: 'printed' } } });
    expect(rig.ledger.get(id)?.reviewClosedAt).not.toBeNull();
    expect(JSON.stringify(rig.ledger.history(id))).not.toContain(e.nik);
    expect(JSON.stringify(rig.handle.maintenance.audit.all())).not.toContain(e.nik);
    expect(await api.post('prints/review', { ledgerId: id, note: 'again' })).toMatchObject({ status: 409, body: { error: 'wrong_state' } });
    expect(((await api.get('prints/unknown')).body as { rows: Array<{ id: string }> }).rows.some((r) => r.id === id)).toBe(false);
  });
});
