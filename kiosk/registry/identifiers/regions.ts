/**
 * Kemendagri region codes (Kepmendagri on kode dan data wilayah administrasi pemerintahan).
 * Every province; the regencies and cities of the provinces listed below; kecamatan names only
 * for the regions the seed generator uses. A NIK's kecamatan part is checked against a name table
 * where one is loaded, otherwise only for the range 01–99 (see DOMAIN.md).
 */

export const PROVINCES: Readonly<Record<string, string>> = {
  '11': 'ACEH', '12': 'SUMATERA UTARA', '13': 'SUMATERA BARAT', '14': 'RIAU', '15': 'JAMBI',
  '16': 'SUMATERA SELATAN', '17': 'BENGKULU', '18': 'LAMPUNG', '19': 'KEPULAUAN BANGKA BELITUNG',
  '21': 'KEPULAUAN RIAU', '31': 'DKI JAKARTA', '32': 'JAWA BARAT', '33': 'JAWA TENGAH',
  '34': 'DAERAH ISTIMEWA YOGYAKARTA', '35': 'JAWA TIMUR', '36': 'BANTEN', '51': 'BALI',
  '52': 'NUSA TENGGARA BARAT', '53': 'NUSA TENGGARA TIMUR', '61': 'KALIMANTAN BARAT',
  '62': 'KALIMANTAN TENGAH', '63': 'KALIMANTAN SELATAN', '64': 'KALIMANTAN TIMUR',
  '65': 'KALIMANTAN UTARA', '71': 'SULAWESI UTARA', '72': 'SULAWESI TENGAH', '73': 'SULAWESI SELATAN',
  '74': 'SULAWESI TENGGARA', '75': 'GORONTALO', '76': 'SULAWESI BARAT', '81': 'MALUKU',
  '82': 'MALUKU UTARA', '91': 'PAPUA', '92': 'PAPUA BARAT', '93': 'PAPUA SELATAN',
  '94': 'PAPUA TENGAH', '95': 'PAPUA PEGUNUNGAN', '96': 'PAPUA BARAT DAYA',
};

