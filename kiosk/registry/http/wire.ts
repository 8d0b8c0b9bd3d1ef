import { z } from 'zod';
import { DOCUMENT_TYPES } from '../../../core/domain.ts';
import type { RegistryErrorCode } from '../../../core/registry.ts';

/**
 * The registry API's JSON shapes (docs/registry-api.md). Images travel as base64 strings and come
 * back as bytes. The client validates every response with these; the server every request.
 */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const base64Bytes = z
  .string()
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64')
  .transform((s) => new Uint8Array(Buffer.from(s, 'base64')));
const documentType = z.enum(DOCUMENT_TYPES);

export const ERROR_CODES = [
  'not_found', 'not_registered', 'wrong_pin', 'locked', 'already_claimed', 'not_ready', 'not_printable_yet', 'superseded',
  'invalid_request', 'unavailable', 'timeout', 'bad_response', 'not_claimed',
] as const satisfies readonly RegistryErrorCode[];

export const registryErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string().max(1000),
  attemptsLeft: z.number().int().min(0).optional(),
  printableFrom: isoDate.optional(),
  lockedUntil: z.string().optional(),
  expectedOn: isoDate.optional(),
  reason: z.string().max(100).optional(),
});

export const addressSchema = z.object({
  street: z.string(), rt: z.string(), rw: z.string(), village: z.string(), district: z.string(), regency: z.string(),
  province: z.string(), postalCode: z.string(), regionCode: z.string().regex(/^\d{6}$/),
});

export const personSchema = z.object({
  nik: z.string().regex(/^\d{16}$/),
  name: z.string(),
  sex: z.enum(['LAKI-LAKI', 'PEREMPUAN']),
  birthPlace: z.string(),
  birthDate: isoDate,
  bloodType: z.enum(['A', 'B', 'AB', 'O', 'A+', 'A-', 'B+', 'B-', 'AB+', 'AB-', 'O+', 'O-', 'TIDAK TAHU']),
  religion: z.enum(['ISLAM', 'KRISTEN', 'KATOLIK', 'HINDU', 'BUDDHA', 'KHONGHUCU', 'KEPERCAYAAN TERHADAP TUHAN YME']),
  education: z.string(),
  occupation: z.string(),
  maritalStatus: z.enum(['BELUM KAWIN', 'KAWIN', 'CERAI HIDUP', 'CERAI MATI']),
  marriageDate: isoDate.nullable(),
  nationality: z.enum(['WNI', 'WNA']),
  passportNo: z.string().nullable(),
  kitapNo: z.string().nullable(),
  fatherName: z.string(),
  motherName: z.string(),
  address: addressSchema,
  alive: z.boolean(),
  photo: base64Bytes.nullable(),
  signature: base64Bytes.nullable(),
});

const relation = z.enum(['KEPALA KELUARGA', 'SUAMI', 'ISTRI', 'ANAK', 'MENANTU', 'CUCU', 'ORANG TUA', 'MERTUA', 'FAMILI LAIN', 'LAINNYA']);

export const familySchema = z.object({
  kkNumber: z.string().regex(/^\d{16}$/),
  headNik: z.string(),
  address: addressSchema,
  members: z.array(z.object({ nik: z.string(), relation })),
  issuedOn: isoDate,
  status: z.enum(['active', 'superseded']),
  supersededBy: z.string().nullable(),
});

export const officeSchema = z.object({
  code: z.string().regex(/^\d{4}$/), name: z.string(), city: z.string(), officialName: z.string(), officialTitle: z.string(),
  officialNip: z.string(), keyId: z.string(), publicKey: z.string(),
});

const birthSchema = z.object({
  aktaNumber: z.string(), childNik: z.string(), childName: z.string(), sex: z.enum(['LAKI-LAKI', 'PEREMPUAN']), birthPlace: z.string(),
  birthDate: isoDate, childOrder: z.number().int().min(1), fatherName: z.string(), motherName: z.string(), registeredOn: isoDate,
  lateRegistration: z.boolean(),
});

const deathSchema = z.object({
  aktaNumber: z.string(), nik: z.string(), name: z.string(), sex: z.enum(['LAKI-LAKI', 'PEREMPUAN']), birthDate: isoDate,
  placeOfDeath: z.string(), dateOfDeath: isoDate, registeredOn: isoDate,
});

export const applicationSchema = z.object({
  id: z.string(),
  type: documentType,
  subjectNik: z.string(),
  ownerNiks: z.array(z.string()),
  documentNumber: z.string(),
  status: z.enum(['submitted', 'approved', 'ready', 'printed', 'superseded', 'locked']),
  submittedOn: isoDate,
  expectedOn: isoDate.nullable(),
  printableFrom: isoDate.nullable(),
  officeCode: z.string(),
});

