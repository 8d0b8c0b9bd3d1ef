/**
 * Commands, status codes and payload layouts of the reader protocol (docs/devices/card-reader.md).
 * Host requests use 0x01–0x3F; the reader answers with the command | 0x40 and the request's SEQ;
 * unsolicited events use 0x80–0x8F with SEQ 0. Integers are big-endian.
 */
export const CMD = {
  getStatus: 0x01,
  openCard: 0x10,
  readRecord: 0x11,
  verifyFinger: 0x20,
  cancel: 0x30,
  reset: 0x31,
} as const;
export const RESPONSE = 0x40;
export const EVT = { cardPresent: 0x80, cardRemoved: 0x81, fingerPlaced: 0x82 } as const;
export const EVENT_SEQ = 0;

export const ST = {
  ok: 0x00,
  noCard: 0x01,
  cardRemoved: 0x02,
  noSam: 0x03,
  authFailed: 0x04,
  busy: 0x05,
  canceled: 0x06,
  badRequest: 0x07,
  notAuthenticated: 0x08,
  sensorError: 0x09,
  unknownCommand: 0x0a,
  outOfRange: 0x0b,
} as const;
export type StatusCode = (typeof ST)[keyof typeof ST];

export const RECORD = { biodata: 1, photo: 2, signature: 3 } as const;
export const FINGER_CODE = { rightThumb: 1, rightIndex: 2 } as const;
export const VERIFY = { match: 0, noMatch: 1, timeout: 2, poorQuality: 3 } as const;

export const FLAG = { samPresent: 1, cardPresent: 2, sensorOk: 4, busy: 8 } as const;
export const CAP = { fingerprint: 1, photo: 2, signature: 4 } as const;

/** Bounds-checked reading of a payload: every getter returns undefined past the end instead of throwing. */
export class PayloadReader {
  #at = 0;
  constructor(private readonly bytes: Uint8Array) {}

  get remaining(): number {
    return this.bytes.length - this.#at;
  }

  u8(): number | undefined {
    if (this.remaining < 1) return undefined;
    return this.bytes[this.#at++];
  }

  u16(): number | undefined {
    if (this.remaining < 2) return undefined;
    const v = ((this.bytes[this.#at] as number) << 8) | (this.bytes[this.#at + 1] as number);
    this.#at += 2;
    return v;
  }

  u32(): number | undefined {
    if (this.remaining < 4) return undefined;
    const b = this.bytes;
    const a = this.#at;
    this.#at += 4;
    return (((b[a] as number) << 24) >>> 0) + ((b[a + 1] as number) << 16) + ((b[a + 2] as number) << 8) + (b[a + 3] as number);
  }

  bytesOf(n: number): Uint8Array | undefined {
    if (n < 0 || this.remaining < n) return undefined;
    const v = this.bytes.slice(this.#at, this.#at + n);
    this.#at += n;
    return v;
  }

  rest(): Uint8Array {
    const v = this.bytes.slice(this.#at);
    this.#at = this.bytes.length;
    return v;
  }
}

export class PayloadWriter {
  readonly #parts: number[] = [];
  u8(v: number): this {
    this.#parts.push(v & 0xff);
    return this;
  }
  u16(v: number): this {
    this.#parts.push((v >> 8) & 0xff, v & 0xff);
    return this;
  }
  u32(v: number): this {
    this.#parts.push((v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
    return this;
  }
  bytes(b: Uint8Array): this {
    for (const x of b) this.#parts.push(x);
    return this;
  }
  /** A u8 length then the bytes (at most 255). */
  short(b: Uint8Array): this {
    return this.u8(b.length).bytes(b.subarray(0, 255));
  }
  done(): Uint8Array {
    return Uint8Array.from(this.#parts);
  }
}

/** GET_STATUS answer. */
export interface ReaderInfo {
  firmware: string;
  samPresent: boolean;
  cardPresent: boolean;
  sensorOk: boolean;
  busy: boolean;
  capabilities: { fingerprint: boolean; photo: boolean; signature: boolean };
  maxPayload: number;
  /** UID of the card in the field (hex), empty when none. */
  cardUid: string;
}

const ascii = new TextDecoder('latin1');
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex').toUpperCase();

export function encodeReaderInfo(i: ReaderInfo, uid: Uint8Array): Uint8Array {
  const flags = (i.samPresent ? FLAG.samPresent : 0) | (i.cardPresent ? FLAG.cardPresent : 0) | (i.sensorOk ? FLAG.sensorOk : 0) | (i.busy ? FLAG.busy : 0);
  const caps = (i.capabilities.fingerprint ? CAP.fingerprint : 0) | (i.capabilities.photo ? CAP.photo : 0) | (i.capabilities.signature ? CAP.signature : 0);
  return new PayloadWriter().u8(ST.ok).short(new TextEncoder().encode(i.firmware)).u8(flags).u8(caps).u16(i.maxPayload).short(uid).done();
}

export function decodeReaderInfo(p: PayloadReader): ReaderInfo | undefined {
  const fwLen = p.u8();
  const fw = fwLen === undefined ? undefined : p.bytesOf(fwLen);
  const flags = p.u8();
  const caps = p.u8();
  const maxPayload = p.u16();
  const uidLen = p.u8();
  const uid = uidLen === undefined ? undefined : p.bytesOf(uidLen);
  if (fw === undefined || flags === undefined || caps === undefined || maxPayload === undefined || uid === undefined) return undefined;
  return {
    firmware: ascii.decode(fw),
    samPresent: (flags & FLAG.samPresent) !== 0,
    cardPresent: (flags & FLAG.cardPresent) !== 0,
    sensorOk: (flags & FLAG.sensorOk) !== 0,
    busy: (flags & FLAG.busy) !== 0,
    capabilities: { fingerprint: (caps & CAP.fingerprint) !== 0, photo: (caps & CAP.photo) !== 0, signature: (caps & CAP.signature) !== 0 },
    maxPayload,
    cardUid: hex(uid),
  };
}

/** CARD_PRESENT event: what the field sees before any authentication; no personal data. */
export interface CardPresence {
  cardType: 'A' | 'B';
  uid: string;
  atr: string;
}

export function encodeCardPresence(type: 'A' | 'B', uid: Uint8Array, atr: Uint8Array): Uint8Array {
  return new PayloadWriter().u8(type.charCodeAt(0)).short(uid).short(atr).done();
}

export function decodeCardPresence(p: PayloadReader): CardPresence | undefined {
  const t = p.u8();
  const uidLen = p.u8();
  const uid = uidLen === undefined ? undefined : p.bytesOf(uidLen);
  const atrLen = p.u8();
  const atr = atrLen === undefined ? undefined : p.bytesOf(atrLen);
  if (uid === undefined || atr === undefined || (t !== 0x41 && t !== 0x42)) return undefined;
  return { cardType: t === 0x41 ? 'A' : 'B', uid: hex(uid), atr: hex(atr) };
}
