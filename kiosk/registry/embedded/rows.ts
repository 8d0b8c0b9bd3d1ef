import type { Database } from 'better-sqlite3';
import type {
  Address, Application, ApplicationStatus, Birth, Death, DocumentType, Family, FamilyMember, FamilyRelation, IsoDate, Office, Person,
} from '../../../core/domain.ts';

/** Row ↔ model mapping for the embedded registry. Every query names its columns. */

interface PersonRow {
  nik: string; name: string; sex: string; birth_place: string; birth_date: string; blood_type: string; religion: string;
  education: string; occupation: string; marital_status: string; marriage_date: string | null; nationality: string;
  passport_no: string | null; kitap_no: string | null; father_name: string; mother_name: string; address: string;
  alive: number; photo: Buffer | null; signature: Buffer | null;
}

const bytes = (b: Buffer | null): Uint8Array | null => (b === null ? null : new Uint8Array(b.buffer, b.byteOffset, b.byteLength));

function toPerson(r: PersonRow): Person {
  return {
    nik: r.nik, name: r.name, sex: r.sex as Person['sex'], birthPlace: r.birth_place, birthDate: r.birth_date,
    bloodType: r.blood_type as Person['bloodType'], religion: r.religion as Person['religion'], education: r.education,
    occupation: r.occupation, maritalStatus: r.marital_status as Person['maritalStatus'], marriageDate: r.marriage_date,
    nationality: r.nationality as Person['nationality'], passportNo: r.passport_no, kitapNo: r.kitap_no,
    fatherName: r.father_name, motherName: r.mother_name, address: JSON.parse(r.address) as Address, alive: r.alive === 1,
    photo: bytes(r.photo), signature: bytes(r.signature),
  };
}

export function insertPerson(db: Database, p: Person): void {
  db.prepare(`INSERT INTO persons (nik, name, sex, birth_place, birth_date, blood_type, religion, education, occupation,
      marital_status, marriage_date, nationality, passport_no, kitap_no, father_name, mother_name, address, alive, photo, signature)
    VALUES (@nik, @name, @sex, @birthPlace, @birthDate, @bloodType, @religion, @education, @occupation, @maritalStatus,
      @marriageDate, @nationality, @passportNo, @kitapNo, @fatherName, @motherName, @address, @alive, @photo, @signature)`).run({
    ...p,
    address: JSON.stringify(p.address),
    alive: p.alive ? 1 : 0,
    photo: p.photo === null ? null : Buffer.from(p.photo),
    signature: p.signature === null ? null : Buffer.from(p.signature),
  });
}

export function updatePerson(db: Database, nik: string, change: Partial<Pick<Person, 'maritalStatus' | 'marriageDate' | 'address' | 'alive'>>): void {
  const cur = personByNik(db, nik);
  if (!cur) throw new Error(`bug: no person ${nik}`);
  const next = { ...cur, ...change };
  db.prepare('UPDATE persons SET marital_status = ?, marriage_date = ?, address = ?, alive = ? WHERE nik = ?')
    .run(next.maritalStatus, next.marriageDate, JSON.stringify(next.address), next.alive ? 1 : 0, nik);
}

export function personByNik(db: Database, nik: string): Person | undefined {
  const r = db.prepare('SELECT * FROM persons WHERE nik = ?').get(nik) as PersonRow | undefined;
  return r ? toPerson(r) : undefined;
}

interface FamilyRow { kk_number: string; head_nik: string; address: string; issued_on: string; status: string; superseded_by: string | null }

function toFamily(db: Database, r: FamilyRow): Family {
  const members = db.prepare('SELECT nik, relation FROM family_members WHERE kk_number = ? ORDER BY position').all(r.kk_number) as Array<{ nik: string; relation: string }>;
  return {
    kkNumber: r.kk_number, headNik: r.head_nik, address: JSON.parse(r.address) as Address, issuedOn: r.issued_on,
    status: r.status as Family['status'], supersededBy: r.superseded_by,
    members: members.map((m) => ({ nik: m.nik, relation: m.relation as FamilyRelation })),
  };
}

export function insertFamily(db: Database, f: Family): void {
  db.prepare('INSERT INTO families (kk_number, head_nik, address, issued_on, status, superseded_by) VALUES (?, ?, ?, ?, ?, ?)')
    .run(f.kkNumber, f.headNik, JSON.stringify(f.address), f.issuedOn, f.status, f.supersededBy);
  const add = db.prepare('INSERT INTO family_members (kk_number, nik, relation, position) VALUES (?, ?, ?, ?)');
  f.members.forEach((m: FamilyMember, i) => add.run(f.kkNumber, m.nik, m.relation, i + 1));
}

