import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MaintenanceApi } from './support/api.ts';
import { startRig, TECH_PIN, type Rig } from './support/rig.ts';

let rig: Rig;
let api: MaintenanceApi;
beforeAll(async () => {
  rig = await startRig({ printMs: 200 });
  api = new MaintenanceApi(rig.url);
  expect((await api.signIn(TECH_PIN)).status).toBe(200);
});
afterAll(async () => rig?.close());
afterEach(() => {
  rig.sims.a4.setFaults({ mediaEmpty: false, jam: false, offline: false, printMs: 200 });
  rig.sims.receipt.setPaper('full');
  rig.sims.reader.clearFaults();
});

type Report = { passed: boolean; checks: Array<{ name: string; ok: boolean; detail: string }> };
type DeviceView = { id: string; counters: Record<string, number>; lastError: { state: string; paper?: string; reasons: string[] } | null; canTestPrint: boolean };

const device = async (id: string): Promise<DeviceView> => {
  const o = await api.get<{ devices: DeviceView[] }>('overview');
  const d = o.body.devices.find((x) => x.id === id);
  if (!d) throw new Error(`no ${id}`);
  return d;
};

const until = async (pred: () => Promise<boolean> | boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await pred()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return false;
};

describe('every device on the screen', () => {
  it('shows each wired device with its status, details and counters', async () => {
    const o = await api.get<{ devices: DeviceView[] }>('overview');
    expect(o.body.devices.map((d) => d.id)).toEqual(['cardReader', 'receiptPrinter', 'a4Printer', 'cardPrinter']);
    expect(o.body.devices.map((d) => d.canTestPrint)).toEqual([false, true, true, true]);
  });
});

describe('self-tests ask the device itself', () => {
  it('pass on healthy devices', async () => {
    for (const id of ['cardReader', 'receiptPrinter', 'a4Printer', 'cardPrinter']) {
      const r = await api.post<Report>('self-test', { device: id });
      expect(r.status, id).toBe(200);
      expect(r.body.passed, `${id}: ${JSON.stringify(r.body.checks)}`).toBe(true);
    }
    expect((await device('a4Printer')).counters).toMatchObject({ selfTests: 1, selfTestsFailed: 0 });
  });

  it('fail with the reason when the A4 tray is empty, and the error is remembered', async () => {
    rig.sims.a4.setFaults({ mediaEmpty: true });
    const r = await api.post<Report>('self-test', { device: 'a4Printer' });
    expect(r.body.passed).toBe(false);
    expect(r.body.checks.find((c) => c.name === 'ready')).toMatchObject({ ok: false, detail: expect.stringContaining('media-empty') });
    expect(r.body.checks.find((c) => c.name === 'paper')).toMatchObject({ ok: false, detail: 'paper out' });
    expect(await until(async () => (await device('a4Printer')).lastError?.paper === 'out')).toBe(true);
    expect((await device('a4Printer')).counters).toMatchObject({ selfTestsFailed: 1, errors: 1 });
  });

  it('fail when the receipt roll is out, or the reader has no SAM or is unplugged', async () => {
    rig.sims.receipt.setPaper('out');
    expect((await api.post<Report>('self-test', { device: 'receiptPrinter' })).body).toMatchObject({ passed: false, checks: [{ name: 'status', ok: false, detail: expect.stringContaining('paper out') }] });
    rig.sims.reader.setFaults({ noSam: true });
    expect((await api.post<Report>('self-test', { device: 'cardReader' })).body).toMatchObject({ passed: false, checks: [{ ok: false, detail: expect.stringContaining('no SAM') }] });
    rig.sims.reader.setFaults({ silent: true });
    const silent = await api.post<Report>('self-test', { device: 'cardReader' });
    expect(silent.body).toMatchObject({ passed: false, checks: [{ ok: false, detail: expect.stringContaining('timeout') }] });
  });

  it('refuse an unknown device, and a test print on a device that does not print', async () => {
    expect(await api.post('self-test', { device: 'coffeeMachine' })).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect(await api.post('test-print', { device: 'cardReader' })).toMatchObject({ status: 404, body: { error: 'unsupported' } });
    expect(await api.post('self-test', { device: 'scanner' })).toMatchObject({ status: 404, body: { error: 'no_such_device' } });
  });
});

