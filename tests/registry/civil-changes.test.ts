import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EmbeddedRegistry } from '../../kiosk/registry/embedded/embedded-registry.ts';
import { recordDeath, recordDivorce, recordMove, type ChangeOutcome } from '../../kiosk/registry/embedded/civil-changes.ts';
import { demoNik, demoPeople, DEMO_NUMBERS, DEMO_ADDRESSES } from '../../kiosk/registry/demo/demo-set.ts';
import { buildContent, signDocument } from '../../kiosk/registry/embedded/content.ts';
import { officeByCode } from '../../kiosk/registry/embedded/rows.ts';
import type { Result } from '../../core/result.ts';
import type { RegistryError } from '../../core/registry.ts';
import type { DocumentType } from '../../core/domain.ts';
import { openOrThrow, seededFile } from './helpers/seeded.ts';

let reg: EmbeddedRegistry;
let today: string;
let cleanup: () => void;
let nik: (key: string) => string;

beforeEach(async () => {
  const s = await seededFile({ families: 0 });
  today = s.today;
  cleanup = s.cleanup;
  reg = openOrThrow({ path: s.path, hashCost: { N: 1024, r: 8, p: 1 } });
  const people = demoPeople(today);
  nik = (key) => demoNik(people[key] ?? (() => { throw new Error(key); })());
});
afterEach(async () => {
  await reg.close();
  cleanup();
});

