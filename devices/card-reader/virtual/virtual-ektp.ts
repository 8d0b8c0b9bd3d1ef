import { createHash, randomBytes } from 'node:crypto';
import { parseCommand, SW } from '../pcsc/apdu.ts';
import { AUTH_LEN, CARD_AID, CHALLENGE_LEN, FID, INS, SERIAL_LEN, VERDICT } from '../profile/adm-ektp-spec.ts';
import { cardCryptogram, cardKey, safeEqual, samCryptogram, sessionKeys, unwrap, wrap, type SessionKeys } from './keys.ts';
import type { VpcdCard } from './vpcd-link.ts';

/** ATR of a contactless e-KTP as a PC/SC reader reports it (PC/SC part 3 ATR for ISO 14443-4). */
export const ATR_EKTP = Uint8Array.from([0x3b, 0x8a, 0x80, 0x01, 0x80, 0x31, 0x80, 0x65, 0xb0, 0x85, 0x03, 0x00, 0xef, 0x12, 0x0f, 0xff, 0x82, 0x90, 0x00]);

/** How a virtual e-KTP misbehaves, one switch per fault the kiosk must survive. */
export interface CardFaults {
  /** The application answers SELECT with 6283: the card is blocked. */
  blocked: boolean;
  /** MUTUAL AUTHENTICATE answers 6983: authentication is blocked. */
  authBlocked: boolean;
  /** READ BINARY of the biodata answers 6982: the file is locked. */
  biodataLocked: boolean;
  /** The next READ BINARY answers random bytes with 9000 (its MAC cannot check). */
  garbage: number;
  /** The next answers are one byte long (no status word). */
  truncate: number;
  /** Called on each READ BINARY with its count since the card was powered: true pulls the card there. */
  pullAtRead: ((reads: number) => boolean) | null;
}

export const NO_CARD_FAULTS: CardFaults = { blocked: false, authBlocked: false, biodataLocked: false, garbage: 0, truncate: 0, pullAtRead: null };

export interface EktpContent {
  nik: string;
  biodata: Uint8Array;
  photo: Uint8Array;
  signature: Uint8Array;
}

const reply = (sw: number, data: Uint8Array = new Uint8Array(0)): Uint8Array => Uint8Array.from([...data, sw >> 8, sw & 0xff]);
const tlv = (tag: number, value: Uint8Array): Uint8Array => Uint8Array.from([tag, value.length, ...value]);

/** The finger features the virtual world gives a citizen's finger; the SAM's sensor reads the same for the holder. */
export function fingerFeatures(nik: string, ref: number): Uint8Array {
  return createHash('sha256').update(`finger:${nik}:${ref}`).digest();
}

/**
 * A virtual e-KTP implementing the `adm-ektp-1` card side: the identity application with its
 * small file system (biodata, photo, signature, and the fingerprint templates, which no command
 * reads), mutual authentication with the SAM and secure messaging on every answer that carries
 * personal data. The templates are only ever compared here, on the card.
 */
export class VirtualEktp implements VpcdCard {
  readonly serial: Uint8Array;
  readonly uid: Uint8Array;
  faults: CardFaults = { ...NO_CARD_FAULTS };
  readonly #kCard: Uint8Array;
  readonly #files: Map<number, Uint8Array>;
  #selectedApp = false;
  #selectedFile: number | null = null;
  #challenge: Uint8Array | null = null;
  #keys: SessionKeys | null = null;
  #reads = 0;