describe('test prints', () => {
  it('print on each printer and count what they used', async () => {
    const before = Object.fromEntries(rig.handle.maintenance.consumables.list().map((c) => [c.name, c.level]));
    const receiptsBefore = rig.sims.receipt.receipts().length;
    for (const id of ['a4Printer', 'cardPrinter', 'receiptPrinter']) {
      const r = await api.post<{ detail: string }>('test-print', { device: id });
      expect(r.status, `${id}: ${JSON.stringify(r.body)}`).toBe(200);
    }
    const after = Object.fromEntries(rig.handle.maintenance.consumables.list().map((c) => [c.name, c.level]));
    expect(after).toEqual({ 'a4-sheets': (before['a4-sheets'] ?? 0) - 1, 'card-blanko': (before['card-blanko'] ?? 0) - 1, ribbon: (before.ribbon ?? 0) - 1, 'receipt-roll': (before['receipt-roll'] ?? 0) - 1 });
    // What came out is the real thing: a KK on A4, a KTP-el on a card, a receipt that says it is a test.
    expect(rig.sims.a4.jobs().at(-1)).toMatchObject({ state: 'completed', name: expect.stringMatching(/^adm-test-a4-\d+$/) });
    expect(rig.sims.card.jobs().at(-1)).toMatchObject({ state: 'completed', name: expect.stringMatching(/^adm-test-card-\d+$/) });
    const receipt = rig.sims.receipt.receipts()[receiptsBefore];
    expect(receipt?.lines.join('\n')).toContain('STRUK UJI');
    expect(receipt?.cut).toBe(true);
    expect((await device('cardPrinter')).counters).toMatchObject({ testPrints: 1, testPrintsFailed: 0 });
    // The ledger knows nothing of them: test pages are not entitlements.
    expect(rig.ledger.list()).toEqual([]);
  });

  it('refuse before sending anything when the printer is not ready', async () => {
    rig.sims.a4.setFaults({ mediaEmpty: true });
    const jobs = rig.sims.a4.jobs().length;
    const r = await api.post('test-print', { device: 'a4Printer' });
    expect(r).toMatchObject({ status: 422, body: { error: 'not_ready', reasons: expect.arrayContaining(['media-empty-error']) } });
    expect(rig.sims.a4.jobs()).toHaveLength(jobs);
    rig.sims.receipt.setPaper('out');
    expect(await api.post('test-print', { device: 'receiptPrinter' })).toMatchObject({ status: 422, body: { error: 'not_ready', reasons: ['paperOut'] } });
  });

  it('report a job the printer aborted (a jam) as failed, with its reasons', async () => {
    rig.sims.a4.setFaults({ jam: true });
    const r = await api.post('test-print', { device: 'a4Printer' });
    expect(r).toMatchObject({ status: 422, body: { error: 'failed', message: expect.stringContaining('aborted') } });
    const audit = rig.handle.maintenance.audit.list(1)[0];
    expect(audit).toMatchObject({ action: 'test_print.run', detail: { device: 'a4Printer', code: 'failed', failed: true } });
  });

  it('refuse a second operation on a busy device, and stop a test print when the technician leaves', async () => {
    rig.sims.a4.setFaults({ printMs: 5000 });
    const first = api.post('test-print', { device: 'a4Printer' });
    await until(() => rig.sims.a4.jobs().some((j) => j.state === 'processing'));
    expect(await api.post('self-test', { device: 'a4Printer' })).toMatchObject({ status: 409, body: { error: 'busy' } });
    expect((await device('a4Printer')) as unknown).toMatchObject({ busy: true });
    await api.post('leave');
    const r = await first;
    expect(r.body).toMatchObject({ error: 'canceled' });
    expect(await until(() => rig.sims.a4.jobs().at(-1)?.state === 'canceled')).toBe(true);
    expect(await until(() => rig.handle.maintenance.mode.state === 'inactive')).toBe(true);
    expect(rig.store.journal.list({ kind: 'maintenance.left', limit: 1 })[0]?.detail).toMatchObject({ reason: 'technician_left', settled: true });
  });
});
