import type { Database } from 'better-sqlite3';
import { err, ok, type Result } from '../../../core/result.ts';
import type { RegistryError } from '../../../core/registry.ts';
import type { Address, DocumentType, Family, FamilyMember, IsoDate, MaritalStatus } from '../../../core/domain.ts';
import { addYears, ddmmyy, isIsoDate } from '../identifiers/dates.ts';
import { makeAktaNumber } from '../identifiers/akta-number.ts';
import { placeName } from '../identifiers/regions.ts';
import { applicationId } from '../seed/population.ts';
import type { EmbeddedRegistry } from './embedded-registry.ts';
import { hashSecret, newPin, newQrSecret, qrText } from './secrets.ts';
import {
  activeFamilyOf, familyByKk, insertApplication, insertDeath, insertFamily, officeByCode, personByNik, reissueFamily, supersedeFamily, updatePerson,
} from './rows.ts';

/** A document issued by a civil status change, with the PIN and QR the citizen receives by SMS. */
export interface IssuedDocument {
  applicationId: string;
  type: DocumentType;
  documentNumber: string;
  subjectNik: string;
  applicantNik: string;
  pin: string;
  qrText: string;
}

export interface ChangeOutcome {
  /** Application ids and KK numbers that are no longer current. */
  superseded: string[];
  issued: IssuedDocument[];
}

/** Chooses the PIN and QR secret of a newly issued document; the demo set fixes them, otherwise random. */
export type CredentialChooser = (doc: { type: DocumentType; subjectNik: string; applicationId: string }) => { pin: string; qrSecret: string } | undefined;

export interface DivorceInput {
  husbandNik: string;
  wifeNik: string;
  /** Putusan Pengadilan Agama (or Pengadilan Negeri) number, e.g. `1234/Pdt.G/2026/PA.Kdr`. */
  decisionNumber: string;
  decisionDate: IsoDate;
  /** Who the children of the KK go with. */
  childrenWith: 'husband' | 'wife';
  /** The address of the spouse who leaves; the old address when omitted. */
  newAddress?: Address;
}

export interface DeathInput {
  nik: string;
  dateOfDeath: IsoDate;
  placeOfDeath: string;
  /** The relative who reported it (pelapor): the akta kematian is theirs to print. */
  reporterNik: string;
}

export interface MoveInput {
  kkNumber: string;
  newAddress: Address;
}

type Plan = {
  kind: 'divorce' | 'death' | 'move';
  reference: string;
  /** Writes the person/family changes; returns the families whose KK must be issued anew and people whose cards change. */
  apply(db: Database): { familiesToIssue: Family[]; supersededKk: Array<{ kk: string; by: string }>; ktpChanged: string[]; kiaChanged: string[]; deceased: string[]; extra: PendingDoc[] };
};

interface PendingDoc { type: DocumentType; subjectNik: string; applicantNik: string; ownerNiks: string[]; documentNumber: string; officeCode: string }

const fail = (code: RegistryError['code'], message: string) => err<RegistryError>({ code, message });

function nextKk(db: Database, region6: string, on: IsoDate): string {
  const prefix = `${region6}${ddmmyy(on)}`;
  const row = db.prepare('SELECT max(kk_number) AS m FROM families WHERE kk_number LIKE ?').get(`${prefix}%`) as { m: string | null };
  const serial = row.m === null ? 1 : Number(row.m.slice(12)) + 1;
  return `${prefix}${String(serial).padStart(4, '0')}`;
}

function nextAkta(db: Database, region4: string, on: IsoDate): string {
  const probe = makeAktaNumber(region4, 'KM', on, 1).slice(0, -4);
  const row = db.prepare("SELECT max(substr(akta_number, -4)) AS m FROM (SELECT akta_number FROM deaths UNION ALL SELECT akta_number FROM births) WHERE substr(akta_number, 1, 4) = ? AND substr(akta_number, 9, 8) = ?")
    .get(region4, probe.slice(8, 16)) as { m: string | null };
  return makeAktaNumber(region4, 'KM', on, row.m === null ? 1 : Number(row.m) + 1);
}

function nextApplicationId(registry: EmbeddedRegistry, type: DocumentType, region4: string): string {
  const serial = Number(registry.meta('application_serial') ?? '0') + 1;
  registry.setMeta('application_serial', String(serial));
  return applicationId(type, region4, serial);
}

