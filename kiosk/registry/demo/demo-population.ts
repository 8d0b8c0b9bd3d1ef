import type { BloodType, Family, FamilyMember, IsoDate, MaritalStatus, Person, Religion } from '../../../core/domain.ts';
import { addDays, addYears } from '../identifiers/dates.ts';
import type { PopulationBuilder } from '../seed/population.ts';
import { addApplication, addPerson, addRegistration } from '../seed/families.ts';
import { DEMO_ADDRESSES, DEMO_DATES, DEMO_NUMBERS, demoNik, demoPeople, demoQrSecret, type DemoPerson } from './demo-set.ts';

interface Extra {
  marital: MaritalStatus;
  married?: IsoDate;
  occupation: string;
  education: string;
  father: string;
  mother: string;
  place: string;
  family: keyof typeof DEMO_ADDRESSES;
  blood?: BloodType;
  religion?: Religion;
  alive?: boolean;
}

const EXTRA: Record<string, Extra> = {
  budi: { marital: 'KAWIN', married: '2009-06-20', occupation: 'WIRASWASTA', education: 'SLTA/SEDERAJAT', father: 'SLAMET RIYADI', mother: 'SUMIATI', place: 'KEDIRI', family: 'A', blood: 'O' },
  siti: { marital: 'KAWIN', married: '2009-06-20', occupation: 'MENGURUS RUMAH TANGGA', education: 'SLTA/SEDERAJAT', father: 'ABDUL KHOLIQ', mother: 'MARFU\'AH', place: 'NGANJUK', family: 'A', blood: 'A' },
  dewi: { marital: 'BELUM KAWIN', occupation: 'PELAJAR/MAHASISWA', education: 'BELUM TAMAT SD/SEDERAJAT', father: 'BUDI SANTOSO', mother: 'SITI AMINAH', place: 'KEDIRI', family: 'A' },
  ahmad: { marital: 'BELUM KAWIN', occupation: 'BELUM/TIDAK BEKERJA', education: 'TIDAK/BELUM SEKOLAH', father: 'BUDI SANTOSO', mother: 'SITI AMINAH', place: 'KEDIRI', family: 'A' },
  sumiati: { marital: 'CERAI MATI', occupation: 'BELUM/TIDAK BEKERJA', education: 'TAMAT SD/SEDERAJAT', father: 'KASMADI', mother: 'PAINEM', place: 'KEDIRI', family: 'A' },
  hendro: { marital: 'KAWIN', married: '2008-01-12', occupation: 'GURU', education: 'DIPLOMA IV/STRATA I', father: 'SUGIYONO', mother: 'SUPARMI', place: 'KEDIRI', family: 'B', blood: 'B' },
  ratna: { marital: 'KAWIN', married: '2008-01-12', occupation: 'PEDAGANG', education: 'SLTA/SEDERAJAT', father: 'MUSLIMIN', mother: 'SRI WAHYUNI', place: 'BLITAR', family: 'B' },
  sekar: { marital: 'BELUM KAWIN', occupation: 'PELAJAR/MAHASISWA', education: 'SLTP/SEDERAJAT', father: 'HENDRO WIBOWO', mother: 'RATNA SARI', place: 'KEDIRI', family: 'B' },
  suparman: { marital: 'KAWIN', married: '1986-05-10', occupation: 'PETANI/PEKEBUN', education: 'TAMAT SD/SEDERAJAT', father: 'KARTO', mother: 'SAINAH', place: 'KEDIRI', family: 'C', alive: false },
  kartini: { marital: 'CERAI MATI', married: '1986-05-10', occupation: 'PETANI/PEKEBUN', education: 'TAMAT SD/SEDERAJAT', father: 'PAIMAN', mother: 'TUKINEM', place: 'KEDIRI', family: 'C' },
  bagus: { marital: 'BELUM KAWIN', occupation: 'KARYAWAN SWASTA', education: 'SLTA/SEDERAJAT', father: 'SUPARMAN', mother: 'KARTINI', place: 'KEDIRI', family: 'C' },
  joko: { marital: 'CERAI HIDUP', married: '2013-11-02', occupation: 'KARYAWAN SWASTA', education: 'AKADEMI/DIPLOMA III/S. MUDA', father: 'WAGIMAN', mother: 'SUWARNI', place: 'KEDIRI', family: 'D', blood: 'AB' },
  rina: { marital: 'CERAI HIDUP', married: '2013-11-02', occupation: 'KARYAWAN SWASTA', education: 'SLTA/SEDERAJAT', father: 'MOCHAMAD NUR', mother: 'ENDANG', place: 'TULUNGAGUNG', family: 'D' },
  nayla: { marital: 'BELUM KAWIN', occupation: 'PELAJAR/MAHASISWA', education: 'BELUM TAMAT SD/SEDERAJAT', father: 'JOKO PRASETYO', mother: 'RINA WULANDARI', place: 'KEDIRI', family: 'D' },
};

