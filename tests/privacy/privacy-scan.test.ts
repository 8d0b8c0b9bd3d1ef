import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootKiosk, type Kiosk } from '../../kiosk/boot/boot-kiosk.ts';
import { readSimulatorUrls } from '../../kiosk/server/simulator-urls.ts';
import { configSchema } from '../../kiosk/config/schema.ts';
import { createLogger } from '../../kiosk/log/logger.ts';
import { hashPin } from '../../kiosk/maintenance/pin-hash.ts';
import { PrintLedger } from '../../kiosk/store/print-ledger.ts';
import { demoSet } from '../../kiosk/registry/demo/demo-set.ts';
import { localDay } from '../../kiosk/registry/identifiers/dates.ts';
import { Capture } from '../fleet/support/capture.ts';
import { MaintenanceApi } from '../maintenance/support/api.ts';
import { unpack } from '../maintenance/support/archive.ts';
import { UiClient, untilScreen, type UiServer } from '../server/support/ui-server.ts';
import { leakScanner } from '../support/leak-scan.ts';
import { Mosquitto } from '../support/mosquitto.ts';
import { tempDir } from '../support/temp-dir.ts';

/**
 * The privacy scan: a whole day at one kiosk with hostile input, then a search of everything the
 * kiosk keeps or sends for the citizen's NIK (in any of the forms below) and every name of the
 * household. Inputs: NIKs spaced, dashed, dotted and in full-width digits, names in lower case,
 * a NIK in a service message and in a resolve note, and a journey that crashes with the citizen
 * signed in. Places: every log line, every row of the kiosk's database, every file of an export,
 * every fleet message and every receipt. (The embedded registry's own file stands in for the
 * central system and holds the citizens by design; it is not the kiosk's to keep.)
 */
const PIN = '246810';
const dir = tempDir('privacy-scan');
const lines: string[] = [];
let broker: Mosquitto;
let fleet: Capture;
let kiosk: Kiosk;
let server: UiServer;
let dev: { base: string; secret: string };

const citizen = demoSet(localDay(new Date())).find((e) => e.type === 'kk' && e.pin !== null);
if (!citizen?.pin) throw new Error('no printable KK in the demo set');
const NIK = citizen.nik;
const forms = {
  spaced: `${NIK.slice(0, 4)} ${NIK.slice(4, 8)} ${NIK.slice(8, 12)} ${NIK.slice(12)}`,
  dashed: NIK.replace(/(\d{4})(?=\d)/g, '$1-'),
  dotted: `${NIK.slice(0, 2)}.${NIK.slice(2, 4)}.${NIK.slice(4, 6)}.${NIK.slice(6, 12)}.${NIK.slice(12)}`,
  fullWidth: [...NIK].map((d) => String.fromCharCode(0xff10 + Number(d))).join(''),
};

/** The household as the registry knows it: every member's NIK and every name on their rows. */
function household(): { niks: string[]; names: string[] } {
  const db = new BetterSqlite3(join(dir.path, 'registry.sqlite'), { readonly: true });
  try {
    const rows = db
      .prepare('SELECT p.nik, p.name, p.father_name AS father, p.mother_name AS mother FROM family_members m JOIN persons p ON p.nik = m.nik WHERE m.kk_number IN (SELECT kk_number FROM family_members WHERE nik = ?)')
      .all(NIK) as Array<{ nik: string; name: string; father: string; mother: string }>;
    return { niks: rows.map((r) => r.nik), names: [...new Set(rows.flatMap((r) => [r.name, r.father, r.mother]).filter((n) => n.trim().length >= 3))] };
  } finally {
    db.close();
  }
}

async function devAction(action: Record<string, unknown>): Promise<void> {
  const r = await fetch(`${dev.base}/devpanel/api`, { method: 'POST', headers: { 'content-type': 'application/json', origin: dev.base, 'x-adm-devpanel': dev.secret }, body: JSON.stringify(action) });
  expect(r.status, JSON.stringify(action)).toBe(200);
}

