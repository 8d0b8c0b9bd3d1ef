import type { Religion } from '../../../core/domain.ts';
import type { SeededRandom } from './random.ts';

/**
 * Name and place material for generated citizens: common given names in East Java (Javanese and
 * Muslim), Central Sulawesi (Kaili, Bugis, Christian) and across generations. Upper case, as Dukcapil prints.
 */

const JAVANESE_MALE = ['BUDI', 'SUGENG', 'SLAMET', 'AGUS', 'BAMBANG', 'HERU', 'JOKO', 'WAHYU', 'TEGUH', 'HARIYANTO', 'SUPRIYADI',
  'SUHARTO', 'SUTRISNO', 'PURNOMO', 'DWI', 'EKO', 'YUDI', 'ARIF', 'HENDRO', 'SUPARMAN', 'RUDI', 'GUNAWAN', 'KUSNADI', 'SUWARNO', 'BAGUS'];
const JAVANESE_FEMALE = ['SITI', 'SRI', 'ENDANG', 'SUMIATI', 'SUPARMI', 'WATINI', 'KARTINI', 'SRI WAHYUNI', 'TUTIK', 'LESTARI',
  'RATNA', 'YULI', 'DWI', 'NINGSIH', 'SUSANTI', 'RINA', 'WULAN', 'ENDAH', 'MURTINI', 'SULASTRI', 'PARTINI', 'ANIK', 'TITIK', 'DEWI'];
const SECOND = ['SANTOSO', 'PRASETYO', 'WIBOWO', 'SETIAWAN', 'HIDAYAT', 'KURNIAWAN', 'SAPUTRO', 'NUGROHO', 'HARYANTO', 'PRAMONO',
  'SUSILO', 'RAHARJO', 'WIDODO', 'SULISTYO', 'FIRMANSYAH', 'HARTONO'];
const SECOND_FEMALE = ['RAHAYU', 'LESTARI', 'WULANDARI', 'HANDAYANI', 'PUSPITASARI', 'RAHMAWATI', 'KURNIASIH', 'NURHAYATI',
  'ANGGRAINI', 'FITRIANI', 'SETYOWATI', 'SAFITRI', 'AMINAH', 'MUNAWAROH', 'KHOIRIYAH'];
const MODERN_MALE = ['AHMAD RIZKY', 'MUHAMMAD FAREL', 'RAFI ADITYA', 'DIMAS ARYA', 'FAJAR RAMADHAN', 'ALIF NUR', 'BAYU SAPUTRA',
  'NAUFAL HAKIM', 'RAIHAN', 'GILANG PRATAMA', 'ARKAN', 'ZIDAN', 'KEVIN', 'RIZAL'];
const MODERN_FEMALE = ['DEWI ANGGRAINI', 'AISYAH PUTRI', 'NAYLA', 'KEISHA', 'SALSABILA', 'ZAHRA AULIA', 'CITRA', 'ANISA RAHMA',
  'SEKAR AYU', 'NADIA', 'ALYA', 'KIRANA', 'INTAN', 'PUTRI'];
const SULAWESI_MALE = ['ANDI', 'MOH. RIZAL', 'ABDUL RAHMAN', 'YOHANES', 'MARKUS', 'RISWAN', 'IRFAN', 'HASAN', 'SAFRUDIN', 'YUSUF',
  'ARMAN', 'DAENG', 'STEFANUS', 'RAHMAT'];
const SULAWESI_FEMALE = ['NURHAYATI', 'MARLINA', 'YULIANTI', 'HASNAH', 'SITTI', 'MARIA', 'RAHMAWATI', 'SUARNI', 'NURMALA', 'DEBORA',
  'FATMAWATI', 'ASTUTI', 'MAGDALENA', 'HADIJAH'];
const SULAWESI_SECOND = ['LAMARAUNA', 'TOMBOLOTUTU', 'LASAHIDO', 'PONULELE', 'LARASATI', 'DG. MATTA', 'PAKAYA', 'TANDILOLO', 'LAMADJIDO', 'TOMPO'];

export type NameStyle = 'java' | 'sulawesi';

/** A plausible full name for someone born in `year`. */
export function personName(rnd: SeededRandom, sex: 'LAKI-LAKI' | 'PEREMPUAN', year: number, style: NameStyle): string {
  const male = sex === 'LAKI-LAKI';
  if (style === 'sulawesi') {
    const first = rnd.pick(male ? SULAWESI_MALE : SULAWESI_FEMALE);
    return rnd.chance(0.6) ? `${first} ${rnd.pick(SULAWESI_SECOND)}` : first;
  }
  if (year >= 2000 && rnd.chance(0.7)) {
    const first = rnd.pick(male ? MODERN_MALE : MODERN_FEMALE);
    return first.includes(' ') ? first : `${first} ${rnd.pick(male ? SECOND : SECOND_FEMALE)}`;
  }
  const first = rnd.pick(male ? JAVANESE_MALE : JAVANESE_FEMALE);
  // Many Javanese of the older generations carry one name only.
  if (year < 1965 && rnd.chance(0.5)) return first;
  return `${first} ${rnd.pick(male ? SECOND : SECOND_FEMALE)}`;
}

