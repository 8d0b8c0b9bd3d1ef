/**
 * What a document's seal carries: every identity-bearing field the document prints, plus the
 * issuing office, key id, issue date and revision. Pure (no Node built-ins) so the verifier page
 * uses the same code. Encoded as CBOR arrays in a fixed order (docs/documents.md lists the
 * positions): arrays, not maps, keep a ten-member KK within a QR that scans at 100 dpi.
 */
export const SEAL_FORMAT = 1;

export type SealType = 'kk' | 'ktp' | 'kia' | 'akta-lahir' | 'akta-mati';

export interface SealAddress {
  street: string; rt: string; rw: string; village: string; district: string; regency: string; province: string; postalCode: string; regionCode: string;
}
export interface SealMember {
  nik: string; name: string; sex: string; birthPlace: string; birthDate: string; religion: string; relation: string; maritalStatus: string; fatherName: string; motherName: string;
}

export type SealBody =
  | { type: 'kk'; address: SealAddress; members: SealMember[] }
  | {
      type: 'ktp'; nik: string; name: string; sex: string; birthPlace: string; birthDate: string; bloodType: string; address: SealAddress;
      religion: string; maritalStatus: string; occupation: string; nationality: string; validUntil: string; photoDigest: Uint8Array | null;
    }
  | {
      type: 'kia'; nik: string; name: string; sex: string; birthPlace: string; birthDate: string; religion: string; nationality: string; address: SealAddress;
      validUntil: string; kkNumber: string; headName: string; birthAktaNumber: string; photoDigest: Uint8Array | null;
    }
  | { type: 'akta-lahir'; childNik: string; childName: string; sex: string; birthPlace: string; birthDate: string; childOrder: number; fatherName: string; motherName: string; registeredOn: string; late: boolean }
  | { type: 'akta-mati'; nik: string; name: string; sex: string; birthDate: string; placeOfDeath: string; dateOfDeath: string; registeredOn: string };

export interface SealPayload {
  type: SealType;
  /** No. KK, NIK (KTP-el, KIA) or akta number. */
  number: string;
  /** The NIK the document is about (head of family, holder, child, the deceased). */
  nik: string;
  issuedOn: string;
  /** 1 for a document number's first issue, then 2, 3… for re-issues (a birth added to a KK). */
  revision: number;
  officeCode: string;
  keyId: string;
  body: SealBody;
}

const ADDRESS_KEYS = ['street', 'rt', 'rw', 'village', 'district', 'regency', 'province', 'postalCode', 'regionCode'] as const;
const MEMBER_KEYS = ['nik', 'name', 'sex', 'birthPlace', 'birthDate', 'religion', 'relation', 'maritalStatus', 'fatherName', 'motherName'] as const;
const KTP_KEYS = ['nik', 'name', 'sex', 'birthPlace', 'birthDate', 'bloodType', 'address', 'religion', 'maritalStatus', 'occupation', 'nationality', 'validUntil', 'photoDigest'] as const;
const KIA_KEYS = ['nik', 'name', 'sex', 'birthPlace', 'birthDate', 'religion', 'nationality', 'address', 'validUntil', 'kkNumber', 'headName', 'birthAktaNumber', 'photoDigest'] as const;
const LAHIR_KEYS = ['childNik', 'childName', 'sex', 'birthPlace', 'birthDate', 'childOrder', 'fatherName', 'motherName', 'registeredOn', 'late'] as const;
const MATI_KEYS = ['nik', 'name', 'sex', 'birthDate', 'placeOfDeath', 'dateOfDeath', 'registeredOn'] as const;

/** The CBOR-ready array form: `[format, type, number, nik, issuedOn, revision, officeCode, keyId, body]`. */
export function payloadToArray(p: SealPayload): unknown[] {
  const address = (a: SealAddress) => ADDRESS_KEYS.map((k) => a[k]);
  const b = p.body;
  let body: unknown[];
  switch (b.type) {
    case 'kk':
      body = [address(b.address), b.members.map((m) => MEMBER_KEYS.map((k) => m[k]))];
      break;
    case 'ktp':
      body = KTP_KEYS.map((k) => (k === 'address' ? address(b.address) : b[k]));
      break;
    case 'kia':
      body = KIA_KEYS.map((k) => (k === 'address' ? address(b.address) : b[k]));
      break;
    case 'akta-lahir':
      body = LAHIR_KEYS.map((k) => b[k]);
      break;
    case 'akta-mati':
      body = MATI_KEYS.map((k) => b[k]);
      break;
  }
  return [SEAL_FORMAT, p.type, p.number, p.nik, p.issuedOn, p.revision, p.officeCode, p.keyId, body];
}

