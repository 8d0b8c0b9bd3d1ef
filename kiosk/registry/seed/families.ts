import type { Address, Birth, BloodType, FamilyMember, IsoDate, MaritalStatus, Person, Religion, Sex } from '../../../core/domain.ts';
import { addDays, addYears, ageOn, daysInMonth, isoDate } from '../identifiers/dates.ts';
import { DISTRICTS, PROVINCES, REGENCIES, placeName } from '../identifiers/regions.ts';
import type { PopulationBuilder, PlannedApplication } from './population.ts';
import type { SeededRandom } from './random.ts';
import {
  EDUCATION, PALU_VILLAGES, POSTAL_PREFIX, STREETS, VILLAGES, educationFor, occupationFor, personName, religionFor, type NameStyle,
} from './names.ts';

/** Regions the generator draws families from, with weights (a Kediri kiosk mostly sees Kediri). */
export const SEED_REGIONS: ReadonlyArray<readonly [string, number]> = [['3506', 60], ['3572', 15], ['3575', 15], ['7271', 10]];

const BLOOD: ReadonlyArray<readonly [BloodType, number]> = [['TIDAK TAHU', 40], ['O', 22], ['A', 14], ['B', 16], ['AB', 5], ['O+', 1], ['A+', 1], ['B+', 1]];

export function randomAddress(rnd: SeededRandom, region4: string): Address {
  const districts = Object.keys(DISTRICTS).filter((c) => c.startsWith(region4));
  const region6 = districts.length > 0 ? rnd.pick(districts) : `${region4}01`;
  const street = rnd.pick(STREETS);
  return {
    street: street.startsWith('DSN.') ? street : `${street} NO. ${rnd.int(1, 120)}`,
    rt: String(rnd.int(1, 12)).padStart(3, '0'),
    rw: String(rnd.int(1, 8)).padStart(3, '0'),
    village: rnd.pick(region4 === '7271' ? PALU_VILLAGES : VILLAGES),
    district: DISTRICTS[region6] ?? 'KECAMATAN',
    regency: REGENCIES[region4] ?? region4,
    province: PROVINCES[region4.slice(0, 2)] ?? '',
    postalCode: `${POSTAL_PREFIX[region4] ?? '651'}${String(rnd.int(11, 99))}`,
    regionCode: region6,
  };
}

export function randomDateInYear(rnd: SeededRandom, year: number): IsoDate {
  const month = rnd.int(1, 12);
  return isoDate(year, month, rnd.int(1, daysInMonth(year, month)));
}

export function dateBetween(rnd: SeededRandom, from: IsoDate, to: IsoDate): IsoDate {
  const span = Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000));
  return addDays(from, rnd.int(0, span));
}

export interface PersonSpec {
  region6: string;
  sex: Sex;
  birthDate: IsoDate;
  name?: string;
  religion: Religion;
  maritalStatus: MaritalStatus;
  marriageDate: IsoDate | null;
  fatherName: string;
  motherName: string;
  address: Address;
  birthPlace: string;
  alive?: boolean;
  style: NameStyle;
  nik?: string;
  occupation?: string;
  education?: string;
  bloodType?: BloodType;
}

/** Adds a person (and their portrait/signature jobs) to the population. */
export function addPerson(b: PopulationBuilder, s: PersonSpec, today: IsoDate): Person {
  const { rnd } = b;
  const year = Number(s.birthDate.slice(0, 4));
  const age = ageOn(s.birthDate, today);
  const nik = s.nik ?? b.nik(s.region6, s.birthDate, s.sex);
  b.reserve(nik);
  const education = s.education ?? educationFor(rnd, age);
  const p: Person = {
    nik,
    name: s.name ?? personName(rnd, s.sex, year, s.style),
    sex: s.sex,
    birthPlace: s.birthPlace,
    birthDate: s.birthDate,
    bloodType: s.bloodType ?? rnd.weighted(BLOOD),
    religion: s.religion,
    education,
    occupation: s.occupation ?? occupationFor(rnd, age, s.sex, education),
    maritalStatus: s.maritalStatus,
    marriageDate: s.marriageDate,
    nationality: 'WNI',
    passportNo: null,
    kitapNo: null,
    fatherName: s.fatherName,
    motherName: s.motherName,
    address: s.address,
    alive: s.alive ?? true,
    photo: null,
    signature: null,
  };
  b.pop.persons.push(p);
  // Pas foto from age 5 (KIA for under-fives has none); signatures from KTP age.
  const traits = { sex: s.sex, birthYear: year, age, hijab: s.religion === 'ISLAM' && s.sex === 'PEREMPUAN' && age >= 10 && rnd.chance(0.8) };
  if (age >= 5) b.pop.images.push({ nik, kind: 'photo', traits, name: p.name });
  if (age >= 17) b.pop.images.push({ nik, kind: 'signature', traits, name: p.name });
  return p;
}

