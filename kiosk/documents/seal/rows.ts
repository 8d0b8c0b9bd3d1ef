import { numericDate } from '../format.ts';
import type { SealAddress, SealMember, SealPayload } from './payload.ts';

/**
 * The sealed content as labelled rows, in the order the document prints them: for the table
 * `adm verify` and the verifier page show, and for comparing a PDF's text with its seal. Pure.
 */
export interface SealRow {
  /** Stable path, e.g. `members[2].name`. */
  path: string;
  label: { id: string; en: string };
  value: string;
  /** The value as the page prints it, or null when the page does not print it (a digest, a code). */
  printed: string | null;
}

type Lbl = [string, string];
const L = {
  number: ['Nomor', 'Number'], nik: ['NIK', 'NIK'], issuedOn: ['Tanggal terbit', 'Issued on'], revision: ['Revisi', 'Revision'],
  officeCode: ['Kode Dinas', 'Office code'], keyId: ['Kunci', 'Key'], name: ['Nama', 'Name'], sex: ['Jenis kelamin', 'Sex'],
  birthPlace: ['Tempat lahir', 'Place of birth'], birthDate: ['Tanggal lahir', 'Date of birth'], religion: ['Agama', 'Religion'],
  relation: ['Hubungan keluarga', 'Relationship'], maritalStatus: ['Status perkawinan', 'Marital status'], fatherName: ['Nama ayah', "Father's name"],
  motherName: ['Nama ibu', "Mother's name"], bloodType: ['Golongan darah', 'Blood type'], occupation: ['Pekerjaan', 'Occupation'],
  nationality: ['Kewarganegaraan', 'Nationality'], validUntil: ['Berlaku hingga', 'Valid until'], photoDigest: ['Sidik foto', 'Photo digest'],
  kkNumber: ['No. KK', 'Family card number'], headName: ['Kepala keluarga', 'Head of family'], birthAktaNumber: ['No. akta kelahiran', 'Birth certificate number'],
  childNik: ['NIK anak', "Child's NIK"], childName: ['Nama anak', "Child's name"], childOrder: ['Anak ke', 'Child order'],
  registeredOn: ['Tanggal pencatatan', 'Registered on'], late: ['Pencatatan terlambat', 'Late registration'], placeOfDeath: ['Tempat kematian', 'Place of death'],
  dateOfDeath: ['Tanggal kematian', 'Date of death'], street: ['Alamat', 'Address'], rt: ['RT', 'RT'], rw: ['RW', 'RW'], village: ['Desa/Kelurahan', 'Village'],
  district: ['Kecamatan', 'District'], regency: ['Kabupaten/Kota', 'Regency/City'], province: ['Provinsi', 'Province'], postalCode: ['Kode pos', 'Postal code'],
  regionCode: ['Kode wilayah', 'Region code'],
} satisfies Record<string, Lbl>;
type Key = keyof typeof L;

const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const isDateKey = (k: string) => k === 'birthDate' || k === 'issuedOn' || k === 'registeredOn' || k === 'dateOfDeath' || k === 'validUntil';

function row(path: string, key: Key, value: unknown, printed: boolean, prefix?: Lbl): SealRow {
  const text = value === null ? '-' : value instanceof Uint8Array ? hex(value) : typeof value === 'boolean' ? (value ? 'YA / yes' : 'TIDAK / no') : String(value);
  const [id, en] = L[key];
  const shown = printed && value !== null && !(value instanceof Uint8Array) && typeof value !== 'boolean'
    ? (isDateKey(key) && /^\d{4}-\d{2}-\d{2}$/.test(text) ? numericDate(text) : text)
    : null;
  return { path, label: prefix ? { id: `${prefix[0]}: ${id}`, en: `${prefix[1]}: ${en}` } : { id, en }, value: text, printed: shown };
}

function addressRows(a: SealAddress, keys: ReadonlyArray<keyof SealAddress>, printed: ReadonlySet<string>): SealRow[] {
  return keys.map((k) => row(`address.${k}`, k, a[k], printed.has(k)));
}

