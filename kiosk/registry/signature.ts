import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

/**
 * Office keys travel as base64 DER (SPKI for public, PKCS#8 for private). What they sign is a
 * document's seal (kiosk/documents/seal/): COSE_Sign1 over the document's content.
 */
export const publicKeyFromBase64 = (b64: string): KeyObject => createPublicKey({ key: Buffer.from(b64, 'base64'), format: 'der', type: 'spki' });
export const privateKeyFromBase64 = (b64: string): KeyObject => createPrivateKey({ key: Buffer.from(b64, 'base64'), format: 'der', type: 'pkcs8' });