export function familyByKk(db: Database, kk: string): Family | undefined {
  const r = db.prepare('SELECT * FROM families WHERE kk_number = ?').get(kk) as FamilyRow | undefined;
  return r ? toFamily(db, r) : undefined;
}

/** The active KK a person is listed on, if any. */
export function activeFamilyOf(db: Database, nik: string): Family | undefined {
  const r = db.prepare(`SELECT f.* FROM families f JOIN family_members m ON m.kk_number = f.kk_number
    WHERE m.nik = ? AND f.status = 'active' ORDER BY f.issued_on DESC LIMIT 1`).get(nik) as FamilyRow | undefined;
  return r ? toFamily(db, r) : undefined;
}

export function supersedeFamily(db: Database, kk: string, by: string): void {
  db.prepare("UPDATE families SET status = 'superseded', superseded_by = ? WHERE kk_number = ?").run(by, kk);
}

/** Re-issues a KK under the same number with a new member list (a member died or left). */
export function reissueFamily(db: Database, kk: string, members: FamilyMember[], issuedOn: IsoDate): void {
  db.prepare('DELETE FROM family_members WHERE kk_number = ?').run(kk);
  const add = db.prepare('INSERT INTO family_members (kk_number, nik, relation, position) VALUES (?, ?, ?, ?)');
  members.forEach((m, i) => add.run(kk, m.nik, m.relation, i + 1));
  db.prepare('UPDATE families SET issued_on = ? WHERE kk_number = ?').run(issuedOn, kk);
}

