/**
 * Base45 (RFC 9285): bytes as text drawn only from the 45 characters a QR code's alphanumeric mode
 * holds at 5.5 bits each, so a seal packs about a quarter tighter than base64 in byte mode. Small
 * and central, so written here and shared with the verifier page; tests/documents/base45.test.ts
 * checks it against the RFC's examples and round-trips arbitrary bytes.
 */
export const BASE45_CHARSET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

const VALUE = new Map<string, number>([...BASE45_CHARSET].map((c, i) => [c, i]));

export function base45Encode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    const n = (bytes[i] ?? 0) * 256 + (bytes[i + 1] ?? 0);
    out += (BASE45_CHARSET[n % 45] ?? '') + (BASE45_CHARSET[Math.floor(n / 45) % 45] ?? '') + (BASE45_CHARSET[Math.floor(n / 2025)] ?? '');
  }
  if (bytes.length % 2 === 1) {
    const n = bytes[bytes.length - 1] ?? 0;
    out += (BASE45_CHARSET[n % 45] ?? '') + (BASE45_CHARSET[Math.floor(n / 45)] ?? '');
  }
  return out;
}

export type Base45Error = { code: 'malformed'; message: string };

/** Strict: a character outside the set, a dangling single character or a group above its byte range is refused. */
export function base45Decode(text: string): { ok: true; value: Uint8Array } | { ok: false; error: Base45Error } {
  const bad = (message: string) => ({ ok: false as const, error: { code: 'malformed' as const, message } });
  if (text.length % 3 === 1) return bad('base45 text cannot have a length of 3n+1');
  const out = new Uint8Array(Math.floor(text.length / 3) * 2 + (text.length % 3 === 2 ? 1 : 0));
  let o = 0;
  for (let i = 0; i < text.length; i += 3) {
    const group = text.slice(i, i + 3);
    let n = 0;
    for (let k = group.length - 1; k >= 0; k--) {
      const v = VALUE.get(group[k] ?? '');
      if (v === undefined) return bad(`"${group[k] ?? ''}" at ${i + k} is not a base45 character`);
      n = n * 45 + v;
    }
    if (group.length === 3) {
      if (n > 0xffff) return bad(`the group at ${i} is above 65535`);
      out[o++] = n >> 8;
      out[o++] = n & 0xff;
    } else {
      if (n > 0xff) return bad(`the last group is above 255`);
      out[o++] = n;
    }
  }
  return { ok: true, value: out };
}