/** Regencies (KABUPATEN) and cities (KOTA) by four-digit code, for the provinces whose table is loaded. */
export const REGENCIES: Readonly<Record<string, string>> = {
  // DKI Jakarta
  '3101': 'KABUPATEN ADM. KEPULAUAN SERIBU', '3171': 'KOTA ADM. JAKARTA SELATAN', '3172': 'KOTA ADM. JAKARTA TIMUR',
  '3173': 'KOTA ADM. JAKARTA PUSAT', '3174': 'KOTA ADM. JAKARTA BARAT', '3175': 'KOTA ADM. JAKARTA UTARA',
  // Jawa Barat
  '3201': 'KABUPATEN BOGOR', '3202': 'KABUPATEN SUKABUMI', '3203': 'KABUPATEN CIANJUR', '3204': 'KABUPATEN BANDUNG',
  '3205': 'KABUPATEN GARUT', '3206': 'KABUPATEN TASIKMALAYA', '3207': 'KABUPATEN CIAMIS', '3208': 'KABUPATEN KUNINGAN',
  '3209': 'KABUPATEN CIREBON', '3210': 'KABUPATEN MAJALENGKA', '3211': 'KABUPATEN SUMEDANG', '3212': 'KABUPATEN INDRAMAYU',
  '3213': 'KABUPATEN SUBANG', '3214': 'KABUPATEN PURWAKARTA', '3215': 'KABUPATEN KARAWANG', '3216': 'KABUPATEN BEKASI',
  '3217': 'KABUPATEN BANDUNG BARAT', '3218': 'KABUPATEN PANGANDARAN', '3271': 'KOTA BOGOR', '3272': 'KOTA SUKABUMI',
  '3273': 'KOTA BANDUNG', '3274': 'KOTA CIREBON', '3275': 'KOTA BEKASI', '3276': 'KOTA DEPOK', '3277': 'KOTA CIMAHI',
  '3278': 'KOTA TASIKMALAYA', '3279': 'KOTA BANJAR',
  // Jawa Tengah
  '3301': 'KABUPATEN CILACAP', '3302': 'KABUPATEN BANYUMAS', '3303': 'KABUPATEN PURBALINGGA', '3304': 'KABUPATEN BANJARNEGARA',
  '3305': 'KABUPATEN KEBUMEN', '3306': 'KABUPATEN PURWOREJO', '3307': 'KABUPATEN WONOSOBO', '3308': 'KABUPATEN MAGELANG',
  '3309': 'KABUPATEN BOYOLALI', '3310': 'KABUPATEN KLATEN', '3311': 'KABUPATEN SUKOHARJO', '3312': 'KABUPATEN WONOGIRI',
  '3313': 'KABUPATEN KARANGANYAR', '3314': 'KABUPATEN SRAGEN', '3315': 'KABUPATEN GROBOGAN', '3316': 'KABUPATEN BLORA',
  '3317': 'KABUPATEN REMBANG', '3318': 'KABUPATEN PATI', '3319': 'KABUPATEN KUDUS', '3320': 'KABUPATEN JEPARA',
  '3321': 'KABUPATEN DEMAK', '3322': 'KABUPATEN SEMARANG', '3323': 'KABUPATEN TEMANGGUNG', '3324': 'KABUPATEN KENDAL',
  '3325': 'KABUPATEN BATANG', '3326': 'KABUPATEN PEKALONGAN', '3327': 'KABUPATEN PEMALANG', '3328': 'KABUPATEN TEGAL',
  '3329': 'KABUPATEN BREBES', '3371': 'KOTA MAGELANG', '3372': 'KOTA SURAKARTA', '3373': 'KOTA SALATIGA',
  '3374': 'KOTA SEMARANG', '3375': 'KOTA PEKALONGAN', '3376': 'KOTA TEGAL',
  // DI Yogyakarta
  '3401': 'KABUPATEN KULON PROGO', '3402': 'KABUPATEN BANTUL', '3403': 'KABUPATEN GUNUNGKIDUL', '3404': 'KABUPATEN SLEMAN',
  '3471': 'KOTA YOGYAKARTA',
  // Jawa Timur
  '3501': 'KABUPATEN PACITAN', '3502': 'KABUPATEN PONOROGO', '3503': 'KABUPATEN TRENGGALEK', '3504': 'KABUPATEN TULUNGAGUNG',
  '3505': 'KABUPATEN BLITAR', '3506': 'KABUPATEN KEDIRI', '3507': 'KABUPATEN MALANG', '3508': 'KABUPATEN LUMAJANG',
  '3509': 'KABUPATEN JEMBER', '3510': 'KABUPATEN BANYUWANGI', '3511': 'KABUPATEN BONDOWOSO', '3512': 'KABUPATEN SITUBONDO',
  '3513': 'KABUPATEN PROBOLINGGO', '3514': 'KABUPATEN PASURUAN', '3515': 'KABUPATEN SIDOARJO', '3516': 'KABUPATEN MOJOKERTO',
  '3517': 'KABUPATEN JOMBANG', '3518': 'KABUPATEN NGANJUK', '3519': 'KABUPATEN MADIUN', '3520': 'KABUPATEN MAGETAN',
  '3521': 'KABUPATEN NGAWI', '3522': 'KABUPATEN BOJONEGORO', '3523': 'KABUPATEN TUBAN', '3524': 'KABUPATEN LAMONGAN',
  '3525': 'KABUPATEN GRESIK', '3526': 'KABUPATEN BANGKALAN', '3527': 'KABUPATEN SAMPANG', '3528': 'KABUPATEN PAMEKASAN',
  '3529': 'KABUPATEN SUMENEP', '3571': 'KOTA KEDIRI', '3572': 'KOTA BLITAR', '3573': 'KOTA MALANG',
  '3574': 'KOTA PROBOLINGGO', '3575': 'KOTA PASURUAN', '3576': 'KOTA MOJOKERTO', '3577': 'KOTA MADIUN',
  '3578': 'KOTA SURABAYA', '3579': 'KOTA BATU',
  // Banten
  '3601': 'KABUPATEN PANDEGLANG', '3602': 'KABUPATEN LEBAK', '3603': 'KABUPATEN TANGERANG', '3604': 'KABUPATEN SERANG',
  '3671': 'KOTA TANGERANG', '3672': 'KOTA CILEGON', '3673': 'KOTA SERANG', '3674': 'KOTA TANGERANG SELATAN',
  // Bali
  '5101': 'KABUPATEN JEMBRANA', '5102': 'KABUPATEN TABANAN', '5103': 'KABUPATEN BADUNG', '5104': 'KABUPATEN GIANYAR',
  '5105': 'KABUPATEN KLUNGKUNG', '5106': 'KABUPATEN BANGLI', '5107': 'KABUPATEN KARANGASEM', '5108': 'KABUPATEN BULELENG',
  '5171': 'KOTA DENPASAR',
  // Sulawesi Tengah
  '7201': 'KABUPATEN BANGGAI KEPULAUAN', '7202': 'KABUPATEN BANGGAI', '7203': 'KABUPATEN MOROWALI', '7204': 'KABUPATEN POSO',
  '7205': 'KABUPATEN DONGGALA', '7206': 'KABUPATEN TOLI-TOLI', '7207': 'KABUPATEN BUOL', '7208': 'KABUPATEN PARIGI MOUTONG',
  '7209': 'KABUPATEN TOJO UNA-UNA', '7210': 'KABUPATEN SIGI', '7211': 'KABUPATEN BANGGAI LAUT', '7212': 'KABUPATEN MOROWALI UTARA',
  '7271': 'KOTA PALU',
};

