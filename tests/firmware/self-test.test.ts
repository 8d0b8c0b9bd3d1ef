import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { DeviceBoard } from '../../devices/common/device-board.ts';
import { describeSelfTest, printableDocuments, runSelfTest } from '../../kiosk/firmware/self-test.ts';
import { openDatabase } from '../../kiosk/store/open-database.ts';
import { kioskMigrations } from '../../kiosk/store/migrations/index.ts';
import { bootKiosk } from '../../kiosk/boot/boot-kiosk.ts';
import { configSchema } from '../../kiosk/config/schema.ts';
import { createLogger } from '../../kiosk/log/logger.ts';
import type { DeviceId, DeviceStatus, DeviceSummary } from '../../core/device-status.ts';
import { wireFirmware } from '../../kiosk/boot/wire-firmware.ts';
import { ServiceState } from '../../kiosk/fleet/service-state.ts';
import { Lifecycle } from '../../kiosk/lifecycle.ts';
import { openKioskStore } from '../../kiosk/store/kiosk-store.ts';
import { createHttpServer } from '../../kiosk/server/http-server.ts';

const cleanups: Array<() => void | Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function store() {
  const opened = openDatabase({ path: ':memory:', migrations: kioskMigrations });
  if (!opened.ok) throw new Error(opened.error.message);
  cleanups.push(() => void opened.value.db.close());
  return opened.value.db;
}

const since = '2026-01-01T00:00:00.000Z';
function device(id: DeviceId, status: Partial<DeviceStatus> = {}, mode = 'simulated'): DeviceSummary {
  return { id, mode, status: { device: 'online', reasons: [], since, ...status } };
}
function board(...summaries: Array<DeviceSummary | (() => DeviceSummary)>): DeviceBoard {
  const b = new DeviceBoard();
  for (const s of summaries) b.add(typeof s === 'function' ? s : () => s);
  return b;
}
const allOnline = () => [
  device('cardReader'),
  device('receiptPrinter', { paper: 'full' }),
  device('a4Printer', { paper: 'full' }),
  device('cardPrinter', { media: 'present' }),
  device('scanner'),
  device('touchscreen', {}, 'none'),
];

