import { createHash } from 'node:crypto';
import type { Address, DocumentType, IsoDate, Sex } from '../../../core/domain.ts';
import { addDays, addYears } from '../identifiers/dates.ts';
import { makeNik } from '../identifiers/nik.ts';
import { qrText } from '../embedded/secrets.ts';

/**
 * The fixed demo set: a handful of Kabupaten Kediri families whose documents anyone can print on the
 * simulated kiosk. Everything is fixed except what must move with the calendar (the 16-year-old
 * student and the in-progress application), which is placed relative to the day the registry was seeded.
 * `adm demo` prints it; the README shows the same table; the journey tests walk it.
 */

export interface DemoPerson {
  key: string;
  name: string;
  sex: Sex;
  birthDate: IsoDate;
  region6: string;
  serial: number;
  loginPin: string | null;
}

export interface DemoEntry {
  /** Short English label of the case. */
  case: string;
  /** What the kiosk should show, in Bahasa Indonesia. */
  kasus: string;
  type: DocumentType;
  citizenName: string;
  nik: string;
  /** Login PIN for NIK + PIN sign-in; null when the citizen is not registered for the ADM. */
  loginPin: string | null;
  applicationId: string;
  documentNumber: string;
  /** One-time document PIN; null for documents that cannot be claimed now. */
  pin: string | null;
  /** The QR from the SMS: signs in and claims, like the PIN. */
  qrText: string | null;
  /** The listing kind or the error the kiosk meets with this entry. */
  expect: 'ready' | 'not-yet' | 'in-progress' | 'not_registered' | 'superseded';
  /** For `not-yet` and `in-progress`: the date the kiosk tells the citizen. */
  date?: IsoDate;
}

const ADDRESS_BASE = { province: 'JAWA TIMUR', regency: 'KABUPATEN KEDIRI' };
export const DEMO_ADDRESSES: Record<'A' | 'B' | 'C' | 'D', Address> = {
  A: { ...ADDRESS_BASE, street: 'JL. DIPONEGORO NO. 17', rt: '002', rw: '004', village: 'TULUNGREJO', district: 'PARE', postalCode: '64212', regionCode: '350614' },
  B: { ...ADDRESS_BASE, street: 'JL. MERDEKA NO. 5', rt: '001', rw: '003', village: 'SUMBERAGUNG', district: 'NGASEM', postalCode: '64182', regionCode: '350623' },
  C: { ...ADDRESS_BASE, street: 'DSN. KRAJAN', rt: '004', rw: '001', village: 'SUMBERSARI', district: 'GURAH', postalCode: '64181', regionCode: '350610' },
  D: { ...ADDRESS_BASE, street: 'JL. MAWAR NO. 41', rt: '003', rw: '002', village: 'KARANGREJO', district: 'KANDAT', postalCode: '64173', regionCode: '350606' },
};

/** The student is 16 on the day of seeding and turns 17 seventy-five days later, so the rule always shows. */
export const studentBirthDate = (seededOn: IsoDate): IsoDate => addDays(addYears(seededOn, -17), 75);

export function demoPeople(seededOn: IsoDate): Record<string, DemoPerson> {
  const p = (key: string, name: string, sex: Sex, birthDate: IsoDate, region6: string, loginPin: string | null): DemoPerson => ({ key, name, sex, birthDate, region6, serial: 9001, loginPin });
  return {
    budi: p('budi', 'BUDI SANTOSO', 'LAKI-LAKI', '1984-03-12', '350614', '123456'),
    siti: p('siti', 'SITI AMINAH', 'PEREMPUAN', '1987-08-25', '350614', '234567'),
    dewi: p('dewi', 'DEWI ANGGRAINI', 'PEREMPUAN', '2018-04-10', '350614', null),
    ahmad: p('ahmad', 'AHMAD RIZKY SANTOSO', 'LAKI-LAKI', '2026-09-14', '350614', null),
    sumiati: p('sumiati', 'SUMIATI', 'PEREMPUAN', '1956-01-30', '350614', null),
    hendro: p('hendro', 'HENDRO WIBOWO', 'LAKI-LAKI', '1978-05-05', '350623', '678901'),
    ratna: p('ratna', 'RATNA SARI', 'PEREMPUAN', '1982-09-09', '350623', null),
    sekar: p('sekar', 'SEKAR AYU LESTARI', 'PEREMPUAN', studentBirthDate(seededOn), '350623', '456789'),
    suparman: p('suparman', 'SUPARMAN', 'LAKI-LAKI', '1958-07-04', '350610', null),
    kartini: p('kartini', 'KARTINI', 'PEREMPUAN', '1962-11-17', '350610', '345678'),
    bagus: p('bagus', 'BAGUS PRAKOSO', 'LAKI-LAKI', '1990-02-21', '350610', null),
    joko: p('joko', 'JOKO PRASETYO', 'LAKI-LAKI', '1985-12-01', '350606', '789012'),
    rina: p('rina', 'RINA WULANDARI', 'PEREMPUAN', '1989-06-18', '350606', '567890'),
    nayla: p('nayla', 'NAYLA PUTRI', 'PEREMPUAN', '2015-02-07', '350606', null),
  };
}

export const demoNik = (p: DemoPerson): string => makeNik(p.region6, p.birthDate, p.sex, p.serial);

/** Numbers of the demo documents (fixed; the KK numbers carry their issue dates). */
export const DEMO_NUMBERS = {
  kkA: '3506142006099001',
  kkB: '3506232003119001',
  kkCOld: '3506101508159001',
  kkCNew: '3506100511269001',
  kkDOld: '3506060103159001',
  kkDJoko: '3506061011269001',
  kkDRina: '3506061011269002',
  aktaAhmad: '3506-LU-02102026-9001',
  aktaDewi: '3506-LU-02052018-9001',
  aktaNayla: '3506-LU-20022015-9001',
  aktaSuparman: '3506-KM-05112026-9001',
  divorceDecision: '1234/Pdt.G/2026/PA.Kab.Kdr',
} as const;