export const listingSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ready'), application: applicationSchema, title: z.string() }),
  z.object({ kind: z.literal('not-yet'), application: applicationSchema, title: z.string(), printableFrom: isoDate }),
  z.object({ kind: z.literal('in-progress'), application: applicationSchema, title: z.string(), expectedOn: isoDate.nullable() }),
  z.object({ kind: z.literal('held'), application: applicationSchema, title: z.string(), since: isoDate }),
]);

export const signedFieldsSchema = z.object({
  type: documentType, number: z.string().max(40), nik: z.string().max(16), issuedOn: isoDate, officeCode: z.string().max(8), keyId: z.string().max(40),
  revision: z.number().int().min(1).max(9999),
});

export const documentSignatureSchema = z.object({ fields: signedFieldsSchema, seal: z.string().max(3400) });

const memberSchema = personSchema.extend({ relation });

export const contentSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('kk'), family: familySchema, members: z.array(memberSchema), head: personSchema, office: officeSchema, issuedOn: isoDate }),
  z.object({ type: z.literal('ktp'), person: personSchema, office: officeSchema, issuedOn: isoDate }),
  z.object({
    type: z.literal('kia'), person: personSchema, kkNumber: z.string(), headName: z.string(), birthAktaNumber: z.string(), validUntil: isoDate,
    office: officeSchema, issuedOn: isoDate,
  }),
  z.object({ type: z.literal('akta-lahir'), birth: birthSchema, office: officeSchema, issuedOn: isoDate }),
  z.object({ type: z.literal('akta-mati'), death: deathSchema, office: officeSchema, issuedOn: isoDate }),
]);

export const printPackageSchema = z.object({
  application: applicationSchema, ledgerId: z.string(), content: contentSchema, signature: documentSignatureSchema,
});

export const citizenSchema = z.object({ person: personSchema, kkNumber: z.string().nullable() });
export const documentStateSchema = z.object({ status: z.enum(['active', 'superseded', 'unknown']), supersededBy: z.string().optional() });
export const verdictSchema = z.object({
  signatureValid: z.boolean(), status: z.enum(['active', 'superseded', 'unknown']), supersededBy: z.string().optional(), office: officeSchema.optional(),
});
export const claimStateSchema = z.object({ state: z.enum(['claimed', 'printed', 'released', 'none']), kioskId: z.string().optional() });

// Requests (the server validates these; sizes bounded so a request cannot grow without limit).
const nik = z.string().max(32);
const id = z.string().min(1).max(100);
export const requests = {
  find: z.strictObject({ nik }),
  signInPin: z.strictObject({ nik, pin: z.string().max(32) }),
  signInQr: z.strictObject({ text: z.string().max(512) }),
  list: z.strictObject({ nik, today: isoDate }),
  claim: z.strictObject({
    applicationId: id, ledgerId: id, nik, kioskId: id,
    proof: z.discriminatedUnion('kind', [z.strictObject({ kind: z.literal('pin'), pin: z.string().max(32) }), z.strictObject({ kind: z.literal('qr'), text: z.string().max(512) })]),
  }),
  confirm: z.strictObject({ applicationId: id, ledgerId: id }),
  release: z.strictObject({ applicationId: id, ledgerId: id, reason: z.string().max(500) }),
  claimStatus: z.strictObject({ applicationId: id, ledgerId: id }),
  state: z.strictObject({ type: documentType, number: z.string().max(40) }),
  verify: z.strictObject({ seal: z.string().max(3400) }),
};

/** Bytes become base64 strings; everything else is left as is. */
export function toWire(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  if (Array.isArray(value)) return value.map(toWire);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toWire(v);
    return out;
  }
  return value;
}

/** HTTP status for each error code (the body always carries the code itself). */
export const STATUS_OF: Record<RegistryErrorCode, number> = {
  not_found: 404,
  not_registered: 403,
  wrong_pin: 403,
  locked: 423,
  already_claimed: 409,
  not_ready: 409,
  not_printable_yet: 409,
  superseded: 410,
  invalid_request: 400,
  not_claimed: 409,
  unavailable: 503,
  timeout: 504,
  bad_response: 502,
};

export const ROUTES = {
  ping: { method: 'GET', path: '/ping' },
  offices: { method: 'GET', path: '/offices' },
  find: { method: 'POST', path: '/citizens/find' },
  signInPin: { method: 'POST', path: '/sign-in/pin' },
  signInQr: { method: 'POST', path: '/sign-in/qr' },
  list: { method: 'POST', path: '/documents/list' },
  state: { method: 'POST', path: '/documents/state' },
  verify: { method: 'POST', path: '/documents/verify' },
  claim: { method: 'POST', path: '/claims' },
  confirm: { method: 'POST', path: '/claims/confirm' },
  release: { method: 'POST', path: '/claims/release' },
  claimStatus: { method: 'POST', path: '/claims/status' },
} as const;

export type RouteName = keyof typeof ROUTES;
