/**
 * ISO 7816-4 APDUs: building commands (short, or extended length for the bulk reads) and
 * splitting a response into data and status word. Only what the card profiles need.
 */

export interface Response {
  data: Uint8Array;
  /** SW1SW2 as one number, e.g. 0x9000. */
  sw: number;
}

/** Status words the profiles name. */
export const SW = {
  ok: 0x9000,
  fileInvalidated: 0x6283,
  verificationFailed: 0x6300,
  executionError: 0x6400,
  wrongLength: 0x6700,
  securityNotSatisfied: 0x6982,
  authBlocked: 0x6983,
  smDataIncorrect: 0x6988,
  functionNotSupported: 0x6a81,
  fileNotFound: 0x6a82,
  wrongP1P2: 0x6b00,
  insNotSupported: 0x6d00,
  claNotSupported: 0x6e00,
} as const;

/**
 * A command APDU: short when data ≤ 255 bytes and Le ≤ 256, extended length (ISO 7816-4 5.1:
 * a 00 byte, then 2-byte Lc and Le) otherwise. Le 0 means none expected.
 */
export function command(cla: number, ins: number, p1: number, p2: number, data?: Uint8Array, le?: number): Uint8Array {
  const body = data && data.length > 0 ? data : null;
  if (body && body.length > 65535) throw new RangeError(`APDU data is at most 65535 bytes, not ${body.length}`);
  if (le !== undefined && (le < 0 || le > 65536)) throw new RangeError(`APDU Le is 0–65536, not ${le}`);
  const extended = (body !== null && body.length > 255) || (le !== undefined && le > 256);
  const out = [cla, ins, p1, p2];
  if (!extended) {
    if (body) out.push(body.length, ...body);
    if (le !== undefined) out.push(le === 256 ? 0 : le);
    return Uint8Array.from(out);
  }
  out.push(0);
  if (body) out.push(body.length >> 8, body.length & 0xff, ...body);
  if (le !== undefined) out.push((le >> 8) & 0xff, le & 0xff);
  return Uint8Array.from(out);
}

/** Splits a response; undefined when it is too short to hold a status word. */
export function parseResponse(bytes: Uint8Array): Response | undefined {
  if (bytes.length < 2) return undefined;
  const n = bytes.length;
  return { data: bytes.subarray(0, n - 2), sw: ((bytes[n - 2] as number) << 8) | (bytes[n - 1] as number) };
}

export function swHex(sw: number): string {
  return sw.toString(16).toUpperCase().padStart(4, '0');
}

export interface ParsedCommand {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  data: Uint8Array;
  /** Expected length, undefined when the command has none (0 means 256). */
  le: number | undefined;
}

/** The card side's parse of a short or extended APDU (cases 1–4); undefined when the lengths do not add up. */
export function parseCommand(bytes: Uint8Array): ParsedCommand | undefined {
  if (bytes.length < 4) return undefined;
  const [cla, ins, p1, p2] = bytes as unknown as [number, number, number, number];
  const rest = bytes.subarray(4);
  const none = new Uint8Array(0);
  if (rest.length === 0) return { cla, ins, p1, p2, data: none, le: undefined };
  if (rest.length === 1) return { cla, ins, p1, p2, data: none, le: rest[0] === 0 ? 256 : rest[0] };
  if (rest[0] === 0 && rest.length >= 3) {
    const n = ((rest[1] as number) << 8) | (rest[2] as number);
    if (rest.length === 3) return { cla, ins, p1, p2, data: none, le: n === 0 ? 65536 : n };
    if (n === 0 || rest.length < 3 + n || (rest.length !== 3 + n && rest.length !== 5 + n)) return undefined;
    const data = rest.subarray(3, 3 + n);
    if (rest.length === 3 + n) return { cla, ins, p1, p2, data, le: undefined };
    const le = ((rest[3 + n] as number) << 8) | (rest[4 + n] as number);
    return { cla, ins, p1, p2, data, le: le === 0 ? 65536 : le };
  }
  const lc = rest[0] as number;
  if (lc === 0 || rest.length < 1 + lc || rest.length > 2 + lc) return undefined;
  const data = rest.subarray(1, 1 + lc);
  const leByte = rest.length === 2 + lc ? (rest[1 + lc] as number) : undefined;
  return { cla, ins, p1, p2, data, le: leByte === undefined ? undefined : leByte === 0 ? 256 : leByte };
}