/** Current issues (not superseded, not printed-over) of a document type for a number. */
function supersedeDocuments(db: Database, type: DocumentType, number: string, by: string, at: string): string[] {
  const rows = db.prepare("SELECT id FROM applications WHERE type = ? AND document_number = ? AND status IN ('submitted', 'approved', 'ready', 'printed', 'locked')")
    .all(type, number) as Array<{ id: string }>;
  const upd = db.prepare("UPDATE applications SET status = 'superseded', superseded_by = ?, claimed_ledger_id = CASE WHEN status = 'ready' THEN NULL ELSE claimed_ledger_id END, updated_at = ? WHERE id = ?");
  for (const r of rows) upd.run(by, at, r.id);
  return rows.map((r) => r.id);
}

const hasIssue = (db: Database, type: DocumentType, nik: string): boolean =>
  db.prepare("SELECT 1 FROM applications WHERE type = ? AND document_number = ? AND status IN ('submitted', 'approved', 'ready', 'printed', 'locked')").get(type, nik) !== undefined;

/**
 * Runs a civil status change: person and family records change, the old KK and the KTP-el/KIA whose
 * printed fields changed are superseded (their QR then verifies as superseded), and new ones are
 * issued ready to print with fresh PINs. Everything is written in one transaction.
 */
async function run(registry: EmbeddedRegistry, plan: Plan, today: IsoDate, choose?: CredentialChooser): Promise<Result<ChangeOutcome, RegistryError>> {
  const at = registry.nowIso();
  // Secrets are hashed outside the transaction (scrypt is slow). The first pass runs with no secrets
  // and rolls back, telling how many documents the change issues; the second pass has them ready.
  type Secret = { pin: string; qrSecret: string; pinHash: string; qrHash: string };
  const makeSecrets = (n: number) => Promise.all(Array.from({ length: n }, async (): Promise<Secret> => {
    const pin = newPin();
    const qrSecret = newQrSecret();
    return { pin, qrSecret, pinHash: await hashSecret(pin, { cost: registry.hashCost }), qrHash: await hashSecret(qrSecret, { cost: registry.hashCost }) };
  }));
  let pool: Secret[] = [];
  for (let pass = 0; ; pass++) {
    const r = runPass(registry, plan, today, at, pool);
    if (r.kind === 'done') return finish(registry, plan, r.superseded, r.issuedRows, pool, choose);
    if (r.kind === 'refused') return fail(r.code, r.message);
    if (pass >= 3) throw new Error('bug: a civil change keeps needing more documents than it said');
    pool = await makeSecrets(r.needed);
  }
}

type PassResult =
  | { kind: 'done'; superseded: string[]; issuedRows: Array<PendingDoc & { id: string }> }
  | { kind: 'needs'; needed: number }
  | { kind: 'refused'; code: RegistryError['code']; message: string };

class NeedsSecrets extends Error {
  constructor(readonly needed: number) {
    super(`needs ${needed} secrets`);
  }
}