describe('boot self-test', () => {
  it('passes when the store and every device are sound, and opens every document type', async () => {
    const r = await runSelfTest({ db: store(), devices: board(...allOnline()), version: '9.9.9', settleMs: 0 });
    expect(r.outcome).toBe('pass');
    expect(r.inService).toBe(true);
    expect(r.printable).toEqual(['kk', 'ktp', 'kia', 'akta-lahir', 'akta-mati']);
    expect(r.store).toMatchObject({ ok: true, schemaVersion: kioskMigrations.length, expectedVersion: kioskMigrations.length });
    expect(describeSelfTest(r)).toBe('self-test pass: store ok; can print kk, ktp, kia, akta-lahir, akta-mati');
  });

  it('a card reader with no card on it is healthy: only printers need media', async () => {
    const devices = allOnline().map((d) => (d.id === 'cardReader' ? device('cardReader', { media: 'notPresent' }) : d));
    const r = await runSelfTest({ db: store(), devices: board(...devices), version: '9.9.9', settleMs: 0 });
    expect(r.outcome).toBe('pass');
    expect(r.devices.find((d) => d.id === 'cardReader')).toMatchObject({ ok: true });
  });

  it('no blanko: KTP-el and KIA closed, KK and akta still open', async () => {
    const devices = allOnline().map((d) => (d.id === 'cardPrinter' ? device('cardPrinter', { media: 'notPresent', reasons: ['media-empty'] }) : d));
    const r = await runSelfTest({ db: store(), devices: board(...devices), version: '9.9.9', settleMs: 0 });
    expect(r.outcome).toBe('degraded');
    expect(r.inService).toBe(true);
    expect(r.printable).toEqual(['kk', 'akta-lahir', 'akta-mati']);
    expect(r.unavailable).toEqual([
      { type: 'ktp', printer: 'cardPrinter', reason: 'cardPrinter:media-notPresent' },
      { type: 'kia', printer: 'cardPrinter', reason: 'cardPrinter:media-notPresent' },
    ]);
    expect(r.devices.find((d) => d.id === 'cardPrinter')).toMatchObject({ ok: false, reasons: ['media-notPresent', 'media-empty'] });
  });

  it('A4 printer broken (the Denpasar case): cards still print, the kiosk stays in service', async () => {
    const devices = allOnline().map((d) => (d.id === 'a4Printer' ? device('a4Printer', { device: 'hardwareError', reasons: ['media-jam-error'] }) : d));
    const r = await runSelfTest({ db: store(), devices: board(...devices), version: '9.9.9', settleMs: 0 });
    expect(r.printable).toEqual(['ktp', 'kia']);
    expect(r.unavailable.map((u) => u.reason)).toEqual(['a4Printer:hardwareError', 'a4Printer:hardwareError', 'a4Printer:hardwareError']);
    expect(r.inService).toBe(true);
  });

  it('nothing printable means out of service, and says why for each type', () => {
    const { printable, unavailable } = printableDocuments([device('a4Printer', { paper: 'out' }), device('cardPrinter', {}, 'none')]);
    expect(printable).toEqual([]);
    expect(unavailable.map((u) => u.reason)).toEqual(['a4Printer:paper-out', 'cardPrinter:not-fitted', 'cardPrinter:not-fitted', 'a4Printer:paper-out', 'a4Printer:paper-out']);
  });

  it('waits, bounded, for devices still starting', async () => {
    let state: DeviceStatus['device'] = 'starting';
    setTimeout(() => (state = 'online'), 60);
    const r = await runSelfTest({ db: store(), devices: board(...allOnline().filter((d) => d.id !== 'a4Printer'), () => device('a4Printer', { device: state })), version: '1', settleMs: 5000, pollMs: 10 });
    expect(r.printable).toContain('kk');

    const stuck = await runSelfTest({ db: store(), devices: board(device('a4Printer', { device: 'starting' })), version: '1', settleMs: 50, pollMs: 10 });
    expect(stuck.unavailable.find((u) => u.type === 'kk')?.reason).toBe('a4Printer:starting');
  });

  it('fails on a store whose schema is not this version’s, and counts prints waiting for reconciliation', async () => {
    const db = store();
    const now = new Date().toISOString();
    const insert = db.prepare(`INSERT INTO print_ledger (id, application_id, document_type, subject_ref, state, created_at, updated_at) VALUES (?, ?, 'kk', 'ref', ?, ?, ?)`);
    insert.run('p1', 'a1', 'rendered', now, now);
    insert.run('p2', 'a2', 'unknown', now, now);
    insert.run('p3', 'a3', 'printed', now, now);
    const ok = await runSelfTest({ db, devices: board(...allOnline()), version: '1', settleMs: 0 });
    expect(ok.store).toMatchObject({ ok: true, openPrints: 1, unknownPrints: 1 });

    db.pragma(`user_version = ${kioskMigrations.length - 1}`);
    const r = await runSelfTest({ db, devices: board(...allOnline()), version: '1', settleMs: 0 });
    expect(r.outcome).toBe('fail');
    expect(r.inService).toBe(false);
    expect(r.store.detail).toContain(`schema ${kioskMigrations.length - 1}, expected ${kioskMigrations.length}`);
  });

  it('fails, without throwing, on a store that lost its tables', async () => {
    const db = new BetterSqlite3(':memory:');
    cleanups.push(() => void db.close());
    const r = await runSelfTest({ db, devices: board(...allOnline()), version: '1', settleMs: 0 });
    expect(r.outcome).toBe('fail');
    expect(r.store.detail).toMatch(/print_ledger/);
  });

  it('at boot: the outcome is in the journal and in /healthz', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'adm-selftest-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const config = configSchema.parse({ dataDir: dir, http: { port: 0 }, log: { level: 'silent' } });
    const log = await createLogger({ level: 'silent', pretty: false });
    const booted = await bootKiosk(config, log);
    if (!booted.ok) throw new Error(booted.error.message);
    cleanups.push(() => booted.value.close());
    const health = (await (await fetch(`${booted.value.http.url()}/healthz`)).json()) as Record<string, unknown> & { selfTest: { outcome: string; printable: string[]; store: { ok: boolean } } };
    expect(health.selfTest.store.ok).toBe(true);
    expect(['pass', 'degraded']).toContain(health.selfTest.outcome);
    expect(health).toHaveProperty('printable');
    const rows = booted.value.store.journal.list({ kind: 'self_test' });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.detail).toMatchObject({ outcome: health.selfTest.outcome, printable: health.selfTest.printable });
  });

  it('holds the fleet service state out of service from boot when nothing can be printed, and releases it when something can', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'adm-selftest-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const config = configSchema.parse({ dataDir: dir, http: { port: 0 }, log: { level: 'silent' } });
    const log = await createLogger({ level: 'silent', pretty: false });
    const boot = async (devices: DeviceBoard) => {
      const store = openKioskStore(dir, log);
      if (!store.ok) throw new Error(store.error.message);
      const lifecycle = new Lifecycle(log);
      lifecycle.add('store', () => store.value.close());
      const http = createHttpServer({ host: '127.0.0.1', port: 0, log });
      const service = new ServiceState();
      const fw = await wireFirmware({ config, log, store: store.value, lifecycle, http, now: () => new Date(), startedAt: Date.now() }, devices, { service, env: {} });
      await lifecycle.shutdown(2000);
      return { service, fw };
    };
    const down = await boot(board(device('a4Printer', { paper: 'out' }), device('cardPrinter', { media: 'notPresent' })));
    expect(down.fw.selfTest.inService).toBe(false);
    expect(down.service.snapshot).toMatchObject({ inService: false, reasons: ['no-printable-document'] });
    const up = await boot(board(...allOnline()));
    expect(up.service.snapshot.inService).toBe(true);
    expect(up.fw.notifier.enabled).toBe(false);
  });
});
