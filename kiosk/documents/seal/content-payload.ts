import { createHash } from 'node:crypto';
import type { Address, DocumentContent, Person, SignedFields } from '../../../core/domain.ts';
import type { SealAddress, SealBody, SealMember, SealPayload } from './payload.ts';

/** First 16 bytes of SHA-256 of the photo as the registry holds it: binds the card to its photo without carrying it. */
export const photoDigest = (photo: Uint8Array | null): Uint8Array | null =>
  photo ? new Uint8Array(createHash('sha256').update(photo).digest().subarray(0, 16)) : null;

const address = (a: Address): SealAddress => ({
  street: a.street, rt: a.rt, rw: a.rw, village: a.village, district: a.district, regency: a.regency, province: a.province, postalCode: a.postalCode, regionCode: a.regionCode,
});

const member = (m: Person & { relation: string }): SealMember => ({
  nik: m.nik, name: m.name, sex: m.sex, birthPlace: m.birthPlace, birthDate: m.birthDate, religion: m.religion,
  relation: m.relation, maritalStatus: m.maritalStatus, fatherName: m.fatherName, motherName: m.motherName,
});

function body(c: DocumentContent): SealBody {
  switch (c.type) {
    case 'kk':
      return { type: 'kk', address: address(c.family.address), members: c.members.map(member) };
    case 'ktp': {
      const p = c.person;
      return {
        type: 'ktp', nik: p.nik, name: p.name, sex: p.sex, birthPlace: p.birthPlace, birthDate: p.birthDate, bloodType: p.bloodType, address: address(p.address),
        religion: p.religion, maritalStatus: p.maritalStatus, occupation: p.occupation, nationality: p.nationality, validUntil: 'SEUMUR HIDUP', photoDigest: photoDigest(p.photo),
      };
    }
    case 'kia': {
      const p = c.person;
      return {
        type: 'kia', nik: p.nik, name: p.name, sex: p.sex, birthPlace: p.birthPlace, birthDate: p.birthDate, religion: p.religion, nationality: p.nationality,
        address: address(p.address), validUntil: c.validUntil, kkNumber: c.kkNumber, headName: c.headName, birthAktaNumber: c.birthAktaNumber, photoDigest: photoDigest(p.photo),
      };
    }
    case 'akta-lahir': {
      const b = c.birth;
      return {
        type: 'akta-lahir', childNik: b.childNik, childName: b.childName, sex: b.sex, birthPlace: b.birthPlace, birthDate: b.birthDate,
        childOrder: b.childOrder, fatherName: b.fatherName, motherName: b.motherName, registeredOn: b.registeredOn, late: b.lateRegistration,
      };
    }
    case 'akta-mati': {
      const d = c.death;
      return { type: 'akta-mati', nik: d.nik, name: d.name, sex: d.sex, birthDate: d.birthDate, placeOfDeath: d.placeOfDeath, dateOfDeath: d.dateOfDeath, registeredOn: d.registeredOn };
    }
  }
}

/** What the seal of this content must carry: the registry signs it, the kiosk checks the seal it was handed says exactly this. */
export function sealPayloadOf(content: DocumentContent, fields: SignedFields): SealPayload {
  return {
    type: content.type, number: fields.number, nik: fields.nik, issuedOn: fields.issuedOn, revision: fields.revision,
    officeCode: fields.officeCode, keyId: fields.keyId, body: body(content),
  };
}