function runPass(registry: EmbeddedRegistry, plan: Plan, today: IsoDate, at: string, pool: ReadonlyArray<{ pinHash: string; qrHash: string }>): PassResult {
  const { db } = registry;
  const pending: PendingDoc[] = [];
  let planned: ReturnType<Plan['apply']> | undefined;
  const superseded: string[] = [];
  const issuedRows: Array<PendingDoc & { id: string }> = [];
  try {
    db.transaction(() => {
      planned = plan.apply(db);
      for (const s of planned.supersededKk) {
        superseded.push(s.kk, ...supersedeDocuments(db, 'kk', s.kk, s.by, at));
      }
      for (const f of planned.familiesToIssue) {
        pending.push({ type: 'kk', subjectNik: f.headNik, applicantNik: f.headNik, ownerNiks: f.members.filter((m) => ['KEPALA KELUARGA', 'ISTRI', 'SUAMI'].includes(m.relation)).map((m) => m.nik), documentNumber: f.kkNumber, officeCode: f.address.regionCode.slice(0, 4) });
      }
      for (const nik of planned.deceased) {
        for (const t of ['ktp', 'kia'] as const) superseded.push(...supersedeDocuments(db, t, nik, plan.reference, at));
      }
      for (const [type, niks] of [['ktp', planned.ktpChanged], ['kia', planned.kiaChanged]] as const) {
        for (const nik of niks) {
          if (!hasIssue(db, type, nik)) continue;
          const person = personByNik(db, nik);
          const fam = activeFamilyOf(db, nik);
          if (!person || !fam) continue;
          const parents = fam.members.filter((m) => ['KEPALA KELUARGA', 'ISTRI', 'SUAMI'].includes(m.relation)).map((m) => m.nik);
          const doc: PendingDoc = { type, subjectNik: nik, applicantNik: type === 'ktp' ? nik : fam.headNik, ownerNiks: type === 'ktp' ? [nik] : [nik, ...parents], documentNumber: nik, officeCode: person.address.regionCode.slice(0, 4) };
          const id = nextApplicationId(registry, type, doc.officeCode);
          superseded.push(...supersedeDocuments(db, type, nik, id, at));
          issuedRows.push({ ...doc, id });
        }
      }
      pending.push(...planned.extra);
      for (const doc of pending) issuedRows.push({ ...doc, id: nextApplicationId(registry, doc.type, doc.officeCode) });
      if (issuedRows.length > pool.length) throw new NeedsSecrets(issuedRows.length);
      issuedRows.forEach((doc, i) => {
        if (!officeByCode(db, doc.officeCode)) throw new ChangeRefused('not_found', `no office ${doc.officeCode} signs documents for the new address`);
        const secret = pool[i] as (typeof pool)[number];
        insertApplication(db, {
          id: doc.id, type: doc.type, subjectNik: doc.subjectNik, applicantNik: doc.applicantNik, ownerNiks: doc.ownerNiks, documentNumber: doc.documentNumber,
          status: 'ready', submittedOn: today, expectedOn: null, printableFrom: printableFromFor(db, doc, today), issuedOn: today, officeCode: doc.officeCode,
          pinHash: secret.pinHash, qrHash: secret.qrHash,
        }, at);
      });
      db.prepare('INSERT INTO civil_changes (kind, recorded_on, reference, detail) VALUES (?, ?, ?, ?)').run(plan.kind, today, plan.reference, JSON.stringify({ superseded, issued: issuedRows.map((d) => d.id) }));
    })();
  } catch (e) {
    if (e instanceof ChangeRefused) return { kind: 'refused', code: e.code, message: e.message };
    if (e instanceof NeedsSecrets) return { kind: 'needs', needed: e.needed };
    throw e;
  }
  return { kind: 'done', superseded, issuedRows };
}

async function finish(
  registry: EmbeddedRegistry, plan: Plan, superseded: string[], issuedRows: Array<PendingDoc & { id: string }>,
  pool: ReadonlyArray<{ pin: string; qrSecret: string }>, choose?: CredentialChooser,
): Promise<Result<ChangeOutcome, RegistryError>> {
  const { db } = registry;
  const issued: IssuedDocument[] = [];
  for (const [i, doc] of issuedRows.entries()) {
    const chosen = choose?.({ type: doc.type, subjectNik: doc.subjectNik, applicationId: doc.id });
    const secret = chosen ?? (pool[i] as (typeof pool)[number]);
    if (chosen) {
      const [pinHash, qrHash] = await Promise.all([hashSecret(chosen.pin, { cost: registry.hashCost }), hashSecret(chosen.qrSecret, { cost: registry.hashCost })]);
      db.prepare('UPDATE applications SET pin_hash = ?, qr_hash = ? WHERE id = ?').run(pinHash, qrHash, doc.id);
    }
    issued.push({ applicationId: doc.id, type: doc.type, documentNumber: doc.documentNumber, subjectNik: doc.subjectNik, applicantNik: doc.applicantNik, pin: secret.pin, qrText: qrText(doc.id, secret.qrSecret) });
  }
  registry.log?.event('registry.superseded', { kind: plan.kind, superseded: superseded.length, issued: issued.length });
  return ok({ superseded, issued });
}

/** A re-issued KTP-el of someone not yet 17 (recorded early) still prints only from the 17th birthday. */
function printableFromFor(db: Database, doc: PendingDoc, today: IsoDate): IsoDate | null {
  if (doc.type !== 'ktp') return null;
  const p = personByNik(db, doc.subjectNik);
  if (!p) return null;
  const seventeen = addYears(p.birthDate, 17);
  return seventeen > today ? seventeen : null;
}

class ChangeRefused extends Error {
  constructor(readonly code: RegistryError['code'], message: string) {
    super(message);
  }
}