export function addBirthRecord(b: PopulationBuilder, child: Person, childOrder: number, today: IsoDate, late?: boolean): Birth {
  const { rnd } = b;
  const isLate = late ?? rnd.chance(0.1);
  let registeredOn = addDays(child.birthDate, isLate ? rnd.int(70, 900) : rnd.int(3, 50));
  if (registeredOn > today) registeredOn = today;
  const birth: Birth = {
    aktaNumber: b.aktaNumber(child.address.regionCode.slice(0, 4), isLate ? 'LT' : 'LU', registeredOn),
    childNik: child.nik,
    childName: child.name,
    sex: child.sex,
    birthPlace: child.birthPlace,
    birthDate: child.birthDate,
    childOrder,
    fatherName: child.fatherName,
    motherName: child.motherName,
    registeredOn,
    lateRegistration: isLate,
  };
  b.pop.births.push(birth);
  return birth;
}

export function addRegistration(b: PopulationBuilder, nik: string, registeredOn: IsoDate, pin?: string): void {
  b.pop.registrations.push({ nik, pin: pin ?? b.rnd.digits(6), registeredOn, validUntil: addYears(registeredOn, 2) });
}

type AppSpec = Omit<PlannedApplication, 'id' | 'pin' | 'qrSecret'> & { id?: string; pin?: string | null; qrSecret?: string | null };

export function addApplication(b: PopulationBuilder, a: AppSpec): PlannedApplication {
  const printable = a.status === 'ready' || a.status === 'locked';
  const app: PlannedApplication = {
    ...a,
    id: a.id ?? b.applicationId(a.type, a.officeCode),
    pin: a.pin !== undefined ? a.pin : printable ? b.rnd.digits(6) : null,
    qrSecret: a.qrSecret !== undefined ? a.qrSecret : printable ? b.rnd.secret() : null,
  };
  b.reserve(app.id);
  b.pop.applications.push(app);
  return app;
}

