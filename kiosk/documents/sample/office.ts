import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import type { DocumentContent, DocumentSignature, Office, SignedFields } from '../../../core/domain.ts';
import { makeSeal } from '../seal/node-seal.ts';
import { sealPayloadOf } from '../seal/content-payload.ts';

/**
 * A sample issuing office with a fixed key, for the benchmark, the README previews and tests. The key
 * id says SAMPLE: a real registry never issues it, so nothing signed with it can pass as real.
 */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export function sampleKey(seedText: string): { privateKey: KeyObject; publicKeyB64: string } {
  const seed = Buffer.alloc(32);
  Buffer.from(seedText, 'utf8').copy(seed);
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const publicKeyB64 = createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).toString('base64');
  return { privateKey, publicKeyB64 };
}

const KEY = sampleKey('adm-sample-office-3506');

export const SAMPLE_OFFICE: Office = {
  code: '3506',
  name: 'DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL KABUPATEN KEDIRI',
  city: 'KEDIRI',
  officialName: 'Drs. HARIYANTO WIBISONO, M.Si.',
  officialTitle: 'KEPALA DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL KABUPATEN KEDIRI',
  officialNip: '196805121994031007',
  keyId: 'SAMPLE-3506-1',
  publicKey: KEY.publicKeyB64,
};

/** Seals sample content as an issuing office would; `fields` may say something else than the content, for tests of refusals. */
export function signSample(content: DocumentContent, fields: Omit<SignedFields, 'officeCode' | 'keyId'>, office: Office = SAMPLE_OFFICE, key: KeyObject = KEY.privateKey): DocumentSignature {
  const full: SignedFields = { ...fields, officeCode: office.code, keyId: office.keyId };
  return { fields: full, seal: makeSeal(sealPayloadOf(content, full), key) };
}