/**
 * Adds the demo families to a population as they stand after their civil changes: Kartini's
 * husband died (akta kematian, new KK, her KTP-el re-issued), Rina and Joko divorced (old KK and
 * KTP-el superseded, new ones ready), Budi's KK was re-issued after a birth.
 */
export function addDemoPopulation(b: PopulationBuilder, seededOn: IsoDate): void {
  const P = demoPeople(seededOn);
  const persons: Record<string, Person> = {};
  for (const [key, dp] of Object.entries(P) as Array<[string, DemoPerson]>) {
    const x = EXTRA[key] as Extra;
    persons[key] = addPerson(b, {
      nik: demoNik(dp), name: dp.name, region6: dp.region6, sex: dp.sex, birthDate: dp.birthDate, religion: x.religion ?? 'ISLAM', style: 'java',
      address: DEMO_ADDRESSES[x.family], birthPlace: x.place, maritalStatus: x.marital, marriageDate: x.married ?? null, fatherName: x.father,
      motherName: x.mother, occupation: x.occupation, education: x.education, bloodType: x.blood ?? 'TIDAK TAHU', alive: x.alive ?? true,
    }, seededOn);
    if (dp.loginPin !== null) addRegistration(b, demoNik(dp), addDays(seededOn, -30), dp.loginPin);
  }
  const nik = (k: string) => (persons[k] as Person).nik;
  const m = (k: string, relation: FamilyMember['relation']): FamilyMember => ({ nik: nik(k), relation });
  const fam = (kkNumber: string, head: string, address: keyof typeof DEMO_ADDRESSES, members: FamilyMember[], issuedOn: IsoDate, supersededBy: string | null = null): Family =>
    ({ kkNumber, headNik: nik(head), address: DEMO_ADDRESSES[address], members, issuedOn, status: supersededBy ? 'superseded' : 'active', supersededBy });
  b.reserve(...Object.values(DEMO_NUMBERS));
  b.pop.families.push(
    fam(DEMO_NUMBERS.kkA, 'budi', 'A', [m('budi', 'KEPALA KELUARGA'), m('siti', 'ISTRI'), m('dewi', 'ANAK'), m('ahmad', 'ANAK'), m('sumiati', 'ORANG TUA')], DEMO_DATES.kkAIssued),
    fam(DEMO_NUMBERS.kkB, 'hendro', 'B', [m('hendro', 'KEPALA KELUARGA'), m('ratna', 'ISTRI'), m('sekar', 'ANAK')], '2011-03-20'),
    fam(DEMO_NUMBERS.kkCOld, 'suparman', 'C', [m('suparman', 'KEPALA KELUARGA'), m('kartini', 'ISTRI'), m('bagus', 'ANAK')], '2015-08-15', DEMO_NUMBERS.kkCNew),
    fam(DEMO_NUMBERS.kkCNew, 'kartini', 'C', [m('kartini', 'KEPALA KELUARGA'), m('bagus', 'ANAK')], DEMO_DATES.deathRegistered),
    fam(DEMO_NUMBERS.kkDOld, 'joko', 'D', [m('joko', 'KEPALA KELUARGA'), m('rina', 'ISTRI'), m('nayla', 'ANAK')], '2015-03-01', DEMO_NUMBERS.kkDJoko),
    fam(DEMO_NUMBERS.kkDJoko, 'joko', 'D', [m('joko', 'KEPALA KELUARGA')], DEMO_DATES.divorceRegistered),
    fam(DEMO_NUMBERS.kkDRina, 'rina', 'D', [m('rina', 'KEPALA KELUARGA'), m('nayla', 'ANAK')], DEMO_DATES.divorceRegistered),
  );
  const birth = (k: string, aktaNumber: string, registeredOn: IsoDate, childOrder: number) => {
    const c = persons[k] as Person;
    b.pop.births.push({ aktaNumber, childNik: c.nik, childName: c.name, sex: c.sex, birthPlace: c.birthPlace, birthDate: c.birthDate, childOrder, fatherName: c.fatherName, motherName: c.motherName, registeredOn, lateRegistration: false });
  };
  birth('dewi', DEMO_NUMBERS.aktaDewi, '2018-05-02', 1);
  birth('ahmad', DEMO_NUMBERS.aktaAhmad, '2026-10-02', 2);
  birth('nayla', DEMO_NUMBERS.aktaNayla, '2015-02-20', 1);
  const sup = persons.suparman as Person;
  b.pop.deaths.push({ aktaNumber: DEMO_NUMBERS.aktaSuparman, nik: sup.nik, name: sup.name, sex: sup.sex, birthDate: sup.birthDate, placeOfDeath: 'KEDIRI', dateOfDeath: DEMO_DATES.deathSuparman, registeredOn: DEMO_DATES.deathRegistered });

  type Kind = Parameters<typeof addApplication>[1];
  const app = (id: string, type: Kind['type'], subject: string, applicant: string, owners: string[], documentNumber: string, status: Kind['status'], issuedOn: IsoDate | null, pin: string | null, more: Partial<Kind> = {}) =>
    addApplication(b, {
      id, type, subjectNik: nik(subject), applicantNik: nik(applicant), ownerNiks: owners.map(nik), documentNumber, status, issuedOn,
      submittedOn: issuedOn ? addDays(issuedOn, -7) : addDays(seededOn, -3), expectedOn: null, printableFrom: null, officeCode: '3506',
      pin, qrSecret: pin === null ? null : demoQrSecret(id), printedAt: status === 'printed' || status === 'superseded' ? `${issuedOn ?? seededOn}T09:00:00.000Z` : null,
      ...more,
    });
  const sekarIssued = addDays(seededOn, -14);
  app('KK-3506-900001', 'kk', 'budi', 'budi', ['budi', 'siti'], DEMO_NUMBERS.kkA, 'ready', DEMO_DATES.kkAIssued, '400101');
  app('KTP-3506-900002', 'ktp', 'siti', 'siti', ['siti'], nik('siti'), 'ready', '2026-11-02', '400202');
  app('KIA-3506-900003', 'kia', 'dewi', 'budi', ['dewi', 'budi', 'siti'], nik('dewi'), 'ready', '2026-11-03', '400303');
  app('AL-3506-900004', 'akta-lahir', 'ahmad', 'siti', ['ahmad', 'budi', 'siti'], DEMO_NUMBERS.aktaAhmad, 'ready', '2026-10-02', '400404');
  app('KTP-3506-900005', 'ktp', 'budi', 'budi', ['budi'], nik('budi'), 'submitted', null, null, { expectedOn: addDays(seededOn, 7) });
  app('AM-3506-900006', 'akta-mati', 'suparman', 'kartini', ['kartini', 'bagus'], DEMO_NUMBERS.aktaSuparman, 'ready', DEMO_DATES.deathRegistered, '400505');
  app('KK-3506-900007', 'kk', 'kartini', 'kartini', ['kartini'], DEMO_NUMBERS.kkCNew, 'ready', DEMO_DATES.deathRegistered, '400606');
  app('KTP-3506-900008', 'ktp', 'kartini', 'kartini', ['kartini'], nik('kartini'), 'ready', DEMO_DATES.deathRegistered, '400707');
  app('KTP-3506-900009', 'ktp', 'sekar', 'sekar', ['sekar'], nik('sekar'), 'ready', sekarIssued, '400808', { printableFrom: addYears((persons.sekar as Person).birthDate, 17) });
  app('KTP-3506-900010', 'ktp', 'rina', 'rina', ['rina'], nik('rina'), 'ready', DEMO_DATES.divorceRegistered, '400909');
  app('KK-3506-900011', 'kk', 'rina', 'rina', ['rina'], DEMO_NUMBERS.kkDRina, 'ready', DEMO_DATES.divorceRegistered, '401010');
  app('KTP-3506-900012', 'ktp', 'joko', 'joko', ['joko'], nik('joko'), 'ready', DEMO_DATES.divorceRegistered, '401111');
  app('KIA-3506-900013', 'kia', 'nayla', 'rina', ['nayla', 'rina'], nik('nayla'), 'ready', DEMO_DATES.divorceRegistered, '401313');
  app('KK-3506-900014', 'kk', 'joko', 'joko', ['joko'], DEMO_NUMBERS.kkDJoko, 'ready', DEMO_DATES.divorceRegistered, '401212');
  // History: what was printed before, and what the changes superseded.
  const old = (id: string, type: Kind['type'], subject: string, owners: string[], number: string, issuedOn: IsoDate, supersededBy: string | null) =>
    app(id, type, subject, subject, owners, number, supersededBy ? 'superseded' : 'printed', issuedOn, null, supersededBy ? { supersededBy } : {});
  old('KTP-3506-900020', 'ktp', 'budi', ['budi'], nik('budi'), '2012-06-11', null);
  old('KTP-3506-900021', 'ktp', 'siti', ['siti'], nik('siti'), '2012-07-02', 'KTP-3506-900002');
  old('KK-3506-900022', 'kk', 'suparman', ['suparman', 'kartini'], DEMO_NUMBERS.kkCOld, '2015-08-15', DEMO_NUMBERS.kkCNew);
  old('KTP-3506-900023', 'ktp', 'suparman', ['suparman'], nik('suparman'), '2012-08-20', DEMO_NUMBERS.aktaSuparman);
  old('KTP-3506-900024', 'ktp', 'kartini', ['kartini'], nik('kartini'), '2012-08-20', 'KTP-3506-900008');
  old('KK-3506-900025', 'kk', 'joko', ['joko', 'rina'], DEMO_NUMBERS.kkDOld, '2015-03-01', DEMO_NUMBERS.kkDJoko);
  old('KTP-3506-900026', 'ktp', 'joko', ['joko'], nik('joko'), '2012-09-10', 'KTP-3506-900012');
  old('KTP-3506-900027', 'ktp', 'rina', ['rina'], nik('rina'), '2012-09-10', 'KTP-3506-900010');
  old('KIA-3506-900028', 'kia', 'nayla', ['nayla', 'rina', 'joko'], nik('nayla'), '2020-01-15', 'KIA-3506-900013');
  old('AL-3506-900029', 'akta-lahir', 'dewi', ['dewi', 'budi', 'siti'], DEMO_NUMBERS.aktaDewi, '2018-05-02', null);
  old('AL-3506-900030', 'akta-lahir', 'nayla', ['nayla', 'rina', 'joko'], DEMO_NUMBERS.aktaNayla, '2015-02-20', null);
  old('KTP-3506-900031', 'ktp', 'hendro', ['hendro'], nik('hendro'), '2012-05-14', null);
  old('KTP-3506-900032', 'ktp', 'ratna', ['ratna'], nik('ratna'), '2012-05-14', null);
  old('KK-3506-900033', 'kk', 'hendro', ['hendro', 'ratna'], DEMO_NUMBERS.kkB, '2011-03-20', null);
  old('KK-3506-900034', 'kk', 'budi', ['budi', 'siti'], DEMO_NUMBERS.kkA, '2018-05-10', `${DEMO_NUMBERS.kkA} (${DEMO_DATES.kkAIssued})`);
}
