/**
 * ISO 7816-4 short APDUs: building commands and splitting a response into data and status word.
 * Only what the card profiles need; extended length is not used (every reader and card speaks short).
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

export function command(cla: number, ins: number, p1: number, p2: number, data?: Uint8Array, le?: number): Uint8Array {
  const body = data && data.length > 0 ? data : null;
  if (body && body.length > 255) throw new RangeError(`short APDU data is at most 255 bytes, not ${body.length}`);
  if (le !== undefined && (le < 0 || le > 256)) throw new RangeError(`short APDU Le is 0–256, not ${le}`);
  const out = [cla, ins, p1, p2];
  if (body) out.push(body.length, ...body);
  if (le !== undefined) out.push(le === 256 ? 0 : le);
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

/** The card side's parse of a short APDU (cases 1–4); undefined when the lengths do not add up. */
export function parseCommand(bytes: Uint8Array): ParsedCommand | undefined {
  if (bytes.length < 4) return undefined;
  const [cla, ins, p1, p2] = bytes as unknown as [number, number, number, number];
  const rest = bytes.subarray(4);
  if (rest.length === 0) return { cla, ins, p1, p2, data: new Uint8Array(0), le: undefined };
  if (rest.length === 1) return { cla, ins, p1, p2, data: new Uint8Array(0), le: rest[0] === 0 ? 256 : rest[0] };
  const lc = rest[0] as number;
  if (lc === 0 || rest.length < 1 + lc || rest.length > 2 + lc) return undefined;
  const data = rest.subarray(1, 1 + lc);
  const leByte = rest.length === 2 + lc ? (rest[1 + lc] as number) : undefined;
  return { cla, ins, p1, p2, data, le: leByte === undefined ? undefined : leByte === 0 ? 256 : leByte };
}
