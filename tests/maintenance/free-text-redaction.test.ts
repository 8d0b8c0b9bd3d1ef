import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MaintenanceApi } from './support/api.ts';
import { unpack } from './support/archive.ts';
import { startRig, TECH_PIN, type Rig } from './support/rig.ts';
import { leakScanner } from '../support/leak-scan.ts';

let rig: Rig;
let api: MaintenanceApi;
beforeAll(async () => {
  rig = await startRig({ devices: false });
  api = new MaintenanceApi(rig.url);
  expect((await api.signIn(TECH_PIN)).status).toBe(200);
});
afterAll(async () => rig?.close());

/** A print whose outcome nobody knows, waiting for the technician's look at the tray. */
function unknownPrint(): string {
  const row = rig.ledger.create({ applicationId: 'KK-3506-900001', documentType: 'kk', subjectRef: 'keyed-ref', printer: 'a4' });
  if (!row.ok) throw new Error(row.error.message);
  const id = row.value.id;
  rig.ledger.markRendered(id, 1);
  rig.ledger.markSubmitting(id, 'ipp://127.0.0.1/ipp/print', `adm-${id}`);
  rig.ledger.markSubmitted(id, 41);
  rig.ledger.markUnknown(id, 'the printer restarted and no longer knows job 41');
  return id;
}

describe('free text a technician types never keeps a citizen\'s NIK or name', () => {
  it('redacts a resolve note and a service message in the ledger, the audit trail, the notice, the logs and an export', async () => {
    const nik = rig.citizen.nik;
    const spaced = `${nik.slice(0, 4)} ${nik.slice(4, 8)} ${nik.slice(8, 12)} ${nik.slice(12)}`;
    const dotted = `${nik.slice(0, 2)}.${nik.slice(2, 4)}.${nik.slice(4, 6)}.${nik.slice(6, 12)}.${nik.slice(12)}`;
    const fullWidth = [...nik].map((d) => String.fromCharCode(0xff10 + Number(d))).join('');
    // The citizen is at the kiosk (their journey holds the name) while the technician writes.
    rig.log.redactor.remember(rig.citizen.name);
    const id = unknownPrint();
    const note = `dicek: ${rig.citizen.name.toLowerCase()} nik ${dotted} sudah terima`;
    expect(await api.post('prints/resolve', { ledgerId: id, decision: 'printed', note })).toMatchObject({ status: 200 });
    const message = `Maaf ${spaced} / ${fullWidth}: kembali besok`;
    expect(await api.post('service', { outOfService: true, messageId: message, messageEn: `Sorry ${nik.replace(/(\d{4})/g, '$1-')}` })).toMatchObject({ status: 200 });
    const exported = await api.post<{ path: string }>('export', { target: 'file' });
    expect(exported.status).toBe(200);
    rig.log.redactor.forget(rig.citizen.name);

    const scan = leakScanner([nik], [rig.citizen.name]);
    const audit = await api.get('audit?limit=50');
    const places: Record<string, string> = {
      auditApi: JSON.stringify(audit.body),
      notice: JSON.stringify((await api.get('notice')).body),
      ledger: JSON.stringify(rig.store.db.prepare('SELECT * FROM print_ledger').all()),
      database: (rig.store.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as Array<{ name: string }>)
        .map((t) => JSON.stringify(rig.store.db.prepare(`SELECT * FROM "${t.name}"`).all()))
        .join('\n'),
      logs: JSON.stringify(rig.lines),
    };
    for (const [name, body] of await unpack(exported.body.path)) places[`export:${name}`] = body.toString();
    for (const [where, text] of Object.entries(places)) expect(scan(text), where).toEqual([]);
    // The note still says what the technician saw, with the NIK masked as everywhere else.
    expect(places.auditApi).toContain('3506********');
    expect((audit.body as { verification: { ok: boolean } }).verification.ok).toBe(true);
  });
});