/** One plausible family: head, spouse, children with akta kelahiran, sometimes a grandparent, sometimes a recent death. */
export function generateFamily(b: PopulationBuilder, today: IsoDate): void {
  const { rnd } = b;
  const region4 = rnd.weighted(SEED_REGIONS);
  const style: NameStyle = region4.startsWith('72') ? 'sulawesi' : 'java';
  const address = randomAddress(rnd, region4);
  const region6 = address.regionCode;
  const place = placeName(REGENCIES[region4] ?? '');
  const religion = religionFor(rnd, style);
  const todayYear = Number(today.slice(0, 4));
  const pastDate = (year: number) => {
    const d = randomDateInYear(rnd, year);
    return d > today ? addDays(today, -rnd.int(1, 300)) : d;
  };
  const parentNames = (sex: Sex, year: number) => ({ fatherName: personName(rnd, 'LAKI-LAKI', year - 28, style), motherName: personName(rnd, 'PEREMPUAN', year - 25, style), sex });

  const shape = rnd.weighted<'married' | 'widowed' | 'single'>([['married', 85], ['widowed', 10], ['single', 5]]);
  const headAge = shape === 'single' ? rnd.int(24, 34) : rnd.int(27, 70);
  const headSex: Sex = shape === 'widowed' && rnd.chance(0.6) ? 'PEREMPUAN' : 'LAKI-LAKI';
  const headBirth = pastDate(todayYear - headAge);
  const headParents = parentNames(headSex, Number(headBirth.slice(0, 4)));
  const marriageDate = shape === 'single' ? null : dateBetween(rnd, addYears(headBirth, 21), addYears(headBirth, 30) > today ? today : addYears(headBirth, 30));
  const head = addPerson(b, {
    region6, sex: headSex, birthDate: headBirth, religion, style, address, birthPlace: rnd.chance(0.85) ? place : rnd.pick(['SURABAYA', 'MALANG', 'NGANJUK', 'TULUNGAGUNG', 'JOMBANG']),
    maritalStatus: shape === 'married' ? 'KAWIN' : shape === 'widowed' ? 'CERAI MATI' : 'BELUM KAWIN', marriageDate: shape === 'married' ? marriageDate : null,
    fatherName: headParents.fatherName, motherName: headParents.motherName,
  }, today);
  const members: FamilyMember[] = [{ nik: head.nik, relation: 'KEPALA KELUARGA' }];

  let wife: Person | null = null;
  if (shape === 'married' && marriageDate) {
    let wifeBirth = addYears(headBirth, rnd.int(0, 8));
    if (ageOn(wifeBirth, marriageDate) < 19) wifeBirth = addYears(marriageDate, -19 - rnd.int(0, 3));
    const wp = parentNames('PEREMPUAN', Number(wifeBirth.slice(0, 4)));
    wife = addPerson(b, {
      region6, sex: 'PEREMPUAN', birthDate: wifeBirth, religion, style, address, birthPlace: rnd.chance(0.8) ? place : 'KEDIRI',
      maritalStatus: 'KAWIN', marriageDate, fatherName: wp.fatherName, motherName: wp.motherName,
    }, today);
    members.push({ nik: wife.nik, relation: 'ISTRI' });
  }

  const children: Person[] = [];
  if (marriageDate) {
    const count = rnd.weighted<number>([[0, 10], [1, 25], [2, 35], [3, 20], [4, 10]]);
    let next = addDays(marriageDate, rnd.int(300, 900));
    const mother = wife ?? (head.sex === 'PEREMPUAN' ? head : null);
    for (let i = 0; i < count && next < addDays(today, -2); i++) {
      if (mother && ageOn(mother.birthDate, next) > 44) break;
      const sex: Sex = rnd.chance(0.5) ? 'LAKI-LAKI' : 'PEREMPUAN';
      const child = addPerson(b, {
        region6, sex, birthDate: next, religion, style, address, birthPlace: place, maritalStatus: 'BELUM KAWIN', marriageDate: null,
        fatherName: head.sex === 'LAKI-LAKI' ? head.name : personName(rnd, 'LAKI-LAKI', Number(next.slice(0, 4)) - 30, style),
        motherName: mother?.name ?? personName(rnd, 'PEREMPUAN', Number(next.slice(0, 4)) - 27, style),
      }, today);
      children.push(child);
      members.push({ nik: child.nik, relation: 'ANAK' });
      addBirthRecord(b, child, i + 1, today);
      next = addDays(next, rnd.int(500, 1800));
    }
  }

  // Children who married and left keep their own KK elsewhere: the generator only keeps those under 25.
  const keptChildren = children.filter((c) => ageOn(c.birthDate, today) < 25);
  const kept = members.filter((m) => m.relation !== 'ANAK' || keptChildren.some((c) => c.nik === m.nik));

  if (headAge < 50 && rnd.chance(0.15)) {
    const gmBirth = addYears(headBirth, -rnd.int(22, 30));
    const gm = addPerson(b, {
      region6, sex: 'PEREMPUAN', birthDate: gmBirth, religion, style, address, birthPlace: place, maritalStatus: 'CERAI MATI', marriageDate: null,
      fatherName: personName(rnd, 'LAKI-LAKI', 1930, style), motherName: personName(rnd, 'PEREMPUAN', 1930, style), name: head.motherName,
      education: EDUCATION.primary,
    }, today);
    kept.push({ nik: gm.nik, relation: 'ORANG TUA' });
  }

  // Sometimes the head's father died recently and lived elsewhere: his akta kematian is the family's to print.
  let death: { aktaNumber: string; dateOfDeath: IsoDate } | null = null;
  if (headAge < 60 && rnd.chance(0.12)) {
    const fBirth = addYears(headBirth, -rnd.int(24, 34));
    const dateOfDeath = addDays(today, -rnd.int(5, 900));
    const f = addPerson(b, {
      region6, sex: 'LAKI-LAKI', birthDate: fBirth, religion, style, address: randomAddress(rnd, region4), birthPlace: place, maritalStatus: 'CERAI MATI', marriageDate: null,
      fatherName: personName(rnd, 'LAKI-LAKI', 1920, style), motherName: personName(rnd, 'PEREMPUAN', 1920, style), name: head.fatherName, alive: false,
    }, today);
    const registeredOn = addDays(dateOfDeath, rnd.int(2, 20)) > today ? today : addDays(dateOfDeath, rnd.int(2, 20));
    const aktaNumber = b.aktaNumber(region4, 'KM', registeredOn);
    b.pop.deaths.push({ aktaNumber, nik: f.nik, name: f.name, sex: f.sex, birthDate: f.birthDate, placeOfDeath: place, dateOfDeath, registeredOn });
    death = { aktaNumber, dateOfDeath: registeredOn };
  }

  const lastEvent = [marriageDate, ...keptChildren.map((c) => c.birthDate)].filter((d): d is string => d !== null).sort().at(-1) ?? addYears(today, -rnd.int(1, 10));
  let issuedOn = addDays(lastEvent, rnd.int(7, 60));
  if (issuedOn > today) issuedOn = today;
  const kkNumber = b.kkNumber(region6, issuedOn);
  b.pop.families.push({ kkNumber, headNik: head.nik, address, members: kept, issuedOn, status: 'active', supersededBy: null });

  // ADM sign-up: most adults, some expired.
  const living = b.pop.persons.filter((p) => kept.some((m) => m.nik === p.nik));
  for (const p of living) {
    const age = ageOn(p.birthDate, today);
    if (age >= 17 && rnd.chance(0.8)) addRegistration(b, p.nik, rnd.chance(0.06) ? addDays(today, -rnd.int(735, 900)) : addDays(today, -rnd.int(10, 700)));
  }

  const spouseNiks = wife ? [head.nik, wife.nik] : [head.nik];
  const base = { officeCode: region4, submittedOn: addDays(issuedOn, -rnd.int(3, 20)), expectedOn: null, printableFrom: null };
  const recent = (d: IsoDate) => d >= addDays(today, -45);
  addApplication(b, {
    ...base, type: 'kk', subjectNik: head.nik, applicantNik: head.nik, ownerNiks: spouseNiks, documentNumber: kkNumber,
    status: recent(issuedOn) ? 'ready' : 'printed', issuedOn, printedAt: recent(issuedOn) ? null : `${addDays(issuedOn, rnd.int(1, 20))}T09:00:00.000Z`,
  });

  for (const p of living) {
    const age = ageOn(p.birthDate, today);
    const sweet17 = addYears(p.birthDate, 17);
    if (age >= 17) {
      const replacement = rnd.chance(0.1);
      const firstIssue = addDays(sweet17, rnd.int(0, 400)) > today ? today : addDays(sweet17, rnd.int(0, 400));
      addApplication(b, { ...base, submittedOn: addDays(firstIssue, -rnd.int(3, 20)), type: 'ktp', subjectNik: p.nik, applicantNik: p.nik, ownerNiks: [p.nik], documentNumber: p.nik, status: 'printed', issuedOn: firstIssue, printedAt: `${firstIssue}T08:00:00.000Z` });
      if (replacement) {
        const issued = addDays(today, -rnd.int(1, 25));
        addApplication(b, { ...base, submittedOn: addDays(issued, -rnd.int(2, 10)), type: 'ktp', subjectNik: p.nik, applicantNik: p.nik, ownerNiks: [p.nik], documentNumber: p.nik, status: 'ready', issuedOn: issued });
      } else if (rnd.chance(0.08)) {
        const approved = rnd.chance(0.4);
        addApplication(b, { ...base, submittedOn: addDays(today, -rnd.int(1, 10)), expectedOn: addDays(today, approved ? rnd.int(1, 5) : rnd.int(3, 14)), type: 'ktp', subjectNik: p.nik, applicantNik: p.nik, ownerNiks: [p.nik], documentNumber: p.nik, status: approved ? 'approved' : 'submitted', issuedOn: null });
      }
    } else if (age === 16 && rnd.chance(0.5)) {
      // Perekaman KTP-el at 16 (school programmes): ready now, printable from the 17th birthday.
      const issued = addDays(today, -rnd.int(1, 30));
      addRegistration(b, p.nik, issued);
      addApplication(b, { ...base, submittedOn: addDays(issued, -7), type: 'ktp', subjectNik: p.nik, applicantNik: p.nik, ownerNiks: [p.nik], documentNumber: p.nik, status: 'ready', issuedOn: issued, printableFrom: sweet17 });
    }
    if (age < 17 && kept.some((m) => m.nik === p.nik && m.relation === 'ANAK')) {
      const birth = b.pop.births.find((x) => x.childNik === p.nik);
      const kia = rnd.weighted<'none' | 'printed' | 'ready'>([['none', 50], ['printed', 35], ['ready', 15]]);
      if (kia !== 'none') {
        const issued = kia === 'ready' ? addDays(today, -rnd.int(1, 20)) : dateBetween(rnd, issuedOn, today);
        addApplication(b, { ...base, submittedOn: addDays(issued, -5), type: 'kia', subjectNik: p.nik, applicantNik: head.nik, ownerNiks: [p.nik, ...spouseNiks], documentNumber: p.nik, status: kia, issuedOn: issued, printedAt: kia === 'printed' ? `${issued}T10:00:00.000Z` : null });
      }
      if (birth) {
        const ready = recent(birth.registeredOn);
        addApplication(b, { ...base, submittedOn: birth.registeredOn, type: 'akta-lahir', subjectNik: p.nik, applicantNik: head.nik, ownerNiks: [p.nik, ...spouseNiks], documentNumber: birth.aktaNumber, status: ready ? 'ready' : 'printed', issuedOn: birth.registeredOn, printedAt: ready ? null : `${birth.registeredOn}T10:00:00.000Z` });
      }
    }
  }
  if (death) {
    const ready = death.dateOfDeath >= addDays(today, -60);
    const d = b.pop.deaths.at(-1);
    addApplication(b, { ...base, submittedOn: death.dateOfDeath, type: 'akta-mati', subjectNik: d?.nik ?? head.nik, applicantNik: head.nik, ownerNiks: spouseNiks, documentNumber: death.aktaNumber, status: ready ? 'ready' : 'printed', issuedOn: death.dateOfDeath, printedAt: ready ? null : `${death.dateOfDeath}T10:00:00.000Z` });
  }
}