export function insertBirth(db: Database, b: Birth): void {
  db.prepare(`INSERT INTO births (akta_number, child_nik, child_name, sex, birth_place, birth_date, child_order, father_name,
      mother_name, registered_on, late) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(b.aktaNumber, b.childNik, b.childName, b.sex, b.birthPlace, b.birthDate, b.childOrder, b.fatherName, b.motherName, b.registeredOn, b.lateRegistration ? 1 : 0);
}

interface BirthRow { akta_number: string; child_nik: string; child_name: string; sex: string; birth_place: string; birth_date: string; child_order: number; father_name: string; mother_name: string; registered_on: string; late: number }
const toBirth = (r: BirthRow): Birth => ({
  aktaNumber: r.akta_number, childNik: r.child_nik, childName: r.child_name, sex: r.sex as Birth['sex'], birthPlace: r.birth_place,
  birthDate: r.birth_date, childOrder: r.child_order, fatherName: r.father_name, motherName: r.mother_name, registeredOn: r.registered_on,
  lateRegistration: r.late === 1,
});

export function birthByAkta(db: Database, akta: string): Birth | undefined {
  const r = db.prepare('SELECT * FROM births WHERE akta_number = ?').get(akta) as BirthRow | undefined;
  return r ? toBirth(r) : undefined;
}

export function birthOfChild(db: Database, nik: string): Birth | undefined {
  const r = db.prepare('SELECT * FROM births WHERE child_nik = ?').get(nik) as BirthRow | undefined;
  return r ? toBirth(r) : undefined;
}

export function insertDeath(db: Database, d: Death): void {
  db.prepare(`INSERT INTO deaths (akta_number, nik, name, sex, birth_date, place_of_death, date_of_death, registered_on)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(d.aktaNumber, d.nik, d.name, d.sex, d.birthDate, d.placeOfDeath, d.dateOfDeath, d.registeredOn);
}

interface DeathRow { akta_number: string; nik: string; name: string; sex: string; birth_date: string; place_of_death: string; date_of_death: string; registered_on: string }
export function deathByAkta(db: Database, akta: string): Death | undefined {
  const r = db.prepare('SELECT * FROM deaths WHERE akta_number = ?').get(akta) as DeathRow | undefined;
  return r
    ? { aktaNumber: r.akta_number, nik: r.nik, name: r.name, sex: r.sex as Death['sex'], birthDate: r.birth_date, placeOfDeath: r.place_of_death, dateOfDeath: r.date_of_death, registeredOn: r.registered_on }
    : undefined;
}

export interface StoredOffice extends Office {
  /** PKCS#8 DER, base64: the registry signs documents; kiosks only ever see the public key. */
  privateKey: string;
}

export function insertOffice(db: Database, o: StoredOffice): void {
  db.prepare(`INSERT INTO offices (code, name, city, official_name, official_title, official_nip, key_id, public_key, private_key)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(o.code, o.name, o.city, o.officialName, o.officialTitle, o.officialNip, o.keyId, o.publicKey, o.privateKey);
}

interface OfficeRow { code: string; name: string; city: string; official_name: string; official_title: string; official_nip: string; key_id: string; public_key: string; private_key: string }
const toOffice = (r: OfficeRow): StoredOffice => ({
  code: r.code, name: r.name, city: r.city, officialName: r.official_name, officialTitle: r.official_title, officialNip: r.official_nip,
  keyId: r.key_id, publicKey: r.public_key, privateKey: r.private_key,
});

export function officeByCode(db: Database, code: string): StoredOffice | undefined {
  const r = db.prepare('SELECT * FROM offices WHERE code = ?').get(code) as OfficeRow | undefined;
  return r ? toOffice(r) : undefined;
}

export function allOffices(db: Database): StoredOffice[] {
  return (db.prepare('SELECT * FROM offices ORDER BY code').all() as OfficeRow[]).map(toOffice);
}

/** Public part only. */
export const publicOffice = ({ privateKey: _private, ...o }: StoredOffice): Office => o;

export interface ApplicationRow {
  id: string; type: DocumentType; subject_nik: string; applicant_nik: string; document_number: string; status: ApplicationStatus;
  submitted_on: string; expected_on: string | null; printable_from: string | null; issued_on: string | null; office_code: string;
  pin_hash: string | null; qr_hash: string | null; wrong_pins: number; wrong_marks: string; claimed_ledger_id: string | null;
  superseded_by: string | null; printed_at: string | null; updated_at: string;
}

export interface NewApplication {
  id: string; type: DocumentType; subjectNik: string; applicantNik: string; ownerNiks: string[]; documentNumber: string;
  status: ApplicationStatus; submittedOn: IsoDate; expectedOn: IsoDate | null; printableFrom: IsoDate | null; issuedOn: IsoDate | null;
  officeCode: string; pinHash: string | null; qrHash: string | null; printedAt?: string | null; supersededBy?: string | null;
}

export function insertApplication(db: Database, a: NewApplication, at: string): void {
  db.prepare(`INSERT INTO applications (id, type, subject_nik, applicant_nik, document_number, status, submitted_on, expected_on,
      printable_from, issued_on, office_code, pin_hash, qr_hash, printed_at, superseded_by, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .run(a.id, a.type, a.subjectNik, a.applicantNik, a.documentNumber, a.status, a.submittedOn, a.expectedOn, a.printableFrom,
      a.issuedOn, a.officeCode, a.pinHash, a.qrHash, a.printedAt ?? null, a.supersededBy ?? null, at);
  const owner = db.prepare('INSERT OR IGNORE INTO application_owners (application_id, nik) VALUES (?, ?)');
  for (const nik of new Set([a.applicantNik, ...a.ownerNiks])) owner.run(a.id, nik);
}

export function applicationRow(db: Database, id: string): ApplicationRow | undefined {
  return db.prepare('SELECT * FROM applications WHERE id = ?').get(id) as ApplicationRow | undefined;
}

export function ownersOf(db: Database, id: string): string[] {
  return (db.prepare('SELECT nik FROM application_owners WHERE application_id = ? ORDER BY rowid').all(id) as Array<{ nik: string }>).map((r) => r.nik);
}

export function toApplication(db: Database, r: ApplicationRow): Application {
  return {
    id: r.id, type: r.type, subjectNik: r.subject_nik, ownerNiks: ownersOf(db, r.id), documentNumber: r.document_number,
    status: r.status, submittedOn: r.submitted_on, expectedOn: r.expected_on, printableFrom: r.printable_from, officeCode: r.office_code,
  };
}

export function applicationsOwnedBy(db: Database, nik: string): ApplicationRow[] {
  return db.prepare(`SELECT a.* FROM applications a JOIN application_owners o ON o.application_id = a.id
    WHERE o.nik = ? ORDER BY a.submitted_on, a.id`).all(nik) as ApplicationRow[];
}

/** Applications for one document (type + number), newest issue first. */
export function applicationsForDocument(db: Database, type: DocumentType, number: string): ApplicationRow[] {
  return db.prepare(`SELECT * FROM applications WHERE type = ? AND document_number = ?
    ORDER BY coalesce(issued_on, submitted_on) DESC, id DESC`).all(type, number) as ApplicationRow[];
}
