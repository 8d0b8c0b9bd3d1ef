import { createHash } from 'node:crypto';
import type { Birth, Death, DocumentType, Family, IsoDate, Person, Sex } from '../../../core/domain.ts';
import type { NewApplication, StoredOffice } from '../embedded/rows.ts';
import { makeNik } from '../identifiers/nik.ts';
import { makeAktaNumber, type AktaKind } from '../identifiers/akta-number.ts';
import { ddmmyy } from '../identifiers/dates.ts';
import type { PortraitTraits } from './images.ts';
import { SeededRandom } from './random.ts';

/** A document application with its secrets still in clear: they exist only until `writePopulation` hashes them. */
export interface PlannedApplication extends Omit<NewApplication, 'pinHash' | 'qrHash'> {
  pin: string | null;
  qrSecret: string | null;
}

export interface PlannedRegistration {
  nik: string;
  pin: string;
  registeredOn: IsoDate;
  validUntil: IsoDate;
}

/** A portrait or signature to draw when the population is written (sharp is asynchronous). */
export interface ImageJob {
  nik: string;
  kind: 'photo' | 'signature';
  traits: PortraitTraits;
  name: string;
}

export interface Population {
  offices: StoredOffice[];
  persons: Person[];
  families: Family[];
  births: Birth[];
  deaths: Death[];
  registrations: PlannedRegistration[];
  applications: PlannedApplication[];
  images: ImageJob[];
}

const APPLICATION_PREFIX: Record<DocumentType, string> = { kk: 'KK', ktp: 'KTP', kia: 'KIA', 'akta-lahir': 'AL', 'akta-mati': 'AM' };

export function applicationId(type: DocumentType, region4: string, serial: number): string {
  return `${APPLICATION_PREFIX[type]}-${region4}-${String(serial).padStart(6, '0')}`;
}

/**
 * Collects a population and hands out identifiers that never collide: NIK serials per region and
 * birth date, No. KK and akta serials per prefix, application serials.
 */
export class PopulationBuilder {
  readonly rnd: SeededRandom;
  readonly seed: string;
  readonly pop: Population = { offices: [], persons: [], families: [], births: [], deaths: [], registrations: [], applications: [], images: [] };
  readonly #serials = new Map<string, number>();
  readonly #used = new Set<string>();
  #applicationSerial = 0;

  constructor(seed: string) {
    this.seed = seed;
    this.rnd = new SeededRandom(seed);
  }

  /** Marks identifiers (the fixed demo set's) as taken. */
  reserve(...ids: string[]): void {
    for (const id of ids) this.#used.add(id);
  }

  #next(prefix: string, make: (serial: number) => string): string {
    for (let serial = (this.#serials.get(prefix) ?? 0) + 1; serial < 9000; serial++) {
      const id = make(serial);
      if (!this.#used.has(id)) {
        this.#serials.set(prefix, serial);
        this.#used.add(id);
        return id;
      }
    }
    throw new Error(`bug: serials exhausted for ${prefix}`);
  }

  nik(region6: string, birthDate: IsoDate, sex: Sex): string {
    return this.#next(`nik:${region6}:${birthDate}:${sex}`, (s) => makeNik(region6, birthDate, sex, s));
  }

  kkNumber(region6: string, issuedOn: IsoDate): string {
    return this.#next(`kk:${region6}:${issuedOn}`, (s) => `${region6}${ddmmyy(issuedOn)}${String(s).padStart(4, '0')}`);
  }

  aktaNumber(region4: string, kind: AktaKind, registeredOn: IsoDate): string {
    // Serials run per regency and day, shared by the kinds (as one register office numbers them).
    return this.#next(`akta:${region4}:${registeredOn}`, (s) => makeAktaNumber(region4, kind, registeredOn, s));
  }

  applicationId(type: DocumentType, region4: string): string {
    this.#applicationSerial += 1;
    return applicationId(type, region4, this.#applicationSerial);
  }

  get applicationSerial(): number {
    return this.#applicationSerial;
  }

  /** A deterministic salt for one secret (so the same seed writes the same file). */
  salt(label: string): Buffer {
    return createHash('sha256').update(this.seed).update('\u0000salt\u0000').update(label).digest().subarray(0, 16);
  }
}