function outcome(r: Result<ChangeOutcome, RegistryError>): ChangeOutcome {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

/** The QR fields a printed document of an earlier issue carries. */
function oldQr(type: DocumentType, number: string, subjectNik: string, issuedOn: string) {
  const office = officeByCode(reg.db, '3506');
  if (!office) throw new Error('no office');
  const built = buildContent(reg.db, type, number, office, issuedOn);
  if (!built.ok) throw new Error(built.error.message);
  return signDocument(built.content, number, subjectNik, 1, office);
}

async function verdict(sig: ReturnType<typeof oldQr>) {
  const r = await reg.verifyDocument(sig.seal);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('civil status changes supersede the old KK and KTP-el, and issue new ones', () => {
  it('a divorce from the court decision: new KK numbers for both, KTP-el with CERAI HIDUP, the old QRs superseded', async () => {
    const budi = nik('budi');
    const siti = nik('siti');
    const out = outcome(await recordDivorce(reg, { husbandNik: budi, wifeNik: siti, decisionNumber: '77/Pdt.G/2026/PA.Kab.Kdr', decisionDate: today, childrenWith: 'wife' }));
    const kinds = out.issued.map((d) => `${d.type}:${d.subjectNik === budi ? 'budi' : d.subjectNik === siti ? 'siti' : 'child'}`).sort();
    expect(kinds).toEqual(['kia:child', 'kk:budi', 'kk:siti', 'ktp:budi', 'ktp:siti'].sort());
    expect(out.superseded).toContain(DEMO_NUMBERS.kkA);

    // The old KK and Budi's KTP-el printed in 2012 now verify as superseded.
    expect(await verdict(oldQr('kk', DEMO_NUMBERS.kkA, budi, '2026-10-05'))).toMatchObject({ signatureValid: true, status: 'superseded' });
    expect(await verdict(oldQr('ktp', budi, budi, '2012-06-11'))).toMatchObject({ signatureValid: true, status: 'superseded' });
    expect(await reg.documentState('kk', DEMO_NUMBERS.kkA)).toMatchObject({ ok: true, value: { status: 'superseded' } });

    // Siti's ready KTP-el of before is gone; the new one prints with the PIN the SMS carries.
    expect(await reg.claim({ applicationId: 'KTP-3506-900002', ledgerId: 'L-old', nik: siti, proof: { kind: 'pin', pin: '400202' }, kioskId: 'K' })).toMatchObject({ ok: false, error: { code: 'superseded' } });
    const newKtp = out.issued.find((d) => d.type === 'ktp' && d.subjectNik === siti);
    if (!newKtp) throw new Error('no new KTP');
    const pkg = await reg.claim({ applicationId: newKtp.applicationId, ledgerId: 'L-new', nik: siti, proof: { kind: 'qr', text: newKtp.qrText }, kioskId: 'K' });
    if (!pkg.ok || pkg.value.content.type !== 'ktp') throw new Error('claim failed');
    expect(pkg.value.content.person.maritalStatus).toBe('CERAI HIDUP');
    expect(pkg.value.content.issuedOn).toBe(today);
    // And the new issue is the active one.
    expect(await verdict(pkg.value.signature)).toMatchObject({ status: 'active' });

    // The children went with Siti: her new KK lists them, headed by her.
    const sitiKk = out.issued.find((d) => d.type === 'kk' && d.subjectNik === siti);
    const kk = reg.renderPackage('kk', sitiKk?.documentNumber ?? '', today);
    if (!kk.ok || kk.value.content.type !== 'kk') throw new Error('no KK');
    expect(kk.value.content.members.map((m) => `${m.name}/${m.relation}`)).toEqual(['SITI AMINAH/KEPALA KELUARGA', 'DEWI ANGGRAINI/ANAK', 'AHMAD RIZKY SANTOSO/ANAK']);
    // The KTP-el claimed above to look at its package is given back (an unconfirmed claim is listed as held).
    expect(await reg.release(newKtp.applicationId, 'L-new', 'package inspected, not printed')).toEqual({ ok: true, value: undefined });
    const listed = await reg.listDocuments(siti, today);
    expect(listed.ok && listed.value.filter((l) => l.kind === 'ready').map((l) => l.application.type).sort()).toEqual(['akta-lahir', 'kia', 'kk', 'ktp']);
  });

  it('the death of a head of family: akta kematian for the reporter, a new KK headed by the widow, her KTP-el CERAI MATI', async () => {
    const hendro = nik('hendro');
    const ratna = nik('ratna');
    const out = outcome(await recordDeath(reg, { nik: hendro, dateOfDeath: today, placeOfDeath: 'KEDIRI', reporterNik: ratna }));
    const akta = out.issued.find((d) => d.type === 'akta-mati');
    expect(akta?.documentNumber).toMatch(/^3506-KM-\d{8}-0001$/);
    expect(akta?.applicantNik).toBe(ratna);
    expect(await reg.findByNik(hendro)).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringContaining('deceased') } });
    expect(await verdict(oldQr('ktp', hendro, hendro, '2012-05-14'))).toMatchObject({ status: 'superseded', supersededBy: akta?.documentNumber });
    const newKk = out.issued.find((d) => d.type === 'kk');
    expect(newKk?.documentNumber).not.toBe(DEMO_NUMBERS.kkB);
    expect(newKk?.subjectNik).toBe(ratna);
    const ktp = out.issued.find((d) => d.type === 'ktp' && d.subjectNik === ratna);
    const pkg = await reg.claim({ applicationId: ktp?.applicationId ?? '', ledgerId: 'L-1', nik: ratna, proof: { kind: 'pin', pin: ktp?.pin ?? '' }, kioskId: 'K' });
    expect(pkg.ok && pkg.value.content.type === 'ktp' && pkg.value.content.person.maritalStatus).toBe('CERAI MATI');
    // The 16-year-old's early KTP-el is not touched by her father's death.
    expect(out.issued.some((d) => d.subjectNik === nik('sekar'))).toBe(false);
    const claimAkta = await reg.claim({ applicationId: akta?.applicationId ?? '', ledgerId: 'L-2', nik: ratna, proof: { kind: 'pin', pin: akta?.pin ?? '' }, kioskId: 'K' });
    expect(claimAkta.ok && claimAkta.value.content.type === 'akta-mati' && claimAkta.value.content.death.name).toBe('HENDRO WIBOWO');
    expect(await recordDeath(reg, { nik: hendro, dateOfDeath: today, placeOfDeath: 'KEDIRI', reporterNik: ratna })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('the death of another member: the same KK number re-issued without them; the printed one superseded', async () => {
    const out = outcome(await recordDeath(reg, { nik: nik('sumiati'), dateOfDeath: today, placeOfDeath: 'KEDIRI', reporterNik: nik('budi') }));
    const kk = out.issued.find((d) => d.type === 'kk');
    expect(kk?.documentNumber).toBe(DEMO_NUMBERS.kkA);
    expect(out.superseded).toContain('KK-3506-900001');
    expect(await verdict(oldQr('kk', DEMO_NUMBERS.kkA, nik('budi'), '2026-10-05'))).toMatchObject({ status: 'superseded' });
    const r = reg.renderPackage('kk', DEMO_NUMBERS.kkA, today);
    expect(r.ok && r.value.content.type === 'kk' && r.value.content.members.map((m) => m.name)).not.toContain('SUMIATI');
    expect(r.ok && r.value.signature.fields.issuedOn).toBe(today);
  });

  it('a move to another regency: a new KK in the new region, cards re-issued, the early KTP-el still printable only from 17', async () => {
    const address = { ...DEMO_ADDRESSES.B, street: 'JL. KALIMANTAN NO. 3', village: 'SUKOREJO', district: 'SUKOREJO', regency: 'KOTA BLITAR', postalCode: '66121', regionCode: '357201' };
    const out = outcome(await recordMove(reg, { kkNumber: DEMO_NUMBERS.kkB, newAddress: address }));
    const kk = out.issued.find((d) => d.type === 'kk');
    expect(kk?.documentNumber.startsWith('357201')).toBe(true);
    const sekar = out.issued.find((d) => d.type === 'ktp' && d.subjectNik === nik('sekar'));
    expect(sekar).toBeDefined();
    const c = await reg.claim({ applicationId: sekar?.applicationId ?? '', ledgerId: 'L-s', nik: nik('sekar'), proof: { kind: 'pin', pin: sekar?.pin ?? '' }, kioskId: 'K' });
    expect(c).toMatchObject({ ok: false, error: { code: 'not_printable_yet' } });
    expect(await reg.documentState('kk', DEMO_NUMBERS.kkB)).toMatchObject({ ok: true, value: { status: 'superseded', supersededBy: kk?.documentNumber } });
    expect(reg.findPerson(nik('hendro'))?.address.regionCode).toBe('357201');
    expect(await recordMove(reg, { kkNumber: DEMO_NUMBERS.kkB, newAddress: address })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await recordMove(reg, { kkNumber: kk?.documentNumber ?? '', newAddress: { ...address, regionCode: '110101' } })).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringContaining('office') } });
  });
});
