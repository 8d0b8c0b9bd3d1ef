import { createPrivateKey, createPublicKey } from 'node:crypto';
import { placeName, REGENCIES } from '../identifiers/regions.ts';
import type { StoredOffice } from '../embedded/rows.ts';
import type { SeededRandom } from './random.ts';
import { personName } from './names.ts';

/** PKCS#8 DER header of an Ed25519 private key; the 32-byte seed follows (RFC 8410). */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** An Ed25519 key pair from 32 seed bytes, so a seeded registry signs the same on every machine. */
export function ed25519FromSeed(seed: Buffer): { privateKey: string; publicKey: string } {
  if (seed.length !== 32) throw new Error('bug: an Ed25519 seed has 32 bytes');
  const der = Buffer.concat([ED25519_PKCS8_PREFIX, seed]);
  const key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  return {
    privateKey: der.toString('base64'),
    publicKey: createPublicKey(key).export({ format: 'der', type: 'spki' }).toString('base64'),
  };
}

/** The Dinas Dukcapil of a regency/city with a generated head of office and signing key. */
export function makeOffice(rnd: SeededRandom, code: string, year: number): StoredOffice {
  const regency = REGENCIES[code];
  if (regency === undefined) throw new Error(`bug: no regency ${code} in the region table`);
  const keys = ed25519FromSeed(rnd.bytes(32));
  const sex = rnd.chance(0.7) ? 'LAKI-LAKI' : 'PEREMPUAN';
  const born = rnd.int(1968, 1978);
  const title = rnd.pick(['Drs.', 'Dr.', 'Ir.', '']);
  const degree = rnd.pick(['M.Si.', 'S.H., M.M.', 'S.Sos., M.AP.', 'M.Si.', 'S.E., M.M.']);
  const name = `${title ? `${title} ` : ''}${personName(rnd, sex, born, code.startsWith('72') ? 'sulawesi' : 'java')}, ${degree}`;
  // NIP: birth date, appointment (year + month), sex digit, serial.
  const nip = `${born}${String(rnd.int(1, 12)).padStart(2, '0')}${String(rnd.int(1, 28)).padStart(2, '0')}${born + rnd.int(22, 28)}${String(rnd.int(1, 12)).padStart(2, '0')}${sex === 'LAKI-LAKI' ? 1 : 2}${String(rnd.int(1, 15)).padStart(3, '0')}`;
  return {
    code,
    name: `DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL ${regency}`,
    city: placeName(regency),
    officialName: name,
    officialTitle: 'KEPALA DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL',
    officialNip: nip,
    keyId: `${code}-${year}-1`,
    publicKey: keys.publicKey,
    privateKey: keys.privateKey,
  };
}
