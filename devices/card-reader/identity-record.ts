import type { BloodType, MaritalStatus, Nationality, Person, Religion, Sex } from '../../core/domain.ts';
import type { CardIdentity } from './types.ts';
import { PayloadReader, PayloadWriter } from './protocol.ts';

/**
 * The biodata record (record 1) as TLV: tag u8, length u8, UTF-8 value. Photo and signature are
 * records 2 and 3, raw image bytes. Unknown tags are skipped so newer cards still read.
 */
export const TAG = {
  nik: 0x01,
  name: 0x02,
  birthPlace: 0x03,
  birthDate: 0x04,
  sex: 0x05,
  bloodType: 0x06,
  street: 0x07,
  rt: 0x08,
  rw: 0x09,
  village: 0x0a,
  district: 0x0b,
  regency: 0x0c,
  province: 0x0d,
  religion: 0x0e,
  maritalStatus: 0x0f,
  occupation: 0x10,
  nationality: 0x11,
} as const;
type TagName = keyof typeof TAG;

const SEXES: readonly Sex[] = ['LAKI-LAKI', 'PEREMPUAN'];
const BLOOD: readonly BloodType[] = ['A', 'B', 'AB', 'O', 'A+', 'A-', 'B+', 'B-', 'AB+', 'AB-', 'O+', 'O-', 'TIDAK TAHU'];
const RELIGIONS: readonly Religion[] = ['ISLAM', 'KRISTEN', 'KATOLIK', 'HINDU', 'BUDDHA', 'KHONGHUCU', 'KEPERCAYAAN TERHADAP TUHAN YME'];
const MARITAL: readonly MaritalStatus[] = ['BELUM KAWIN', 'KAWIN', 'CERAI HIDUP', 'CERAI MATI'];
const NATIONALITY: readonly Nationality[] = ['WNI', 'WNA'];

export type Biodata = Omit<CardIdentity, 'photo' | 'signature'>;

export function encodeBiodata(b: Biodata): Uint8Array {
  const enc = new TextEncoder();
  const w = new PayloadWriter();
  const put = (tag: number, v: string) => w.u8(tag).short(enc.encode(v));
  put(TAG.nik, b.nik);
  put(TAG.name, b.name);
  put(TAG.birthPlace, b.birthPlace);
  put(TAG.birthDate, b.birthDate);
  put(TAG.sex, b.sex);
  put(TAG.bloodType, b.bloodType);
  put(TAG.street, b.address.street);
  put(TAG.rt, b.address.rt);
  put(TAG.rw, b.address.rw);
  put(TAG.village, b.address.village);
  put(TAG.district, b.address.district);
  put(TAG.regency, b.address.regency);
  put(TAG.province, b.address.province);
  put(TAG.religion, b.religion);
  put(TAG.maritalStatus, b.maritalStatus);
  put(TAG.occupation, b.occupation);
  put(TAG.nationality, b.nationality);
  return w.done();
}

const oneOf = <T extends string>(list: readonly T[], v: string | undefined): T | undefined => list.find((x) => x === v);

/** Parses and checks the biodata record; the error names the field, never its value. */
export function decodeBiodata(bytes: Uint8Array): { ok: true; value: Biodata } | { ok: false; field: string } {
  const dec = new TextDecoder('utf-8', { fatal: true });
  const byTag = new Map<number, string>();
  const r = new PayloadReader(bytes);
  while (r.remaining > 0) {
    const tag = r.u8();
    const len = r.u8();
    const v = len === undefined ? undefined : r.bytesOf(len);
    if (tag === undefined || v === undefined) return { ok: false, field: 'tlv' };
    try {
      byTag.set(tag, dec.decode(v));
    } catch {
      return { ok: false, field: `tag ${tag} (not UTF-8)` };
    }
  }
  const get = (k: TagName) => byTag.get(TAG[k]);
  const text = (k: TagName, allowEmpty = false): string | undefined => {
    const v = get(k);
    return v !== undefined && (allowEmpty || v.trim().length > 0) ? v : undefined;
  };
  const nik = get('nik');
  if (nik === undefined || !/^\d{16}$/.test(nik)) return { ok: false, field: 'nik' };
  const birthDate = get('birthDate');
  if (birthDate === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) return { ok: false, field: 'birthDate' };
  const sex = oneOf(SEXES, get('sex'));
  const bloodType = oneOf(BLOOD, get('bloodType'));
  const religion = oneOf(RELIGIONS, get('religion'));
  const maritalStatus = oneOf(MARITAL, get('maritalStatus'));
  const nationality = oneOf(NATIONALITY, get('nationality'));
  const name = text('name');
  const birthPlace = text('birthPlace');
  const occupation = text('occupation');
  const fields = { sex, bloodType, religion, maritalStatus, nationality, name, birthPlace, occupation };
  for (const [k, v] of Object.entries(fields)) if (v === undefined) return { ok: false, field: k };
  const address = {
    street: text('street', true),
    rt: text('rt', true),
    rw: text('rw', true),
    village: text('village'),
    district: text('district'),
    regency: text('regency'),
    province: text('province'),
  };
  for (const [k, v] of Object.entries(address)) if (v === undefined) return { ok: false, field: `address.${k}` };
  return {
    ok: true,
    value: {
      nik,
      name: name as string,
      birthPlace: birthPlace as string,
      birthDate,
      sex: sex as Sex,
      bloodType: bloodType as BloodType,
      religion: religion as Religion,
      maritalStatus: maritalStatus as MaritalStatus,
      occupation: occupation as string,
      nationality: nationality as Nationality,
      address: address as Biodata['address'],
    },
  };
}

/** The biodata record a citizen's e-KTP carries, for the simulated and virtual cards. */
export function biodataOf(person: Person): Uint8Array {
  const a = person.address;
  return encodeBiodata({
    nik: person.nik,
    name: person.name,
    birthPlace: person.birthPlace,
    birthDate: person.birthDate,
    sex: person.sex,
    bloodType: person.bloodType,
    religion: person.religion,
    maritalStatus: person.maritalStatus,
    occupation: person.occupation,
    nationality: person.nationality,
    address: { street: a.street, rt: a.rt, rw: a.rw, village: a.village, district: a.district, regency: a.regency, province: a.province },
  });
}