/** Kecamatan names by six-digit code, for the regions the generator and the demo set use. */
export const DISTRICTS: Readonly<Record<string, string>> = {
  // Kabupaten Kediri
  '350601': 'MOJO', '350602': 'SEMEN', '350603': 'NGADILUWIH', '350604': 'KRAS', '350605': 'RINGINREJO',
  '350606': 'KANDAT', '350607': 'WATES', '350608': 'NGANCAR', '350609': 'PLOSOKLATEN', '350610': 'GURAH',
  '350611': 'PUNCU', '350612': 'KEPUNG', '350613': 'KANDANGAN', '350614': 'PARE', '350615': 'BADAS',
  '350616': 'KUNJANG', '350617': 'PLEMAHAN', '350618': 'PURWOASRI', '350619': 'PAPAR', '350620': 'PAGU',
  '350621': 'KAYEN KIDUL', '350622': 'GAMPENGREJO', '350623': 'NGASEM', '350624': 'BANYAKAN', '350625': 'GROGOL',
  '350626': 'TAROKAN',
  // Kota Blitar
  '357201': 'SUKOREJO', '357202': 'KEPANJENKIDUL', '357203': 'SANANWETAN',
  // Kota Pasuruan
  '357501': 'GADINGREJO', '357502': 'PURWOREJO', '357503': 'BUGULKIDUL', '357504': 'PANGGUNGREJO',
  // Kota Palu
  '727101': 'PALU BARAT', '727102': 'PALU TIMUR', '727103': 'PALU SELATAN', '727104': 'PALU UTARA',
  '727105': 'ULUJADI', '727106': 'TATANGA', '727107': 'TAWAELI', '727108': 'MANTIKULORE',
};

/** Provinces whose regency table above is complete: a regency code outside it does not exist. */
const PROVINCES_WITH_REGENCIES = new Set(Object.keys(REGENCIES).map((c) => c.slice(0, 2)));
/** Regencies whose kecamatan table above is complete. */
const REGENCIES_WITH_DISTRICTS = new Set(Object.keys(DISTRICTS).map((c) => c.slice(0, 4)));

export type RegionProblem =
  | { code: 'unknown_province'; message: string }
  | { code: 'unknown_regency'; message: string }
  | { code: 'unknown_district'; message: string };

export interface Region {
  province: { code: string; name: string };
  regency: { code: string; name: string | null };
  district: { code: string; name: string | null };
}

/**
 * Checks a six-digit region code (province, regency/city, kecamatan). A regency is checked against
 * its province's table where one is loaded; otherwise it must be 01–79 (kabupaten) or 71–99 (kota)
 * shape-wise, i.e. 01–99.
 */
export function checkRegion(code6: string): { ok: true; region: Region } | { ok: false; problem: RegionProblem } {
  const p = code6.slice(0, 2);
  const r = code6.slice(0, 4);
  const d = code6.slice(4, 6);
  const province = PROVINCES[p];
  if (province === undefined) return { ok: false, problem: { code: 'unknown_province', message: `province code ${p} does not exist` } };
  const regencyName: string | null = REGENCIES[r] ?? null;
  if (regencyName === null && (PROVINCES_WITH_REGENCIES.has(p) || r.slice(2) === '00')) {
    return { ok: false, problem: { code: 'unknown_regency', message: `regency/city code ${r} does not exist in ${province}` } };
  }
  const districtName = DISTRICTS[code6] ?? null;
  if (d === '00' || (districtName === null && REGENCIES_WITH_DISTRICTS.has(r))) {
    return { ok: false, problem: { code: 'unknown_district', message: `kecamatan code ${d} does not exist in ${regencyName ?? r}` } };
  }
  return { ok: true, region: { province: { code: p, name: province }, regency: { code: r, name: regencyName }, district: { code: d, name: districtName } } };
}

/** `KABUPATEN KEDIRI` → `KEDIRI`; `KOTA ADM. JAKARTA SELATAN` → `JAKARTA SELATAN`: the place name printed as place of issue. */
export function placeName(regencyName: string): string {
  return regencyName.replace(/^(KABUPATEN|KOTA)( ADM\.)? /, '');
}

export const regencyName = (code4: string): string | undefined => REGENCIES[code4];
export const provinceName = (code2: string): string | undefined => PROVINCES[code2];
export const districtName = (code6: string): string | undefined => DISTRICTS[code6];
