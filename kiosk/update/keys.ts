import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { err, ok, type Result } from '../../core/result.ts';

/**
 * The vendor's Ed25519 keys. The private key stays with the vendor (PKCS#8 PEM, mode 0600); kiosks
 * trust public keys listed in `update.vendorKeys` (SPKI DER, base64). A key is named by its id:
 * the first 16 hex digits of the SHA-256 of its SPKI DER, so a refusal can say which key signed.
 */

export interface VendorKeyPair {
  privatePem: string;
  publicPem: string;
  /** SPKI DER, base64: what goes into `update.vendorKeys`. */
  publicBase64: string;
  keyId: string;
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ format: 'der', type: 'spki' })).digest('hex').slice(0, 16);
}

export function generateVendorKey(): VendorKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privatePem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    publicBase64: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    keyId: keyIdOf(publicKey),
  };
}

export type KeyError = { code: 'bad_key'; source: string; message: string };

function isEd25519(k: KeyObject): boolean {
  return k.asymmetricKeyType === 'ed25519';
}

/** A public key from base64 SPKI DER or PEM text. */
export function parsePublicKey(text: string, source: string): Result<KeyObject, KeyError> {
  try {
    const t = text.trim();
    const key = t.startsWith('-----') ? createPublicKey(t) : createPublicKey({ key: Buffer.from(t, 'base64'), format: 'der', type: 'spki' });
    if (!isEd25519(key)) return err({ code: 'bad_key', source, message: `${source}: not an Ed25519 key (${key.asymmetricKeyType ?? 'unknown'})` });
    return ok(key);
  } catch (e) {
    return err({ code: 'bad_key', source, message: `${source}: not a public key (${(e as Error).message})` });
  }
}

export function readPublicKeyFile(path: string): Result<KeyObject, KeyError> {
  try {
    return parsePublicKey(readFileSync(path, 'utf8'), path);
  } catch (e) {
    return err({ code: 'bad_key', source: path, message: `cannot read ${path}: ${(e as Error).message}` });
  }
}

export function readPrivateKeyFile(path: string): Result<KeyObject, KeyError> {
  try {
    const key = createPrivateKey(readFileSync(path, 'utf8'));
    if (!isEd25519(key)) return err({ code: 'bad_key', source: path, message: `${path}: not an Ed25519 private key` });
    return ok(key);
  } catch (e) {
    return err({ code: 'bad_key', source: path, message: `cannot read the private key ${path}: ${(e as Error).message}` });
  }
}

/** The trusted keys by id, from the configuration's base64 list. */
export function trustedKeys(base64Keys: readonly string[]): Result<Map<string, KeyObject>, KeyError> {
  const out = new Map<string, KeyObject>();
  for (const [i, b64] of base64Keys.entries()) {
    const k = parsePublicKey(b64, `update.vendorKeys[${i}]`);
    if (!k.ok) return k;
    out.set(keyIdOf(k.value), k.value);
  }
  return ok(out);
}
