import type { Database } from 'better-sqlite3';
import { addDays, addYears, ageOn } from '../identifiers/dates.ts';
import { privateKeyFromBase64 } from '../signature.ts';
import { makeSeal } from '../../documents/seal/node-seal.ts';
import { sealPayloadOf } from '../../documents/seal/content-payload.ts';
import type { DocumentContent, DocumentSignature, DocumentType, IsoDate, Person, SignedFields } from '../../../core/domain.ts';
import { activeFamilyOf, applicationsForDocument, birthByAkta, birthOfChild, deathByAkta, familyByKk, officeByCode, personByNik, publicOffice, type StoredOffice } from './rows.ts';

export type ContentProblem = { code: 'not_found'; message: string };

/** Which office signs a document when no application names one: the regency of its region code. */
export function officeForDocument(db: Database, type: DocumentType, number: string): StoredOffice | undefined {
  if (type === 'akta-lahir' || type === 'akta-mati') return officeByCode(db, number.slice(0, 4));
  if (type === 'kk') {
    const f = familyByKk(db, number);
    return f ? officeByCode(db, f.address.regionCode.slice(0, 4)) : undefined;
  }
  const p = personByNik(db, number);
  return p ? officeByCode(db, p.address.regionCode.slice(0, 4)) : undefined;
}

/** KIA validity: the day before the 5th birthday for under-fives, else the day before the 17th. */
export function kiaValidUntil(birthDate: IsoDate, issuedOn: IsoDate): IsoDate {
  return addDays(addYears(birthDate, ageOn(birthDate, issuedOn) < 5 ? 5 : 17), -1);
}

/** Gathers what the renderers need for one document, as the registry's data stands now. */
type BuiltContent = { ok: true; content: DocumentContent; subjectNik: string } | { ok: false; error: ContentProblem };

export function buildContent(db: Database, type: DocumentType, number: string, office: StoredOffice, issuedOn: IsoDate): BuiltContent {
  const missing = (what: string) => ({ ok: false as const, error: { code: 'not_found' as const, message: `${what} ${number} is not in the registry` } });
  /** The document made from the one record its number names, or `not_found`. */
  const found = <R>(record: R | undefined, what: string, build: (record: R) => BuiltContent): BuiltContent => (record ? build(record) : missing(what));
  const pub = publicOffice(office);
  switch (type) {
    case 'kk': {
      const family = familyByKk(db, number);
      if (!family) return missing('No. KK');
      const members: Array<Person & { relation: (typeof family.members)[number]['relation'] }> = [];
      for (const m of family.members) {
        const p = personByNik(db, m.nik);
        if (!p) return missing(`member of KK`);
        members.push({ ...p, relation: m.relation });
      }
      const head = members.find((m) => m.nik === family.headNik);
      if (!head) return missing('head of KK');
      return { ok: true, subjectNik: family.headNik, content: { type, family, members, head, office: pub, issuedOn } };
    }
    case 'ktp':
      return found(personByNik(db, number), 'NIK', (person) => ({ ok: true, subjectNik: person.nik, content: { type, person, office: pub, issuedOn } }));
    case 'kia': {
      const person = personByNik(db, number);
      if (!person) return missing('NIK');
      const family = activeFamilyOf(db, person.nik);
      const head = family ? personByNik(db, family.headNik) : undefined;
      const birth = birthOfChild(db, person.nik);
      if (!family || !head || !birth) return missing('family or birth record of NIK');
      return {
        ok: true,
        subjectNik: person.nik,
        content: { type, person, kkNumber: family.kkNumber, headName: head.name, birthAktaNumber: birth.aktaNumber, validUntil: kiaValidUntil(person.birthDate, issuedOn), office: pub, issuedOn },
      };
    }
    case 'akta-lahir':
      return found(birthByAkta(db, number), 'akta kelahiran', (birth) => ({ ok: true, subjectNik: birth.childNik, content: { type, birth, office: pub, issuedOn } }));
    case 'akta-mati':
      return found(deathByAkta(db, number), 'akta kematian', (death) => ({ ok: true, subjectNik: death.nik, content: { type, death, office: pub, issuedOn } }));
  }
}

/** Seals a document's content with the office's key: what the issuing Dinas does once per issue. */
export function signDocument(content: DocumentContent, number: string, nik: string, revision: number, office: StoredOffice): DocumentSignature {
  const fields: SignedFields = { type: content.type, number, nik, issuedOn: content.issuedOn, officeCode: office.code, keyId: office.keyId, revision };
  return { fields, seal: makeSeal(sealPayloadOf(content, fields), privateKeyFromBase64(office.privateKey)) };
}

/** Which issue of this number a document is: 1 + the earlier issues the registry recorded (at least 1). */
export function revisionOf(db: Database, type: DocumentType, number: string, issuedOn: IsoDate): number {
  const dates = new Set(applicationsForDocument(db, type, number).map((r) => r.issued_on).filter((d): d is string => d !== null && d < issuedOn));
  return dates.size + 1;
}