/** A divorce registered from the court's decision: both get a new KK number and a KTP-el with CERAI HIDUP. */
export async function recordDivorce(registry: EmbeddedRegistry, input: DivorceInput, choose?: CredentialChooser): Promise<Result<ChangeOutcome, RegistryError>> {
  const today = registry.today();
  const { db } = registry;
  const family = activeFamilyOf(db, input.husbandNik);
  const wife = personByNik(db, input.wifeNik);
  if (!family || !wife || !family.members.some((m) => m.nik === input.wifeNik)) return fail('not_found', 'husband and wife are not on one active KK');
  if (!isIsoDate(input.decisionDate) || input.decisionDate > today) return fail('invalid_request', 'the decision date must be a past date');
  return run(registry, {
    kind: 'divorce',
    reference: input.decisionNumber,
    apply(db2) {
      const headIsHusband = family.headNik === input.husbandNik;
      const leaver = headIsHusband ? input.wifeNik : input.husbandNik;
      const stayer = headIsHusband ? input.husbandNik : input.wifeNik;
      const children = family.members.filter((m) => m.relation === 'ANAK');
      const others = family.members.filter((m) => ![leaver, stayer].includes(m.nik) && m.relation !== 'ANAK');
      const kidsWithLeaver = (input.childrenWith === 'wife') === (leaver === input.wifeNik);
      const newAddress = input.newAddress ?? family.address;
      const stayerKk = nextKk(db2, family.address.regionCode, today);
      insertFamily(db2, {
        kkNumber: stayerKk, headNik: stayer, address: family.address, issuedOn: today, status: 'active', supersededBy: null,
        members: [{ nik: stayer, relation: 'KEPALA KELUARGA' } as FamilyMember, ...(kidsWithLeaver ? [] : children), ...others],
      });
      const leaverKk = nextKk(db2, newAddress.regionCode, today);
      insertFamily(db2, {
        kkNumber: leaverKk, headNik: leaver, address: newAddress, issuedOn: today, status: 'active', supersededBy: null,
        members: [{ nik: leaver, relation: 'KEPALA KELUARGA' } as FamilyMember, ...(kidsWithLeaver ? children : [])],
      });
      supersedeFamily(db2, family.kkNumber, stayerKk);
      for (const nik of [leaver, stayer]) updatePerson(db2, nik, { maritalStatus: 'CERAI HIDUP' satisfies MaritalStatus });
      updatePerson(db2, leaver, { address: newAddress });
      if (kidsWithLeaver) for (const c of children) updatePerson(db2, c.nik, { address: newAddress });
      return {
        familiesToIssue: [familyByKk(db2, stayerKk) as Family, familyByKk(db2, leaverKk) as Family],
        supersededKk: [{ kk: family.kkNumber, by: stayerKk }],
        ktpChanged: [leaver, stayer],
        kiaChanged: children.map((c) => c.nik),
        deceased: [],
        extra: [],
      };
    },
  }, today, choose);
}

