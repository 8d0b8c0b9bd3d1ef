import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Registry, RegistryError } from '../../../core/registry.ts';
import type { Result } from '../../../core/result.ts';
import { demoSet, type DemoEntry } from '../../../kiosk/registry/demo/demo-set.ts';
import { demoOldQr } from '../../../kiosk/registry/demo/demo-old-kk.ts';
import { makeSeal, openSeal, sealSignatureValid } from '../../../kiosk/documents/seal/node-seal.ts';
import { verifySealText } from '../../../kiosk/documents/verify.ts';
import { sampleKey } from '../../../kiosk/documents/sample/office.ts';
import { simulatedTrustList } from '../../../kiosk/registry/trust-list.ts';
import { addDays } from '../../../kiosk/registry/identifiers/dates.ts';

export interface ContractSubject {
  registry: Registry;
  /** The day the registry was seeded (the demo's moving dates hang on it). */
  today: string;
  close(): Promise<void>;
}

function errorOf<T>(r: Result<T, RegistryError>): RegistryError {
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.value).slice(0, 200)}`);
  return r.error;
}

function valueOf<T>(r: Result<T, RegistryError>): T {
  if (!r.ok) throw new Error(`expected a value, got ${r.error.code}: ${r.error.message}`);
  return r.value;
}

/**
 * The one contract every `Registry` implementation passes: the embedded SQLite registry, and the
 * HTTP adapter talking to `adm registry serve`. Each test uses its own demo documents, so the
 * order of tests does not matter.
 */
export function registryContract(name: string, setup: () => Promise<ContractSubject>): void {
  describe(`Registry contract: ${name}`, () => {
    let s: ContractSubject;
    let demo: DemoEntry[];
    const entry = (applicationId: string): DemoEntry => {
      const e = demo.find((d) => d.applicationId === applicationId);
      if (!e) throw new Error(`no demo entry ${applicationId}`);
      return e;
    };
    const r = () => s.registry;

    beforeAll(async () => {
      s = await setup();
      demo = demoSet(s.today);
    });
    afterAll(async () => {
      await s?.close();
    });

    it('answers a ping and lists the offices with their public keys', async () => {
      valueOf(await r().ping());
      const offices = valueOf(await r().offices());
      expect(offices.map((o) => o.code)).toContain('3506');
      expect(offices.every((o) => o.publicKey.length > 40 && !('privateKey' in o))).toBe(true);
    });

    it('finds a registered citizen by NIK, with their current KK', async () => {
      const budi = entry('KK-3506-900001');
      const c = valueOf(await r().findByNik(budi.nik));
      expect(c.person.name).toBe('BUDI SANTOSO');
      expect(c.person.sex).toBe('LAKI-LAKI');
      expect(c.kkNumber).toBe(budi.documentNumber);
      expect(c.person.photo?.[0]).toBe(0xff); // a JPEG
    });

    it('refuses malformed NIKs as invalid_request, naming the problem', async () => {
      const cases: Array<[string, string]> = [
        ['350614120384900', 'length'],
        ['35061412038490011', 'length'],
        ['3506141203849O01', 'not_digits'],
        ['3506143203849001', 'bad_day'],
        ['3506143102849001', 'impossible_date'],
        ['3506147102849001', 'impossible_date'], // a woman's day 71 = 31 February
        ['9906141203849001', 'unknown_province'],
        ['3599141203849001', 'unknown_regency'],
      ];
      for (const [nik, reason] of cases) {
        const e = errorOf(await r().findByNik(nik));
        expect(e.code, nik).toBe('invalid_request');
        expect(e.reason, nik).toBe(reason);
      }
    });

    it('tells an unregistered citizen from an unknown NIK', async () => {
      const bagus = demo.find((d) => d.expect === 'not_registered') as DemoEntry;
      expect(errorOf(await r().findByNik(bagus.nik)).code).toBe('not_registered');
      expect(errorOf(await r().findByNik('3506141203840999')).code).toBe('not_found');
    });

    it('signs in with NIK + login PIN, and locks the login after 3 wrong PINs', async () => {
      const joko = entry('KK-3506-900025'); // Joko, whose old KK the divorce superseded
      valueOf(await r().signInWithPin(joko.nik, joko.loginPin as string));
      expect(errorOf(await r().signInWithPin(joko.nik, '000001'))).toMatchObject({ code: 'wrong_pin', attemptsLeft: 2 });
      expect(errorOf(await r().signInWithPin(joko.nik, '000002'))).toMatchObject({ code: 'wrong_pin', attemptsLeft: 1 });
      const locked = errorOf(await r().signInWithPin(joko.nik, '000003'));
      expect(locked.code).toBe('locked');
      expect(Date.parse(locked.lockedUntil as string)).toBeGreaterThan(Date.now());
      expect(errorOf(await r().signInWithPin(joko.nik, joko.loginPin as string)).code).toBe('locked');
      expect(errorOf(await r().signInWithPin(joko.nik, '12345')).code).toBe('invalid_request');
    });

    it('signs in with the QR from the SMS, and refuses a forged one', async () => {
      const al = entry('AL-3506-900004');
      const c = valueOf(await r().signInWithQr(al.qrText as string));
      expect(c.person.nik).toBe(al.nik);
      const forged = (al.qrText as string).replace(/:[^:]+$/, ':AAAAAAAAAAAAAAAAAAAAAA');
      expect(errorOf(await r().signInWithQr(forged)).code).toBe('not_found');
      expect(errorOf(await r().signInWithQr('https://example.invalid/not-ours')).code).toBe('invalid_request');
    });

    it('lists ready, not-yet-printable and in-progress documents with their dates', async () => {
      const budi = entry('KK-3506-900001');
      const list = valueOf(await r().listDocuments(budi.nik, s.today));
      const byId = new Map(list.map((l) => [l.application.id, l]));
      expect(byId.get('KK-3506-900001')?.kind).toBe('ready');
      expect(byId.get('KIA-3506-900003')?.kind).toBe('ready');
      const inProgress = byId.get('KTP-3506-900005');
      expect(inProgress).toMatchObject({ kind: 'in-progress', expectedOn: addDays(s.today, 7) });
      expect(list.some((l) => l.application.status === 'printed' || l.application.status === 'superseded')).toBe(false);
      expect(list.map((l) => l.kind)).toEqual([...list.map((l) => l.kind)].sort((a, b) => ['ready', 'not-yet', 'in-progress'].indexOf(a) - ['ready', 'not-yet', 'in-progress'].indexOf(b)));

      const sekar = entry('KTP-3506-900009');
      const student = valueOf(await r().listDocuments(sekar.nik, s.today));
      expect(student).toEqual([expect.objectContaining({ kind: 'not-yet', printableFrom: sekar.date })]);
      // On the 17th birthday the same KTP-el lists as ready.
      const later = valueOf(await r().listDocuments(sekar.nik, sekar.date as string));
      expect(later[0]?.kind).toBe('ready');
    });

    it('claims with the PIN: a signed print package; the same ledger id again gets the same package', async () => {
      const kk = entry('KK-3506-900001');
      const req = { applicationId: kk.applicationId, ledgerId: 'L-contract-kk-1', nik: kk.nik, proof: { kind: 'pin' as const, pin: kk.pin as string }, kioskId: 'ADM-TEST-1' };
      const pkg = valueOf(await r().claim(req));
      expect(pkg.ledgerId).toBe(req.ledgerId);
      expect(pkg.content.type).toBe('kk');
      if (pkg.content.type !== 'kk') throw new Error('not a KK');
      expect(pkg.content.family.kkNumber).toBe(kk.documentNumber);
      expect(pkg.content.members.map((m) => m.name)).toContain('AHMAD RIZKY SANTOSO');
      const office = valueOf(await r().offices()).find((o) => o.code === pkg.signature.fields.officeCode);
      expect(office).toBeDefined();
      const sealed = openSeal(pkg.signature.seal);
      if (!sealed.ok) throw new Error(sealed.error.message);
      expect(sealSignatureValid(sealed.value, office?.publicKey ?? '')).toBe(true);
      // The seal carries the content: every member's name, as the registry handed it over.
      expect(sealed.value.payload.body.type === 'kk' && sealed.value.payload.body.members.map((m) => m.name)).toEqual(pkg.content.members.map((m) => m.name));
      expect(verifySealText(pkg.signature.seal, simulatedTrustList().list).ok).toBe(true);

      const again = valueOf(await r().claim(req));
      expect(again.signature).toEqual(pkg.signature);
      expect(errorOf(await r().claim({ ...req, ledgerId: 'L-contract-kk-2' })).code).toBe('already_claimed');

      valueOf(await r().confirmPrinted(kk.applicationId, req.ledgerId));
      valueOf(await r().confirmPrinted(kk.applicationId, req.ledgerId)); // a repeated confirm is fine
      expect(errorOf(await r().claim({ ...req, ledgerId: 'L-contract-kk-3' })).code).toBe('already_claimed');
      expect(errorOf(await r().release(kk.applicationId, req.ledgerId, 'too late')).code).toBe('already_claimed');
      const listed = valueOf(await r().listDocuments(kk.nik, s.today));
      expect(listed.some((l) => l.application.id === kk.applicationId)).toBe(false);
      expect(valueOf(await (r().claimStatus?.(kk.applicationId, req.ledgerId) ?? Promise.reject(new Error('no claimStatus'))))).toMatchObject({ state: 'printed' });
    });

    it('releases a claim (the entitlement goes back) and refuses to confirm it afterwards', async () => {
      const ktp = entry('KTP-3506-900002');
      const req = { applicationId: ktp.applicationId, ledgerId: 'L-contract-rel-1', nik: ktp.nik, proof: { kind: 'pin' as const, pin: ktp.pin as string }, kioskId: 'ADM-TEST-1' };
      valueOf(await r().claim(req));
      valueOf(await r().release(ktp.applicationId, req.ledgerId, 'printer jammed before printing'));
      valueOf(await r().release(ktp.applicationId, req.ledgerId, 'again')); // idempotent
      expect(errorOf(await r().confirmPrinted(ktp.applicationId, req.ledgerId)).code).toBe('not_claimed');
      expect(errorOf(await r().confirmPrinted(ktp.applicationId, 'L-never-claimed')).code).toBe('not_claimed');
      // The entitlement is back: a new ledger id can claim it.
      const pkg = valueOf(await r().claim({ ...req, ledgerId: 'L-contract-rel-2' }));
      expect(pkg.content.type).toBe('ktp');
      expect(valueOf(await (r().claimStatus?.(ktp.applicationId, 'L-contract-rel-1') ?? Promise.reject(new Error('no claimStatus'))))).toMatchObject({ state: 'released' });
    });

    it('fences claims by ledger id: a release leaves a tombstone, so a claim that arrives after it, or again, is refused', async () => {
      const kk = entry('KK-3506-900007');
      const req = (ledgerId: string) => ({ applicationId: kk.applicationId, ledgerId, nik: kk.nik, proof: { kind: 'pin' as const, pin: kk.pin as string }, kioskId: 'ADM-TEST-1' });
      const status = (ledgerId: string) => r().claimStatus?.(kk.applicationId, ledgerId) ?? Promise.reject(new Error('no claimStatus'));
      // The kiosk gave up on a claim whose answer was lost and released it before the claim arrived.
      valueOf(await r().release(kk.applicationId, 'L-fence-late', 'registry did not answer the claim'));
      expect(valueOf(await status('L-fence-late'))).toMatchObject({ state: 'released' });
      expect(errorOf(await r().claim(req('L-fence-late')))).toMatchObject({ code: 'invalid_request', reason: 'ledger_released' });
      // The document is still free for a new ledger id.
      valueOf(await r().claim(req('L-fence-1')));
      valueOf(await r().release(kk.applicationId, 'L-fence-1', 'nothing came out'));
      // A retried claim of a released ledger id never re-takes the document.
      expect(errorOf(await r().claim(req('L-fence-1')))).toMatchObject({ code: 'invalid_request', reason: 'ledger_released' });
      expect(valueOf(await status('L-fence-1'))).toMatchObject({ state: 'released' });
      valueOf(await r().claim(req('L-fence-2')));
      expect(valueOf(await status('L-fence-2'))).toMatchObject({ state: 'claimed' });
      valueOf(await r().release(kk.applicationId, 'L-fence-2', 'cleanup'));
    });

    it('lists a document whose print was never confirmed as held since the claim day, not ready, until it is released', async () => {
      const kia = entry('KIA-3506-900003');
      const listed = async () => valueOf(await r().listDocuments(kia.nik, s.today)).find((l) => l.application.id === kia.applicationId);
      expect(await listed()).toMatchObject({ kind: 'ready' });
      valueOf(await r().claim({ applicationId: kia.applicationId, ledgerId: 'L-held-1', nik: kia.nik, proof: { kind: 'pin', pin: kia.pin as string }, kioskId: 'ADM-TEST-1' }));
      expect(await listed()).toMatchObject({ kind: 'held', since: s.today });
      valueOf(await r().release(kia.applicationId, 'L-held-1', 'technician: nothing came out'));
      expect(await listed()).toMatchObject({ kind: 'ready' });
    });

    it('counts wrong document PINs and locks the document after 3, even for the right PIN', async () => {
      const ktp = entry('KTP-3506-900010');
      const req = (pin: string, ledgerId = 'L-contract-lock') => ({ applicationId: ktp.applicationId, ledgerId, nik: ktp.nik, proof: { kind: 'pin' as const, pin }, kioskId: 'ADM-TEST-1' });
      expect(errorOf(await r().claim(req('111111')))).toMatchObject({ code: 'wrong_pin', attemptsLeft: 2 });
      // The same wrong PIN again (a retry, or the citizen retyping it) costs nothing more.
      expect(errorOf(await r().claim(req('111111')))).toMatchObject({ code: 'wrong_pin', attemptsLeft: 2 });
      expect(errorOf(await r().claim(req('222222', 'L-other')))).toMatchObject({ code: 'wrong_pin', attemptsLeft: 1 });
      expect(errorOf(await r().claim(req('333333')))).toMatchObject({ code: 'locked', attemptsLeft: 0 });
      expect(errorOf(await r().claim(req(ktp.pin as string))).code).toBe('locked');
      const listed = valueOf(await r().listDocuments(ktp.nik, s.today)).find((l) => l.application.id === ktp.applicationId);
      expect(listed?.application.status).toBe('locked');
    });

    it('claims with the QR instead of the PIN; a QR of another document counts as a wrong try', async () => {
      const kk = entry('KK-3506-900011');
      const other = entry('KTP-3506-900008');
      const base = { applicationId: kk.applicationId, nik: kk.nik, kioskId: 'ADM-TEST-2' };
      expect(errorOf(await r().claim({ ...base, ledgerId: 'L-qr-0', proof: { kind: 'qr', text: other.qrText as string } }))).toMatchObject({ code: 'wrong_pin', attemptsLeft: 2 });
      const pkg = valueOf(await r().claim({ ...base, ledgerId: 'L-qr-1', proof: { kind: 'qr', text: kk.qrText as string } }));
      expect(pkg.application.id).toBe(kk.applicationId);
    });

    it('refuses documents that cannot print: not yet 17, still in progress, superseded, someone else\'s', async () => {
      const sekar = entry('KTP-3506-900009');
      const e1 = errorOf(await r().claim({ applicationId: sekar.applicationId, ledgerId: 'L-x1', nik: sekar.nik, proof: { kind: 'pin', pin: sekar.pin as string }, kioskId: 'K' }));
      expect(e1).toMatchObject({ code: 'not_printable_yet', printableFrom: sekar.date });
      const prog = entry('KTP-3506-900005');
      const e2 = errorOf(await r().claim({ applicationId: prog.applicationId, ledgerId: 'L-x2', nik: prog.nik, proof: { kind: 'pin', pin: '123456' }, kioskId: 'K' }));
      expect(e2).toMatchObject({ code: 'not_ready', expectedOn: prog.date });
      const old = demo.find((d) => d.expect === 'superseded') as DemoEntry;
      expect(errorOf(await r().claim({ applicationId: old.applicationId, ledgerId: 'L-x3', nik: old.nik, proof: { kind: 'pin', pin: '123456' }, kioskId: 'K' })).code).toBe('superseded');
      const kartini = entry('AM-3506-900006');
      const budi = entry('KK-3506-900001');
      expect(errorOf(await r().claim({ applicationId: kartini.applicationId, ledgerId: 'L-x4', nik: budi.nik, proof: { kind: 'pin', pin: kartini.pin as string }, kioskId: 'K' })).code).toBe('not_found');
      expect(errorOf(await r().claim({ applicationId: kartini.applicationId, ledgerId: 'bad ledger id!', nik: kartini.nik, proof: { kind: 'pin', pin: kartini.pin as string }, kioskId: 'K' })).code).toBe('invalid_request');
    });

    it('verifies document QRs: the old KK from before the divorce is superseded, the new one active, a forgery invalid', async () => {
      const old = demoOldQr(s.today);
      const verify = r().verifyDocument?.bind(r());
      if (!verify) throw new Error('verifyDocument missing');
      expect(valueOf(await verify(old.seal))).toMatchObject({ signatureValid: true, status: 'superseded' });
      expect(valueOf(await r().documentState('kk', old.fields.number))).toMatchObject({ status: 'superseded', supersededBy: expect.stringMatching(/^\d{16}$/) });
      const rina = entry('KK-3506-900011');
      expect(valueOf(await r().documentState('kk', rina.documentNumber)).status).toBe('active');
      // Another office's key cannot pass for 3506's: the registry checks with the key it holds.
      const foreign = openSeal(old.seal);
      if (!foreign.ok) throw new Error(foreign.error.message);
      const other = sampleKey('contract-forger');
      const forged = makeSeal({ ...foreign.value.payload, issuedOn: '2016-03-01' }, other.privateKey);
      expect(valueOf(await verify(forged)).signatureValid).toBe(false);
      expect(errorOf(await verify('ADM1:kk:not-a-seal')).code).toBe('invalid_request');
      expect(valueOf(await r().documentState('kk', '3506141203840999')).status).toBe('unknown');
    });
  });
}