export type PayloadError = { code: 'malformed'; message: string };
type Shape<T> = { ok: true; value: T } | { ok: false; error: PayloadError };

class ShapeError extends Error {}
const fail = (what: string): never => {
  throw new ShapeError(what);
};
const str = (v: unknown, what: string): string => (typeof v === 'string' && v.length <= 200 ? v : fail(`${what} is not a text of at most 200 characters`));
const date = (v: unknown, what: string): string => {
  const s = str(v, what);
  return /^\d{4}-\d{2}-\d{2}$/.test(s) ? s : fail(`${what} is not a date YYYY-MM-DD`);
};
const arr = (v: unknown, n: number, what: string): unknown[] => (Array.isArray(v) && v.length === n ? v : fail(`${what} is not an array of ${n}`));
const int = (v: unknown, what: string): number => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : fail(`${what} is not a whole number`));
const digest = (v: unknown, what: string): Uint8Array | null => (v === null ? null : v instanceof Uint8Array && v.length === 16 ? v : fail(`${what} is not a 16-byte digest`));

function readKeyed<K extends string>(keys: readonly K[], v: unknown, what: string, read: (k: K, x: unknown) => unknown): Record<K, unknown> {
  const a = arr(v, keys.length, what);
  const out = {} as Record<K, unknown>;
  keys.forEach((k, i) => (out[k] = read(k, a[i])));
  return out;
}
const DATE_FIELD = /(Date|On|^dateOfDeath)$/;
const readAddress = (v: unknown): SealAddress => readKeyed(ADDRESS_KEYS, v, 'address', (k, x) => str(x, `address.${k}`)) as unknown as SealAddress;
function readField(k: string, x: unknown): unknown {
  if (k === 'address') return readAddress(x);
  if (k === 'photoDigest') return digest(x, k);
  if (k === 'childOrder') return int(x, k);
  if (k === 'late') return typeof x === 'boolean' ? x : fail('late is not true/false');
  if (k === 'validUntil' && x === 'SEUMUR HIDUP') return x;
  return DATE_FIELD.test(k) || k === 'validUntil' ? date(x, k) : str(x, k);
}

/** The bodies that are one list of fields, and what a reader calls each. */
const FLAT_BODY: Record<Exclude<SealType, 'kk'>, { keys: readonly string[]; what: string }> = {
  ktp: { keys: KTP_KEYS, what: 'the KTP-el body' },
  kia: { keys: KIA_KEYS, what: 'the KIA body' },
  'akta-lahir': { keys: LAHIR_KEYS, what: 'the akta kelahiran body' },
  'akta-mati': { keys: MATI_KEYS, what: 'the akta kematian body' },
};

/** Reads the array form back, checking every position's kind; anything else is `malformed`. */
export function payloadFromArray(v: unknown): Shape<SealPayload> {
  try {
    const a = arr(v, 9, 'the seal payload');
    if (a[0] !== SEAL_FORMAT) fail(`seal format ${String(a[0])} is not ${SEAL_FORMAT}`);
    const type = str(a[1], 'type');
    const head = { number: str(a[2], 'number'), nik: str(a[3], 'nik'), issuedOn: date(a[4], 'issuedOn'), revision: int(a[5], 'revision'), officeCode: str(a[6], 'officeCode'), keyId: str(a[7], 'keyId') };
    let body: SealBody;
    switch (type) {
      case 'kk': {
        const [address, members] = arr(a[8], 2, 'the KK body');
        if (!Array.isArray(members) || members.length === 0 || members.length > 100) fail('the KK members are not a list of 1 to 100');
        body = {
          type, address: readAddress(address),
          members: (members as unknown[]).map((m, i) => readKeyed(MEMBER_KEYS, m, `member ${i + 1}`, (k, x) => (k === 'birthDate' ? date(x, k) : str(x, k))) as unknown as SealMember),
        };
        break;
      }
      case 'ktp':
      case 'kia':
      case 'akta-lahir':
      case 'akta-mati': {
        const flat = FLAT_BODY[type];
        body = { type, ...readKeyed(flat.keys, a[8], flat.what, readField) } as SealBody;
        break;
      }
      default:
        return fail(`unknown document type "${type}"`);
    }
    return { ok: true, value: { type: type as SealType, ...head, body } };
  } catch (e) {
    if (e instanceof ShapeError) return { ok: false, error: { code: 'malformed', message: e.message } };
    throw e;
  }
}
