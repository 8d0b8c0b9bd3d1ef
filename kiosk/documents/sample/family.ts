import type { Address, Birth, Death, DocumentContent, DocumentSignature, FamilyRelation, Office, Person, Sex } from '../../../core/domain.ts';
import { SAMPLE_OFFICE, signSample } from './office.ts';

/**
 * Deterministic sample families built from the registry's types: plausible Kediri households for
 * the benchmark, the README previews and tests. Same arguments, same family.
 */

const MALE = ['BUDI', 'AHMAD', 'SUPARMAN', 'AGUS', 'BAMBANG', 'HENDRA', 'RUDI', 'JOKO', 'SLAMET', 'DIMAS', 'RIZKY', 'FAJAR'];
const FEMALE = ['SITI', 'SRI', 'DEWI', 'RATNA', 'NUR', 'ENDANG', 'WULAN', 'PUTRI', 'AYU', 'INDAH', 'LESTARI', 'KARTIKA'];
const SURNAMES = ['SANTOSO', 'WIBOWO', 'PRASETYO', 'HIDAYAT', 'RAHAYU', 'SETIAWAN', 'KURNIAWAN', 'WAHYUNI', 'UTOMO', 'HANDAYANI'];
const JOBS = ['WIRASWASTA', 'PETANI/PEKEBUN', 'KARYAWAN SWASTA', 'GURU', 'PEDAGANG', 'BURUH HARIAN LEPAS'];
const EDUCATION = ['SLTA/SEDERAJAT', 'DIPLOMA IV/STRATA I', 'SLTP/SEDERAJAT', 'TAMAT SD/SEDERAJAT', 'BELUM TAMAT SD/SEDERAJAT', 'TIDAK/BELUM SEKOLAH'];

/** mulberry32: small, fast and the same everywhere. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const SAMPLE_ADDRESS: Address = {
  street: 'JL. MAYOR BISMO NO. 17 DUSUN KRAJAN',
  rt: '003',
  rw: '005',
  village: 'PARE',
  district: 'PARE',
  regency: 'KABUPATEN KEDIRI',
  province: 'JAWA TIMUR',
  postalCode: '64211',
  regionCode: '350609',
};

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

/** NIK: region (6), DDMMYY with 40 added to the day for women, serial (4). */
export function sampleNik(region: string, birthDate: string, sex: Sex, serial: number): string {
  const [y = '', m = '', d = ''] = birthDate.split('-');
  const day = Number(d) + (sex === 'PEREMPUAN' ? 40 : 0);
  return `${region}${pad(day, 2)}${m}${y.slice(2)}${pad(serial, 4)}`;
}

export interface SampleFamilyOptions {
  members: number;
  seed?: number;
  /** Overrides applied to member i (for long-name and long-address fixtures). */
  override?: (i: number, p: Person & { relation: FamilyRelation }) => Person & { relation: FamilyRelation };
  address?: Address;
  issuedOn?: string;
  photos?: { photo: Uint8Array | null; signature: Uint8Array | null };
}

