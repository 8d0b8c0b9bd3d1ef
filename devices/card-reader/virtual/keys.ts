import { createCipheriv, createHmac, timingSafeEqual } from 'node:crypto';
import { AUTH_LEN, MAC_LEN } from '../profile/adm-ektp-spec.ts';

/**
 * The `adm-ektp-1` key schedule, as the virtual card and SAM compute it. The kiosk never runs
 * this: it only relays. Each card key is derived from the SAM's master key and the card serial;
 * a SAM with another master key derives another card key and fails the card's check.
 */

const hmac = (key: Uint8Array, ...parts: (Uint8Array | string)[]): Buffer => {
  const h = createHmac('sha256', key);
  for (const p of parts) h.update(p);
  return h.digest();
};

export function cardKey(master: Uint8Array, serial: Uint8Array): Uint8Array {
  return hmac(master, 'card', serial).subarray(0, 16);
}

export function samCryptogram(kCard: Uint8Array, rc: Uint8Array, rs: Uint8Array): Uint8Array {
  return hmac(kCard, 'sam', rc, rs).subarray(0, AUTH_LEN);
}

export function cardCryptogram(kCard: Uint8Array, rc: Uint8Array, rs: Uint8Array): Uint8Array {
  return hmac(kCard, 'card-auth', rs, rc).subarray(0, AUTH_LEN);
}

export interface SessionKeys {
  enc: Uint8Array;
  mac: Uint8Array;
  /** Send sequence counter: every wrapped message, in either direction, uses the next value. */
  ssc: bigint;
}

export function sessionKeys(kCard: Uint8Array, rc: Uint8Array, rs: Uint8Array): SessionKeys {
  return { enc: hmac(kCard, 'enc', rc, rs).subarray(0, 16), mac: hmac(kCard, 'mac', rc, rs).subarray(0, 16), ssc: 0n };
}

function ctr(keys: SessionKeys, ssc: bigint, data: Uint8Array): Uint8Array {
  const iv = Buffer.alloc(16);
  iv.writeBigUInt64BE(ssc, 0);
  const c = createCipheriv('aes-128-ctr', keys.enc, iv);
  return Buffer.concat([c.update(data), c.final()]);
}

function macOf(keys: SessionKeys, ssc: bigint, cipher: Uint8Array): Uint8Array {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(ssc);
  return hmac(keys.mac, counter, cipher).subarray(0, MAC_LEN);
}

export function safeEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** AES-128-CTR under the counter, then an 8-byte HMAC-SHA-256 over counter and ciphertext. */
export function wrap(keys: SessionKeys, plain: Uint8Array): Uint8Array {
  keys.ssc++;
  const cipher = ctr(keys, keys.ssc, plain);
  return Buffer.concat([cipher, macOf(keys, keys.ssc, cipher)]);
}

/** The plain bytes, or undefined when the MAC does not check (the counter does not move then). */
export function unwrap(keys: SessionKeys, wrapped: Uint8Array): Uint8Array | undefined {
  if (wrapped.length < MAC_LEN) return undefined;
  const cipher = wrapped.subarray(0, wrapped.length - MAC_LEN);
  const next = keys.ssc + 1n;
  if (!safeEqual(macOf(keys, next, cipher), wrapped.subarray(wrapped.length - MAC_LEN))) return undefined;
  keys.ssc = next;
  return ctr(keys, next, cipher);
}