export const DEMO_DATES = {
  kkAIssued: '2026-10-05',
  deathSuparman: '2026-10-30',
  deathRegistered: '2026-11-05',
  divorceDecided: '2026-10-12',
  divorceRegistered: '2026-11-10',
} as const;

/** The demo QR secret of an application: derived from its id so the table never changes. */
export function demoQrSecret(applicationId: string): string {
  return createHash('sha256').update(`adm-demo:${applicationId}`).digest().subarray(0, 16).toString('base64url');
}

export interface DemoApplicationPlan {
  id: string;
  type: DocumentType;
  pin: string | null;
}

/** The walkable entries, in the order of the README table. */
export function demoSet(seededOn: IsoDate): DemoEntry[] {
  const P = demoPeople(seededOn);
  const n = (k: keyof typeof P) => demoNik(P[k] as DemoPerson);
  const e = (x: Omit<DemoEntry, 'qrText' | 'citizenName' | 'loginPin'> & { who: keyof typeof P; qr?: boolean }): DemoEntry => {
    const { who, qr = x.pin !== null, ...rest } = x;
    const person = P[who] as DemoPerson;
    return { ...rest, citizenName: person.name, loginPin: person.loginPin, qrText: qr ? qrText(x.applicationId, demoQrSecret(x.applicationId)) : null };
  };
  return [
    e({ case: 'KK, ready (re-issued after a birth)', kasus: 'KK siap dicetak', type: 'kk', who: 'budi', nik: n('budi'), applicationId: 'KK-3506-900001', documentNumber: DEMO_NUMBERS.kkA, pin: '400101', expect: 'ready' }),
    e({ case: 'KTP-el, ready (replacement)', kasus: 'KTP-el siap dicetak', type: 'ktp', who: 'siti', nik: n('siti'), applicationId: 'KTP-3506-900002', documentNumber: n('siti'), pin: '400202', expect: 'ready' }),
    e({ case: 'KIA for a child of 8, printed by a parent', kasus: 'KIA anak siap dicetak', type: 'kia', who: 'budi', nik: n('budi'), applicationId: 'KIA-3506-900003', documentNumber: n('dewi'), pin: '400303', expect: 'ready' }),
    e({ case: 'Akta kelahiran of a newborn, printed by the mother', kasus: 'Akta kelahiran siap dicetak', type: 'akta-lahir', who: 'siti', nik: n('siti'), applicationId: 'AL-3506-900004', documentNumber: DEMO_NUMBERS.aktaAhmad, pin: '400404', expect: 'ready' }),
    e({ case: 'Akta kematian, printed by the widow', kasus: 'Akta kematian siap dicetak', type: 'akta-mati', who: 'kartini', nik: n('kartini'), applicationId: 'AM-3506-900006', documentNumber: DEMO_NUMBERS.aktaSuparman, pin: '400505', expect: 'ready' }),
    e({ case: 'KK after the death of the head (new number)', kasus: 'KK baru setelah kepala keluarga meninggal', type: 'kk', who: 'kartini', nik: n('kartini'), applicationId: 'KK-3506-900007', documentNumber: DEMO_NUMBERS.kkCNew, pin: '400606', expect: 'ready' }),
    e({ case: 'KTP-el of the widow (CERAI MATI)', kasus: 'KTP-el baru (status cerai mati)', type: 'ktp', who: 'kartini', nik: n('kartini'), applicationId: 'KTP-3506-900008', documentNumber: n('kartini'), pin: '400707', expect: 'ready' }),
    e({ case: 'KTP-el recorded at 16: ready, printable from the 17th birthday', kasus: 'KTP-el baru bisa dicetak mulai ulang tahun ke-17', type: 'ktp', who: 'sekar', nik: n('sekar'), applicationId: 'KTP-3506-900009', documentNumber: n('sekar'), pin: '400808', expect: 'not-yet', date: addYears(P.sekar?.birthDate ?? seededOn, 17) }),
    e({ case: 'KTP-el still in progress (listed with its expected date)', kasus: 'KTP-el sedang diproses', type: 'ktp', who: 'budi', nik: n('budi'), applicationId: 'KTP-3506-900005', documentNumber: n('budi'), pin: null, expect: 'in-progress', date: addDays(seededOn, 7) }),
    e({ case: 'KTP-el after a divorce (CERAI HIDUP)', kasus: 'KTP-el baru setelah perceraian', type: 'ktp', who: 'rina', nik: n('rina'), applicationId: 'KTP-3506-900010', documentNumber: n('rina'), pin: '400909', expect: 'ready' }),
    e({ case: 'KK of the divorced wife (new number)', kasus: 'KK baru setelah perceraian', type: 'kk', who: 'rina', nik: n('rina'), applicationId: 'KK-3506-900011', documentNumber: DEMO_NUMBERS.kkDRina, pin: '401010', expect: 'ready' }),
    e({ case: 'Old KK before the divorce: its QR verifies as superseded', kasus: 'KK lama: tidak berlaku lagi', type: 'kk', who: 'joko', nik: n('joko'), applicationId: 'KK-3506-900025', documentNumber: DEMO_NUMBERS.kkDOld, pin: null, qr: false, expect: 'superseded' }),
    e({ case: 'Citizen not registered for the ADM', kasus: 'Belum terdaftar ADM', type: 'kk', who: 'bagus', nik: n('bagus'), applicationId: '-', documentNumber: '-', pin: null, qr: false, expect: 'not_registered' }),
  ];
}
