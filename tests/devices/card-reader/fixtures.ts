import sharp from 'sharp';
import type { Person } from '../../../core/domain.ts';

/** Citizens for the reader tests: the simulator's cards are made from these, as from the registry. */
export async function makeCitizens(): Promise<Map<string, Person>> {
  const photo = new Uint8Array(
    await sharp({ create: { width: 240, height: 320, channels: 3, background: { r: 40, g: 90, b: 200 } } })
      .composite([{ input: Buffer.from('<svg width="240" height="320"><circle cx="120" cy="130" r="70" fill="#e0b090"/></svg>') }])
      .jpeg({ quality: 90 })
      .toBuffer(),
  );
  const signature = new Uint8Array(
    await sharp({ create: { width: 200, height: 60, channels: 3, background: "#ffffff" } }).png().toBuffer(),
  );
  const siti: Person = {
    nik: '3506124507900001',
    name: 'SITI AMINAH',
    sex: 'PEREMPUAN',
    birthPlace: 'KEDIRI',
    birthDate: '1990-07-05',
    bloodType: 'O',
    religion: 'ISLAM',
    education: 'SLTA/SEDERAJAT',
    occupation: 'WIRASWASTA',
    maritalStatus: 'KAWIN',
    marriageDate: '2012-03-10',
    nationality: 'WNI',
    passportNo: null,
    kitapNo: null,
    fatherName: 'AHMAD',
    motherName: 'SUMINAH',
    address: {
      street: 'JL. MAWAR NO. 12',
      rt: '003',
      rw: '005',
      village: 'PARE',
      district: 'PARE',
      regency: 'KABUPATEN KEDIRI',
      province: 'JAWA TIMUR',
      postalCode: '64211',
      regionCode: '350612',
    },
    alive: true,
    photo,
    signature,
  };
  const budi: Person = { ...siti, nik: '3506120101850002', name: 'BUDI SANTOSO', sex: 'LAKI-LAKI', birthDate: '1985-01-01', photo: null, signature: null };
  return new Map([siti, budi].map((p) => [p.nik, p]));
}
