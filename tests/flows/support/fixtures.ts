import type { Application, Citizen, DocumentListing, Person } from '../../../core/domain.ts';
import type { JourneySettings } from '../../../flows/settings.ts';

export const SETTINGS: JourneySettings = {
  fingerprintAttempts: 3,
  inactivityWarningMs: 45_000,
  inactivityTimeoutMs: 60_000,
  takeDocumentTimeoutMs: 30_000,
  thankYouMs: 6_000,
  endedNoticeMs: 8_000,
  deviceOperationMs: 15_000,
  registryCallMs: 3_500,
  printJobMs: 180_000,
};

export const NIK = '3506042505900003';

export function person(nik = NIK, name = 'BUDI SANTOSO'): Person {
  return {
    nik,
    name,
    sex: 'LAKI-LAKI',
    birthPlace: 'KEDIRI',
    birthDate: '1990-05-25',
    bloodType: 'O',
    religion: 'ISLAM',
    education: 'SLTA/SEDERAJAT',
    occupation: 'WIRASWASTA',
    maritalStatus: 'KAWIN',
    marriageDate: '2015-08-17',
    nationality: 'WNI',
    passportNo: null,
    kitapNo: null,
    fatherName: 'SUTRISNO',
    motherName: 'SITI AMINAH',
    address: {
      street: 'JL. MAWAR NO. 12',
      rt: '003',
      rw: '005',
      village: 'PARE',
      district: 'PARE',
      regency: 'KABUPATEN KEDIRI',
      province: 'JAWA TIMUR',
      postalCode: '64211',
      regionCode: '350604',
    },
    alive: true,
    photo: null,
    signature: null,
  };
}

export const CITIZEN: Citizen = { person: person(), kkNumber: '3506041203150007' };

export function application(id: string, type: Application['type'], over: Partial<Application> = {}): Application {
  return {
    id,
    type,
    subjectNik: NIK,
    ownerNiks: [NIK],
    documentNumber: type === 'kk' ? '3506041203150007' : type === 'akta-lahir' ? '3506-LU-15032021-0042' : NIK,
    status: 'ready',
    submittedOn: '2025-05-20',
    expectedOn: null,
    printableFrom: null,
    officeCode: '3506',
    ...over,
  };
}

/** One of each listing kind: a KK and a KTP ready, a birth certificate in progress, a KIA not yet printable. */
export const LISTINGS: DocumentListing[] = [
  { kind: 'ready', application: application('app-kk', 'kk'), title: 'Kartu Keluarga' },
  { kind: 'ready', application: application('app-ktp', 'ktp'), title: 'KTP Elektronik' },
  { kind: 'in-progress', application: application('app-akta', 'akta-lahir', { status: 'approved', expectedOn: '2025-06-10' }), title: 'Akta Kelahiran', expectedOn: '2025-06-10' },
  { kind: 'not-yet', application: application('app-kia', 'kia'), title: 'Kartu Identitas Anak', printableFrom: '2025-07-01' },
];