beforeAll(async () => {
  broker = await Mosquitto.start();
  fleet = await Capture.open(broker.url, 'adm/#');
  const destination = new Writable({
    write(chunk: Buffer, _e, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  const log = await createLogger({ level: 'debug', pretty: false, destination });
  const config = configSchema.parse({
    dataDir: dir.path,
    http: { port: 0 },
    devices: { a4Printer: { simulatedPrintMs: 100, pollIntervalMs: 100 }, cardPrinter: { simulatedPrintMs: 100, pollIntervalMs: 100 } },
    fleet: { mqttUrl: broker.url, telemetryIntervalMs: 1000 },
    maintenance: { technicianPinHash: await hashPin(PIN) },
  });
  const booted = await bootKiosk(config, log);
  if (!booted.ok) throw new Error(booted.error.message);
  kiosk = booted.value;
  for (let i = 0; i < 300 && !lines.some((l) => l.includes('"registry.seeded"')); i++) await new Promise((r) => setTimeout(r, 100));
  let urls = readSimulatorUrls(dir.path);
  for (let i = 0; i < 50 && !urls; i++) {
    await new Promise((r) => setTimeout(r, 100));
    urls = readSimulatorUrls(dir.path);
  }
  if (!urls) throw new Error('no simulator URLs');
  const ui = new URL(urls.ui);
  server = { port: Number(ui.port), secret: ui.hash.replace('#k=', '') } as UiServer;
  dev = { base: ui.origin, secret: new URL(urls.devPanel).hash.replace('#k=', '') };
}, 60_000);

afterAll(async () => {
  await kiosk?.close();
  await fleet?.close();
  await broker?.close();
  dir.remove();
});

describe('privacy scan', () => {
  it('a day of hostile input leaves the NIK and the household\'s names nowhere the kiosk keeps or sends', async () => {
    const c = await UiClient.open(server);
    await c.next('snapshot');

    // 1. Hostile sign-ins: the NIK in every form a person might type, and a QR with a lower-case name.
    await c.intent({ type: 'start' });
    await c.intent({ type: 'method', method: 'nik' });
    // The protocol refuses them (a NIK is 16 digits); the refusal must not carry them anywhere either.
    for (const [i, nik] of Object.values(forms).entries()) {
      const from = c.raw(JSON.stringify({ v: 1, type: 'intent', id: `h${i}`, intent: { type: 'submitLogin', nik, pin: '123456' } }));
      expect(await c.next('error', from)).toMatchObject({ code: 'invalid_message' });
    }
    await c.intent({ type: 'back' });
    await c.intent({ type: 'method', method: 'qr' });
    await untilScreen(c, 'qr-scan');
    const { names } = household();
    await devAction({ action: 'scanner.scan', text: `nik ${forms.dotted} a.n. ${(names[0] as string).toLowerCase()}` });
    await new Promise((r) => setTimeout(r, 500));
    await c.intent({ type: 'cancel' });
    await c.intent({ type: 'dismiss' });
    await untilScreen(c, 'attract');

    // 2. The citizen prints a KK (household names on the listing and in the claimed document) and takes the receipt.
    await c.intent({ type: 'start' });
    await c.intent({ type: 'method', method: 'nik' });
    await c.intent({ type: 'submitLogin', nik: NIK, pin: citizen.loginPin });
    await untilScreen(c, 'documents', 10_000);
    await c.intent({ type: 'choose', applicationId: citizen.applicationId });
    await untilScreen(c, 'proof');
    await c.intent({ type: 'submitPin', pin: citizen.pin });
    await untilScreen(c, 'confirm', 10_000);
    await c.intent({ type: 'confirm' });
    await untilScreen(c, 'take-document', 30_000);
    await c.intent({ type: 'finish' });
    await c.intent({ type: 'dismiss' });
    await untilScreen(c, 'attract');
    expect(kiosk.log.redactor.size).toBe(0);

    // 3. The same citizen again, and the journey crashes (an adapter hands over no device status
    //    at all) with them signed in: no `journey.ended` comes, their names must go all the same.
    await c.intent({ type: 'start' });
    await c.intent({ type: 'method', method: 'nik' });
    await c.intent({ type: 'submitLogin', nik: NIK, pin: citizen.loginPin });
    await untilScreen(c, 'documents', 10_000);
    expect(kiosk.log.redactor.size).toBeGreaterThan(3);
    (kiosk.journey.host as unknown as { send(e: unknown): void }).send({ type: 'kiosk.status', status: null });
    await untilScreen(c, 'attract');
    expect(lines.some((l) => l.includes('"journey.crashed"'))).toBe(true);
    expect(kiosk.log.redactor.size).toBe(0);
    await c.close();

    // 4. A technician: a service message and a resolve note with the NIK in them, then an export.
    const api = new MaintenanceApi(dev.base);
    expect((await api.signIn(PIN)).status).toBe(200);
    expect(await api.post('service', { outOfService: true, messageId: `Maaf, NIK ${forms.fullWidth} dan ${forms.spaced}: datang besok`, messageEn: `Sorry ${forms.dashed}` })).toMatchObject({ status: 200 });
    const ledger = new PrintLedger(kiosk.store.db);
    const row = ledger.create({ applicationId: 'KK-UNKNOWN-1', documentType: 'kk', subjectRef: 'keyed-ref', printer: 'a4' });
    if (!row.ok) throw new Error(row.error.message);
    ledger.markRendered(row.value.id, 1);
    ledger.markSubmitting(row.value.id, 'ipp://127.0.0.1/ipp/print', `adm-${row.value.id}`);
    ledger.markSubmitted(row.value.id, 7);
    ledger.markUnknown(row.value.id, 'the printer restarted');
    expect(await api.post('prints/resolve', { ledgerId: row.value.id, decision: 'not_printed', note: `warga nik ${forms.dotted} tidak dapat dokumen` })).toMatchObject({ status: 200 });
    const exported = await api.post<{ path: string }>('export', { target: 'file' });
    expect(exported.status).toBe(200);
    await api.post('leave');
    await new Promise((r) => setTimeout(r, 1500)); // one more telemetry

    // 5. The search.
    const hh = household();
    const scan = leakScanner(hh.niks, hh.names);
    const places: Record<string, string> = { logs: lines.join('') };
    const db = kiosk.store.db;
    for (const t of db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as Array<{ name: string }>) {
      places[`db:${t.name}`] = JSON.stringify(db.prepare(`SELECT * FROM "${t.name}"`).all());
    }
    for (const [name, body] of await unpack(exported.body.path)) places[`export:${name}`] = body.toString('utf8');
    for (const m of fleet.messages) places[`fleet:${m.topic}`] = `${places[`fleet:${m.topic}`] ?? ''}\n${m.text}`;
    const receipts = kiosk.simulators.receiptPrinter?.receipts() ?? [];
    expect(receipts.length).toBeGreaterThan(0);
    places.receipts = JSON.stringify(receipts.map((r) => ({ lines: r.lines, qr: r.qrCodes })));
    for (const f of readdirSync(dir.path)) if (/\.(txt|json|jsonl|log)$/.test(f)) places[`file:${f}`] = (await import('node:fs')).readFileSync(join(dir.path, f), 'utf8');

    expect(hh.names.length).toBeGreaterThan(2);
    expect(Object.keys(places).some((k) => k.startsWith('fleet:') && k.endsWith('/telemetry'))).toBe(true);
    const hits = Object.entries(places).flatMap(([where, text]) => scan(text).map((what) => `${where}: ${what}`));
    expect(hits).toEqual([]);

    // The telemetry carried the audit chain's head, as the export's last row has it.
    const telemetry = fleet.messages.filter((m) => m.topic.endsWith('/telemetry')).at(-1)?.json as { auditHead?: { seq: number; mac: string } | null };
    expect(telemetry.auditHead).toEqual(kiosk.store.db.prepare('SELECT seq, mac FROM audit_log ORDER BY seq DESC LIMIT 1').get());
  }, 120_000);
});