export const VILLAGES = ['SUKOREJO', 'SUMBEREJO', 'KARANGREJO', 'TAWANGSARI', 'SIDOMULYO', 'MOJOREJO', 'SUMBERAGUNG', 'TULUNGREJO',
  'PURWOREJO', 'NGADIREJO', 'BANJAREJO', 'KEDUNGSARI', 'WONOREJO', 'SUMBERSARI', 'KRANDANGAN', 'JAMBEAN'];
export const PALU_VILLAGES = ['BESUSU BARAT', 'LOLU SELATAN', 'TALISE', 'TONDO', 'KAWATUNA', 'LERE', 'BALAROA', 'DONGGALA KODI', 'BIROBULI UTARA'];
export const STREETS = ['JL. MAWAR', 'JL. MELATI', 'JL. DIPONEGORO', 'JL. KARTINI', 'JL. PAHLAWAN', 'JL. MERDEKA', 'JL. SUDIRMAN',
  'JL. ANGGREK', 'JL. KENANGA', 'JL. RAYA', 'DSN. KRAJAN', 'DSN. SUMBER', 'DSN. NGEMPLAK', 'PERUM GRIYA ASRI BLOK'];

export const POSTAL_PREFIX: Readonly<Record<string, string>> = { '3506': '641', '3572': '661', '3575': '671', '7271': '941' };

export function religionFor(rnd: SeededRandom, style: NameStyle): Religion {
  return style === 'sulawesi'
    ? rnd.weighted<Religion>([['ISLAM', 75], ['KRISTEN', 20], ['KATOLIK', 3], ['HINDU', 2]])
    : rnd.weighted<Religion>([['ISLAM', 95], ['KRISTEN', 2.5], ['KATOLIK', 1.5], ['HINDU', 0.5], ['BUDDHA', 0.4], ['KHONGHUCU', 0.1]]);
}

/** Dukcapil's education categories. */
export const EDUCATION = {
  none: 'TIDAK/BELUM SEKOLAH',
  primaryUnfinished: 'BELUM TAMAT SD/SEDERAJAT',
  primary: 'TAMAT SD/SEDERAJAT',
  juniorHigh: 'SLTP/SEDERAJAT',
  seniorHigh: 'SLTA/SEDERAJAT',
  diploma: 'AKADEMI/DIPLOMA III/S. MUDA',
  bachelor: 'DIPLOMA IV/STRATA I',
  master: 'STRATA II',
} as const;

export function educationFor(rnd: SeededRandom, age: number): string {
  if (age < 7) return EDUCATION.none;
  if (age < 13) return EDUCATION.primaryUnfinished;
  if (age < 16) return EDUCATION.primary;
  if (age < 19) return EDUCATION.juniorHigh;
  return rnd.weighted<string>([[EDUCATION.primary, 20], [EDUCATION.juniorHigh, 22], [EDUCATION.seniorHigh, 38], [EDUCATION.diploma, 6], [EDUCATION.bachelor, 12], [EDUCATION.master, 2]]);
}

export function occupationFor(rnd: SeededRandom, age: number, sex: 'LAKI-LAKI' | 'PEREMPUAN', education: string): string {
  if (age < 5) return 'BELUM/TIDAK BEKERJA';
  if (age < 22) return 'PELAJAR/MAHASISWA';
  if (age >= 60 && rnd.chance(0.5)) return rnd.chance(0.3) ? 'PENSIUNAN' : 'BELUM/TIDAK BEKERJA';
  if (education === EDUCATION.bachelor || education === EDUCATION.master) {
    return rnd.pick(['PEGAWAI NEGERI SIPIL (PNS)', 'GURU', 'KARYAWAN SWASTA', 'WIRASWASTA', 'BIDAN', 'PERAWAT', 'DOSEN']);
  }
  if (sex === 'PEREMPUAN' && rnd.chance(0.45)) return 'MENGURUS RUMAH TANGGA';
  return rnd.weighted<string>([['PETANI/PEKEBUN', 25], ['WIRASWASTA', 20], ['KARYAWAN SWASTA', 18], ['BURUH HARIAN LEPAS', 12], ['PEDAGANG', 10], ['SOPIR', 4], ['BURUH TANI/PERKEBUNAN', 6], ['PERANGKAT DESA', 2], ['NELAYAN/PERIKANAN', 1]]);
}
