/**
 * The population data model shared by the registry, the document renderers and the flows.
 * Dates are ISO calendar dates (`YYYY-MM-DD`) in the kiosk's local calendar; byte fields are
 * images (JPEG photo, PNG signature). Field values are stored as Dukcapil prints them (upper case).
 */

export const DOCUMENT_TYPES = ['kk', 'ktp', 'kia', 'akta-lahir', 'akta-mati'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** Which printer a document goes to. */
export const DOCUMENT_MEDIA: Record<DocumentType, 'a4' | 'card'> = {
  kk: 'a4',
  ktp: 'card',
  kia: 'card',
  'akta-lahir': 'a4',
  'akta-mati': 'a4',
};

export type IsoDate = string;
export type Sex = 'LAKI-LAKI' | 'PEREMPUAN';
export type BloodType = 'A' | 'B' | 'AB' | 'O' | 'A+' | 'A-' | 'B+' | 'B-' | 'AB+' | 'AB-' | 'O+' | 'O-' | 'TIDAK TAHU';
export type Religion = 'ISLAM' | 'KRISTEN' | 'KATOLIK' | 'HINDU' | 'BUDDHA' | 'KHONGHUCU' | 'KEPERCAYAAN TERHADAP TUHAN YME';
export type MaritalStatus = 'BELUM KAWIN' | 'KAWIN' | 'CERAI HIDUP' | 'CERAI MATI';
export type FamilyRelation =
  | 'KEPALA KELUARGA' | 'SUAMI' | 'ISTRI' | 'ANAK' | 'MENANTU' | 'CUCU' | 'ORANG TUA' | 'MERTUA' | 'FAMILI LAIN' | 'LAINNYA';
export type Nationality = 'WNI' | 'WNA';

export interface Address {
  /** Street, house number, dusun. */
  street: string;
  rt: string;
  rw: string;
  village: string;
  district: string;
  regency: string;
  province: string;
  postalCode: string;
  /** Six digits: province, regency, kecamatan. */
  regionCode: string;
}

export interface Person {
  nik: string;
  name: string;
  sex: Sex;
  birthPlace: string;
  birthDate: IsoDate;
  bloodType: BloodType;
  religion: Religion;
  education: string;
  occupation: string;
  maritalStatus: MaritalStatus;
  marriageDate: IsoDate | null;
  nationality: Nationality;
  passportNo: string | null;
  kitapNo: string | null;
  fatherName: string;
  motherName: string;
  address: Address;
  /** False once a death is registered. */
  alive: boolean;
  /** JPEG; null for children under five (KIA without photo) and for persons never photographed. */
  photo: Uint8Array | null;
  /** PNG; null when the person has no recorded signature. */
  signature: Uint8Array | null;
}

export interface FamilyMember {
  nik: string;
  relation: FamilyRelation;
}

export interface Family {
  kkNumber: string;
  headNik: string;
  address: Address;
  /** In the order the KK lists them. */
  members: FamilyMember[];
  issuedOn: IsoDate;
  status: 'active' | 'superseded';
  supersededBy: string | null;
}

export interface Birth {
  aktaNumber: string;
  childNik: string;
  childName: string;
  sex: Sex;
  birthPlace: string;
  birthDate: IsoDate;
  /** 1 for the first child. */
  childOrder: number;
  fatherName: string;
  motherName: string;
  registeredOn: IsoDate;
  lateRegistration: boolean;
}

export interface Death {
  aktaNumber: string;
  nik: string;
  name: string;
  sex: Sex;
  birthDate: IsoDate;
  placeOfDeath: string;
  dateOfDeath: IsoDate;
  registeredOn: IsoDate;
}

/** A Dinas Dukcapil that issues and signs documents. */
export interface Office {
  /** Four-digit regency/city code, e.g. `3506`. */
  code: string;
  /** e.g. `DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL KABUPATEN KEDIRI`. */
  name: string;
  /** Place of issue printed on documents, e.g. `KEDIRI`. */
  city: string;
  officialName: string;
  officialTitle: string;
  officialNip: string;
  /** Identifies the signing key inside QR payloads. */
  keyId: string;
  /** Ed25519 public key, SPKI DER, base64. */
  publicKey: string;
}

export type ApplicationStatus = 'submitted' | 'approved' | 'ready' | 'printed' | 'superseded' | 'locked';

/** One document a citizen applied for; `ready` ones can be printed once. */
export interface Application {
  id: string;
  type: DocumentType;
  /** NIK of the person the document is about (the head of family for a KK, the deceased for akta kematian). */
  subjectNik: string;
  /** NIKs allowed to print it: the subject, or the family head / reporting relative. */
  ownerNiks: string[];
  /** No. KK, NIK or akta number. */
  documentNumber: string;
  status: ApplicationStatus;
  submittedOn: IsoDate;
  /** For applications still in progress: when Dukcapil expects it to be ready. */
  expectedOn: IsoDate | null;
  /** A ready KTP-el recorded early (age 16) prints only from the 17th birthday. */
  printableFrom: IsoDate | null;
  officeCode: string;
}

/** What the kiosk lists for a signed-in citizen. */
export type DocumentListing =
  | { kind: 'ready'; application: Application; title: string }
  | { kind: 'not-yet'; application: Application; title: string; printableFrom: IsoDate }
  | { kind: 'in-progress'; application: Application; title: string; expectedOn: IsoDate | null }
  /**
   * Reserved for a print that has not been confirmed: being printed now, or held since `since` until
   * staff decide whether it came out. It cannot be printed meanwhile.
   */
  | { kind: 'held'; application: Application; title: string; since: IsoDate };

/** What identifies one issue of a document; the seal carries these beside the full content. */
export interface SignedFields {
  type: DocumentType;
  number: string;
  nik: string;
  issuedOn: IsoDate;
  officeCode: string;
  keyId: string;
  /** 1 for a document number's first issue, then 2, 3… (a KK re-issued after a birth keeps its number). */
  revision: number;
}

export interface DocumentSignature {
  fields: SignedFields;
  /**
   * The document's seal as its QR prints it (`ADM2:…`, kiosk/documents/seal/): the content's
   * identity-bearing fields, signed with Ed25519 by the issuing office (COSE_Sign1).
   */
  seal: string;
}

/** Everything needed to render one document, as the registry hands it over at claim time. */
export type DocumentContent =
  | { type: 'kk'; family: Family; members: Array<Person & { relation: FamilyRelation }>; head: Person; office: Office; issuedOn: IsoDate }
  | { type: 'ktp'; person: Person; office: Office; issuedOn: IsoDate }
  | { type: 'kia'; person: Person; kkNumber: string; headName: string; birthAktaNumber: string; validUntil: IsoDate; office: Office; issuedOn: IsoDate }
  | { type: 'akta-lahir'; birth: Birth; office: Office; issuedOn: IsoDate }
  | { type: 'akta-mati'; death: Death; office: Office; issuedOn: IsoDate };

export interface PrintPackage {
  application: Application;
  ledgerId: string;
  content: DocumentContent;
  signature: DocumentSignature;
}

/** A citizen signed in at the kiosk: held in memory for the session only. */
export interface Citizen {
  person: Person;
  kkNumber: string | null;
}