/** Rows of a payload in print order (the header fields first where the page has them first). */
export function sealRows(p: SealPayload): SealRow[] {
  const b = p.body;
  const meta = (printIssued: boolean): SealRow[] => [
    row('issuedOn', 'issuedOn', p.issuedOn, printIssued), row('revision', 'revision', p.revision, false),
    row('officeCode', 'officeCode', p.officeCode, false), row('keyId', 'keyId', p.keyId, false),
  ];
  const all = new Set(['street', 'rt', 'rw', 'village', 'district', 'regency', 'province', 'postalCode']);
  switch (b.type) {
    case 'kk': {
      const head = b.members.find((m) => m.nik === p.nik);
      const m = (i: number, x: SealMember, keys: ReadonlyArray<keyof SealMember>) =>
        keys.map((k) => row(`members[${i}].${k}`, k, x[k], true, [`Anggota ${i + 1}`, `Member ${i + 1}`]));
      return [
        row('number', 'number', p.number, true),
        ...(head ? [row('head', 'headName', head.name, true)] : []),
        ...addressRows(b.address, ['street', 'rt', 'rw', 'village', 'district', 'regency', 'postalCode', 'province', 'regionCode'], all),
        ...b.members.flatMap((x, i) => m(i, x, ['name', 'nik', 'sex', 'birthPlace', 'birthDate', 'religion'])),
        ...b.members.flatMap((x, i) => m(i, x, ['maritalStatus', 'relation', 'fatherName', 'motherName'])),
        ...meta(true),
      ];
    }
    case 'ktp':
      return [
        ...addressRows(b.address, ['province', 'regency'], all),
        row('nik', 'nik', b.nik, true), row('name', 'name', b.name, true), row('birthPlace', 'birthPlace', b.birthPlace, true), row('birthDate', 'birthDate', b.birthDate, true),
        row('sex', 'sex', b.sex, true), row('bloodType', 'bloodType', b.bloodType, true),
        ...addressRows(b.address, ['street', 'rt', 'rw', 'village', 'district', 'postalCode', 'regionCode'], new Set(['street', 'rt', 'rw', 'village', 'district'])),
        row('religion', 'religion', b.religion, true), row('maritalStatus', 'maritalStatus', b.maritalStatus, true), row('occupation', 'occupation', b.occupation, true),
        row('nationality', 'nationality', b.nationality, true), row('validUntil', 'validUntil', b.validUntil, true), row('photoDigest', 'photoDigest', b.photoDigest, false),
        ...meta(true),
      ];
    case 'kia':
      return [
        ...addressRows(b.address, ['province', 'regency'], all),
        row('nik', 'nik', b.nik, true), row('name', 'name', b.name, true), row('birthPlace', 'birthPlace', b.birthPlace, true), row('birthDate', 'birthDate', b.birthDate, true),
        row('sex', 'sex', b.sex, true), row('religion', 'religion', b.religion, true), row('nationality', 'nationality', b.nationality, true),
        ...addressRows(b.address, ['street', 'rt', 'rw', 'village', 'district', 'postalCode', 'regionCode'], new Set(['street', 'rt', 'rw', 'village', 'district'])),
        row('validUntil', 'validUntil', b.validUntil, true), row('photoDigest', 'photoDigest', b.photoDigest, false),
        row('kkNumber', 'kkNumber', b.kkNumber, true), row('headName', 'headName', b.headName, true), row('birthAktaNumber', 'birthAktaNumber', b.birthAktaNumber, true),
        ...meta(true),
      ];
    case 'akta-lahir':
      return [
        row('childNik', 'childNik', b.childNik, true), row('number', 'number', p.number, true), row('birthPlace', 'birthPlace', b.birthPlace, true),
        row('birthDate', 'birthDate', b.birthDate, true), row('childName', 'childName', b.childName, true), row('sex', 'sex', b.sex, true),
        row('childOrder', 'childOrder', b.childOrder, true), row('fatherName', 'fatherName', b.fatherName, true), row('motherName', 'motherName', b.motherName, true),
        row('registeredOn', 'registeredOn', b.registeredOn, true), row('late', 'late', b.late, false),
        ...meta(false),
      ];
    case 'akta-mati':
      return [
        row('nik', 'nik', b.nik, true), row('number', 'number', p.number, true), row('placeOfDeath', 'placeOfDeath', b.placeOfDeath, true),
        row('dateOfDeath', 'dateOfDeath', b.dateOfDeath, true), row('name', 'name', b.name, true), row('sex', 'sex', b.sex, true),
        row('birthDate', 'birthDate', b.birthDate, true), row('registeredOn', 'registeredOn', b.registeredOn, true),
        ...meta(false),
      ];
  }
}