/** A death: akta kematian for the reporter; the KK re-issued (a new number when the head died); the spouse's KTP-el says CERAI MATI. */
export async function recordDeath(registry: EmbeddedRegistry, input: DeathInput, choose?: CredentialChooser): Promise<Result<ChangeOutcome, RegistryError>> {
  const today = registry.today();
  const { db } = registry;
  const person = personByNik(db, input.nik);
  if (!person) return fail('not_found', 'no person with this NIK');
  if (!person.alive) return fail('invalid_request', 'this death is already registered');
  if (!personByNik(db, input.reporterNik)) return fail('not_found', 'no reporter with this NIK');
  if (!isIsoDate(input.dateOfDeath) || input.dateOfDeath > today) return fail('invalid_request', 'the date of death must be a past date');
  const family = activeFamilyOf(db, input.nik);
  const region4 = (family?.address.regionCode ?? person.address.regionCode).slice(0, 4);
  if (!officeByCode(db, region4)) return fail('not_found', `no office ${region4} registers this death`);
  return run(registry, {
    kind: 'death',
    reference: '',
    apply(db2) {
      const aktaNumber = nextAkta(db2, region4, today);
      this.reference = aktaNumber;
      insertDeath(db2, { aktaNumber, nik: person.nik, name: person.name, sex: person.sex, birthDate: person.birthDate, placeOfDeath: input.placeOfDeath || placeName(person.address.regency), dateOfDeath: input.dateOfDeath, registeredOn: today });
      updatePerson(db2, person.nik, { alive: false });
      const familiesToIssue: Family[] = [];
      const supersededKk: Array<{ kk: string; by: string }> = [];
      const ktpChanged: string[] = [];
      const kiaChanged: string[] = [];
      const survivors = family ? family.members.filter((m) => m.nik !== person.nik) : [];
      // The spouse of the deceased: the wife/husband of a head, or the head of a wife/husband; nobody else's.
      const ownRelation = family?.members.find((x) => x.nik === person.nik)?.relation;
      const spouse = ownRelation === 'KEPALA KELUARGA'
        ? family?.members.find((m) => m.relation === 'ISTRI' || m.relation === 'SUAMI')
        : ownRelation === 'ISTRI' || ownRelation === 'SUAMI'
          ? family?.members.find((m) => m.relation === 'KEPALA KELUARGA')
          : undefined;
      if (spouse) {
        updatePerson(db2, spouse.nik, { maritalStatus: 'CERAI MATI' });
        ktpChanged.push(spouse.nik);
      }
      if (family && survivors.length > 0) {
        if (family.headNik === person.nik) {
          // The head died: a new KK number, headed by the spouse or else the eldest child.
          const byAge = survivors.map((m) => personByNik(db2, m.nik)).filter((p) => p !== undefined).sort((a, b) => a.birthDate.localeCompare(b.birthDate));
          const newHead = spouse?.nik ?? byAge[0]?.nik ?? (survivors[0] as FamilyMember).nik;
          const kk = nextKk(db2, family.address.regionCode, today);
          insertFamily(db2, {
            kkNumber: kk, headNik: newHead, address: family.address, issuedOn: today, status: 'active', supersededBy: null,
            members: [{ nik: newHead, relation: 'KEPALA KELUARGA' }, ...survivors.filter((m) => m.nik !== newHead).map((m) => (spouse || m.relation !== 'ANAK' ? m : { nik: m.nik, relation: 'FAMILI LAIN' as const }))],
          });
          supersedeFamily(db2, family.kkNumber, kk);
          supersededKk.push({ kk: family.kkNumber, by: kk });
          familiesToIssue.push(familyByKk(db2, kk) as Family);
          kiaChanged.push(...survivors.filter((m) => m.relation === 'ANAK').map((m) => m.nik));
        } else {
          // Same number, re-issued without the deceased; the old printed KK is superseded all the same.
          reissueFamily(db2, family.kkNumber, survivors, today);
          supersededKk.push({ kk: family.kkNumber, by: `${family.kkNumber} (${today})` });
          familiesToIssue.push(familyByKk(db2, family.kkNumber) as Family);
        }
      }
      const owners = [...new Set([input.reporterNik, ...survivors.filter((m) => ['KEPALA KELUARGA', 'ISTRI', 'SUAMI'].includes(m.relation)).map((m) => m.nik)])];
      return {
        familiesToIssue, supersededKk, ktpChanged, kiaChanged, deceased: [person.nik],
        extra: [{ type: 'akta-mati', subjectNik: person.nik, applicantNik: input.reporterNik, ownerNiks: owners, documentNumber: aktaNumber, officeCode: region4 }],
      };
    },
  }, today, choose);
}

/** A move of the whole family to another region: new KK number, every card re-issued with the new address. */
export async function recordMove(registry: EmbeddedRegistry, input: MoveInput, choose?: CredentialChooser): Promise<Result<ChangeOutcome, RegistryError>> {
  const today = registry.today();
  const { db } = registry;
  const family = familyByKk(db, input.kkNumber);
  if (!family || family.status !== 'active') return fail('not_found', 'no active KK with this number');
  if (!officeByCode(db, input.newAddress.regionCode.slice(0, 4))) return fail('not_found', `no office ${input.newAddress.regionCode.slice(0, 4)} for the new address`);
  return run(registry, {
    kind: 'move',
    reference: `SKPWNI ${family.kkNumber} ${today}`,
    apply(db2) {
      const kk = nextKk(db2, input.newAddress.regionCode, today);
      insertFamily(db2, { ...family, kkNumber: kk, address: input.newAddress, issuedOn: today, status: 'active', supersededBy: null });
      supersedeFamily(db2, family.kkNumber, kk);
      for (const m of family.members) updatePerson(db2, m.nik, { address: input.newAddress });
      return {
        familiesToIssue: [familyByKk(db2, kk) as Family], supersededKk: [{ kk: family.kkNumber, by: kk }],
        ktpChanged: family.members.map((m) => m.nik), kiaChanged: family.members.filter((m) => m.relation === 'ANAK').map((m) => m.nik), deceased: [], extra: [],
      };
    },
  }, today, choose);
}