export function sampleFamily(opts: SampleFamilyOptions): Extract<DocumentContent, { type: 'kk' }> {
  const rnd = prng(opts.seed ?? 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const address = opts.address ?? SAMPLE_ADDRESS;
  const surname = pick(SURNAMES);
  const fatherOfHead = `${pick(MALE)} ${pick(SURNAMES)}`;
  const motherOfHead = `${pick(FEMALE)} ${pick(SURNAMES)}`;
  const headName = `${pick(MALE)} ${surname}`;
  const wifeName = `${pick(FEMALE)} ${pick(SURNAMES)}`;
  const members: Array<Person & { relation: FamilyRelation }> = [];
  for (let i = 0; i < opts.members; i++) {
    let relation: FamilyRelation;
    let sex: Sex;
    let name: string;
    let birthYear: number;
    if (i === 0) [relation, sex, name, birthYear] = ['KEPALA KELUARGA', 'LAKI-LAKI', headName, 1975];
    else if (i === 1) [relation, sex, name, birthYear] = ['ISTRI', 'PEREMPUAN', wifeName, 1979];
    else if (i === opts.members - 1 && i >= 4) [relation, sex, name, birthYear] = ['ORANG TUA', 'PEREMPUAN', motherOfHead, 1950];
    else {
      sex = rnd() < 0.5 ? 'LAKI-LAKI' : 'PEREMPUAN';
      [relation, name, birthYear] = ['ANAK', `${pick(sex === 'LAKI-LAKI' ? MALE : FEMALE)} ${surname}`, 2004 + 2 * i];
    }
    const birthDate = `${birthYear}-${pad(1 + Math.floor(rnd() * 12), 2)}-${pad(1 + Math.floor(rnd() * 28), 2)}`;
    const child = relation === 'ANAK';
    const married = relation === 'KEPALA KELUARGA' || relation === 'ISTRI';
    let p: Person & { relation: FamilyRelation } = {
      nik: sampleNik(address.regionCode, birthDate, sex, i + 1),
      name,
      sex,
      birthPlace: pick(['KEDIRI', 'PARE', 'BLITAR', 'NGANJUK', 'TULUNGAGUNG']),
      birthDate,
      bloodType: pick(['A', 'B', 'AB', 'O', 'TIDAK TAHU'] as const),
      religion: pick(['ISLAM', 'ISLAM', 'ISLAM', 'KRISTEN', 'KATOLIK', 'HINDU'] as const),
      education: child && birthYear > 2015 ? 'TIDAK/BELUM SEKOLAH' : pick(EDUCATION),
      occupation: child ? (birthYear > 2017 ? 'BELUM/TIDAK BEKERJA' : 'PELAJAR/MAHASISWA') : relation === 'ISTRI' || relation === 'ORANG TUA' ? 'MENGURUS RUMAH TANGGA' : pick(JOBS),
      maritalStatus: married ? 'KAWIN' : relation === 'ORANG TUA' ? 'CERAI MATI' : 'BELUM KAWIN',
      marriageDate: married ? '1998-06-14' : null,
      nationality: 'WNI',
      passportNo: null,
      kitapNo: null,
      fatherName: child ? headName : relation === 'KEPALA KELUARGA' ? fatherOfHead : `${pick(MALE)} ${pick(SURNAMES)}`,
      motherName: child ? wifeName : relation === 'KEPALA KELUARGA' ? motherOfHead : `${pick(FEMALE)} ${pick(SURNAMES)}`,
      address,
      alive: true,
      photo: opts.photos?.photo ?? null,
      signature: opts.photos?.signature ?? null,
      relation,
    };
    if (opts.override) p = opts.override(i, p);
    members.push(p);
  }
  const head = members[0] as Person & { relation: FamilyRelation };
  const issuedOn = opts.issuedOn ?? '2024-05-13';
  return {
    type: 'kk',
    family: {
      kkNumber: `${address.regionCode}1305240${pad(opts.seed ?? 1, 3)}`,
      headNik: head.nik,
      address,
      members: members.map((m) => ({ nik: m.nik, relation: m.relation })),
      issuedOn,
      status: 'active',
      supersededBy: null,
    },
    members,
    head,
    office: SAMPLE_OFFICE,
    issuedOn,
  };
}

export interface SampleDocument<C extends DocumentContent = DocumentContent> {
  content: C;
  signature: DocumentSignature;
}

export function signContent<C extends DocumentContent>(content: C, office: Office = SAMPLE_OFFICE): SampleDocument<C> {
  const base = { type: content.type, issuedOn: content.issuedOn };
  const c = content as DocumentContent;
  const id =
    c.type === 'kk' ? { number: c.family.kkNumber, nik: c.head.nik }
    : c.type === 'ktp' || c.type === 'kia' ? { number: c.person.nik, nik: c.person.nik }
    : c.type === 'akta-lahir' ? { number: c.birth.aktaNumber, nik: c.birth.childNik }
    : { number: c.death.aktaNumber, nik: c.death.nik };
  return { content, signature: signSample(content, { ...base, ...id, revision: 1 }, office) };
}

/** One of each document type from one sample household. Photos and signatures are passed in (made with sharp). */
export function sampleDocuments(images: { photo: Uint8Array; signature: Uint8Array }, members = 10): Record<DocumentContent['type'], SampleDocument> {
  const kk = sampleFamily({ members, photos: { photo: images.photo, signature: images.signature } });
  const head = kk.head;
  const child = kk.members.filter((m) => m.relation === 'ANAK').at(-1) as Person & { relation: FamilyRelation };
  const [by = '', bm = '', bd = ''] = child.birthDate.split('-');
  const issuedOn = kk.issuedOn;
  const birth: Birth = {
    aktaNumber: `3506-LU-${bd}${bm}${by}-0042`,
    childNik: child.nik,
    childName: child.name,
    sex: child.sex,
    birthPlace: child.birthPlace,
    birthDate: child.birthDate,
    childOrder: kk.members.filter((m) => m.relation === 'ANAK').length,
    fatherName: child.fatherName,
    motherName: child.motherName,
    registeredOn: child.birthDate,
    lateRegistration: false,
  };
  const grandmother = kk.members[kk.members.length - 1] as Person;
  const death: Death = {
    aktaNumber: '3506-KM-21102023-0012',
    nik: grandmother.nik,
    name: grandmother.name,
    sex: grandmother.sex,
    birthDate: grandmother.birthDate,
    placeOfDeath: 'RSUD PARE, KABUPATEN KEDIRI',
    dateOfDeath: '2023-10-19',
    registeredOn: '2023-10-21',
  };
  return {
    kk: signContent(kk),
    ktp: signContent({ type: 'ktp', person: head, office: SAMPLE_OFFICE, issuedOn }),
    kia: signContent({
      type: 'kia',
      person: child,
      kkNumber: kk.family.kkNumber,
      headName: head.name,
      birthAktaNumber: birth.aktaNumber,
      // The day before the 17th birthday.
      validUntil: new Date(Date.UTC(Number(by) + 17, Number(bm) - 1, Number(bd) - 1)).toISOString().slice(0, 10),
      office: SAMPLE_OFFICE,
      issuedOn,
    }),
    'akta-lahir': signContent({ type: 'akta-lahir', birth, office: SAMPLE_OFFICE, issuedOn }),
    'akta-mati': signContent({ type: 'akta-mati', death, office: SAMPLE_OFFICE, issuedOn }),
  };
}