  constructor(
    readonly content: EktpContent,
    master: Uint8Array,
    /** Called when a fault wants the card gone (pulled mid-read). */
    private readonly pull: () => void,
    uid?: Uint8Array,
  ) {
    this.serial = randomBytes(SERIAL_LEN);
    this.uid = uid ?? Uint8Array.from([0x04, ...randomBytes(6)]);
    this.#kCard = cardKey(master, this.serial);
    const templates = Uint8Array.from([...fingerFeatures(content.nik, 1), ...fingerFeatures(content.nik, 2)]);
    this.#files = new Map([
      [FID.biodata, content.biodata],
      [FID.photo, content.photo],
      [FID.signature, content.signature],
      [FID.fingerprints, templates],
    ]);
  }

  atr(): Uint8Array {
    return ATR_EKTP;
  }

  power(): void {
    this.#selectedApp = false;
    this.#selectedFile = null;
    this.#challenge = null;
    this.#keys = null;
    this.#reads = 0;
  }

  apdu(bytes: Uint8Array): Uint8Array | undefined {
    const out = this.#answer(bytes);
    if (out === undefined) return undefined;
    if (this.faults.truncate > 0) {
      this.faults.truncate--;
      return out.subarray(0, 1);
    }
    return out;
  }

  #answer(bytes: Uint8Array): Uint8Array | undefined {
    const c = parseCommand(bytes);
    if (!c) return reply(SW.wrongLength);
    // Reader pseudo-APDU GET DATA (UID), answered by the contactless front end.
    if (c.cla === 0xff && c.ins === 0xca) return reply(SW.ok, this.uid);
    if (c.cla !== 0x00) return reply(SW.claNotSupported);
    switch (c.ins) {
      case INS.select:
        return this.#select(c.p1, c.data);
      case INS.getChallenge:
        if (!this.#selectedApp) return reply(SW.securityNotSatisfied);
        this.#challenge = randomBytes(CHALLENGE_LEN);
        return reply(SW.ok, this.#challenge);
      case INS.mutualAuthenticate:
        return this.#authenticate(c.data);
      case INS.readBinary:
        return this.#read(((c.p1 & 0x7f) << 8) | c.p2, c.le ?? 256);
      case INS.verifyBiometric:
        return this.#verify(c.p2, c.data);
      default:
        return reply(SW.insNotSupported);
    }
  }

  #select(p1: number, data: Uint8Array): Uint8Array {
    if (p1 === 0x04) {
      if (!safeEqual(data, CARD_AID)) return reply(SW.fileNotFound);
      if (this.faults.blocked) return reply(SW.fileInvalidated);
      this.#selectedApp = true;
      this.#keys = null;
      return reply(SW.ok, tlv(0x6f, Uint8Array.from([...tlv(0x84, CARD_AID), ...tlv(0xc0, this.serial)])));
    }
    if (p1 === 0x02 && this.#selectedApp && data.length === 2) {
      const fid = ((data[0] as number) << 8) | (data[1] as number);
      const file = this.#files.get(fid);
      if (!file) return reply(SW.fileNotFound);
      this.#selectedFile = fid;
      return reply(SW.ok, tlv(0x62, Uint8Array.from([...tlv(0x80, Uint8Array.from([file.length >> 8, file.length & 0xff])), ...tlv(0x83, data)])));
    }
    return reply(SW.fileNotFound);
  }

  #authenticate(data: Uint8Array): Uint8Array {
    if (this.faults.authBlocked) return reply(SW.authBlocked);
    const rc = this.#challenge;
    this.#challenge = null;
    if (!rc || data.length !== CHALLENGE_LEN + AUTH_LEN) return reply(SW.securityNotSatisfied);
    const rs = data.subarray(0, CHALLENGE_LEN);
    if (!safeEqual(data.subarray(CHALLENGE_LEN), samCryptogram(this.#kCard, rc, rs))) return reply(SW.securityNotSatisfied);
    this.#keys = sessionKeys(this.#kCard, rc, rs);
    return reply(SW.ok, cardCryptogram(this.#kCard, rc, rs));
  }

  #read(offset: number, le: number): Uint8Array | undefined {
    const fid = this.#selectedFile;
    if (!this.#keys || fid === null || fid === FID.fingerprints) return reply(SW.securityNotSatisfied);
    if (fid === FID.biodata && this.faults.biodataLocked) return reply(SW.securityNotSatisfied);
    const file = this.#files.get(fid) as Uint8Array;
    if (offset > file.length) return reply(SW.wrongP1P2);
    this.#reads++;
    if (this.faults.pullAtRead?.(this.#reads)) {
      this.faults.pullAtRead = null;
      this.pull();
      return undefined;
    }
    const plain = file.subarray(offset, Math.min(file.length, offset + le));
    if (this.faults.garbage > 0) {
      this.faults.garbage--;
      return reply(SW.ok, randomBytes(plain.length + 8));
    }
    return reply(SW.ok, wrap(this.#keys, plain));
  }

  #verify(ref: number, wrappedSample: Uint8Array): Uint8Array {
    if (!this.#keys) return reply(SW.securityNotSatisfied);
    const sample = unwrap(this.#keys, wrappedSample);
    if (!sample) return reply(SW.smDataIncorrect);
    const templates = this.#files.get(FID.fingerprints) as Uint8Array;
    const template = ref === 1 ? templates.subarray(0, 32) : ref === 2 ? templates.subarray(32, 64) : undefined;
    if (!template) return reply(SW.wrongP1P2);
    const match = safeEqual(sample, template);
    // A deterministic score: matches land in 70–99, mismatches in 5–34.
    const score = match ? 70 + ((sample[0] as number) % 30) : 5 + ((sample[0] as number) % 30);
    return reply(SW.ok, wrap(this.#keys, Uint8Array.from([match ? VERDICT.match : VERDICT.noMatch, score])));
  }
}

/** ATR of a contact EMV bank card. */
export const ATR_BANK = Uint8Array.from([0x3b, 0x68, 0x00, 0x00, 0x80, 0x66, 0xb0, 0x07, 0x01, 0x01, 0x07, 0x07]);
const PSE = new TextEncoder().encode('1PAY.SYS.DDF01');

/** A bank card: it knows the payment system environment and nothing of the e-KTP. */
export class VirtualBankCard implements VpcdCard {
  readonly uid = Uint8Array.from([0x08, ...randomBytes(3)]);

  atr(): Uint8Array {
    return ATR_BANK;
  }

  power(): void {}

  apdu(bytes: Uint8Array): Uint8Array {
    const c = parseCommand(bytes);
    if (!c) return reply(SW.wrongLength);
    if (c.cla === 0xff && c.ins === 0xca) return reply(SW.ok, this.uid);
    if (c.ins === INS.select && c.p1 === 0x04 && safeEqual(c.data, PSE)) return reply(SW.ok, tlv(0x6f, tlv(0x84, PSE)));
    if (c.ins === INS.select) return reply(SW.fileNotFound);
    return reply(SW.insNotSupported);
  }
}
