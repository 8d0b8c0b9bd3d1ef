import { randomBytes } from 'node:crypto';
import { parseCommand, SW } from '../pcsc/apdu.ts';
import { AUTH_LEN, CAPTURE, CHALLENGE_LEN, INS, SAM_AID, SAM_INS, SERIAL_LEN } from '../profile/adm-ektp-spec.ts';
import { cardCryptogram, cardKey, safeEqual, samCryptogram, sessionKeys, unwrap, wrap, type SessionKeys } from './keys.ts';
import { fingerFeatures } from './virtual-ektp.ts';
import type { VpcdCard } from './vpcd-link.ts';

export const ATR_SAM = Uint8Array.from([0x3b, 0x9f, 0x96, 0x80, 0x1f, 0xc6, 0x80, 0x31, 0xe0, 0x73, 0xfe, 0x21, 0x1b, 0x63, 0x3a, 0x20, 0x4e, 0x83, 0x00, 0x90, 0x00, 0x1c]);

export type FingerQuality = 'good' | 'bad' | 'poor' | 'none';

export interface SamOptions {
  master: Uint8Array;
  /** `otherApp`: a SAM of another scheme (no ADM application). */
  kind: 'adm' | 'otherApp';
  /** Whose card is on the reader, so a good finger reads as the holder's. */
  holder(): string | null;
  /** The next finger placed on the sensor. */
  nextFinger(): FingerQuality;
  fingerDelayMs: number;
  sensorFault(): boolean;
  onCapture?(active: boolean): void;
}

const reply = (sw: number, data: Uint8Array = new Uint8Array(0)): Uint8Array => Uint8Array.from([...data, sw >> 8, sw & 0xff]);
const tlv = (tag: number, value: Uint8Array): Uint8Array => Uint8Array.from([tag, value.length, ...value]);

interface Capture {
  ref: number;
  quality: FingerQuality;
  startedAt: number;
  timeoutMs: number;
}

/**
 * A virtual SAM implementing the `adm-ektp-1` SAM side: it derives each card's key from its
 * master key, runs mutual authentication, unwraps what the card sends and drives the fingerprint
 * sensor, whose sample it wraps for the card. Time runs on the clock: polling reads the state.
 */
export class VirtualSam implements VpcdCard {
  readonly #o: SamOptions;
  #selected = false;
  #pendingAuth: { kCard: Uint8Array; rc: Uint8Array; rs: Uint8Array } | null = null;
  #keys: SessionKeys | null = null;
  #capture: Capture | null = null;

  constructor(options: SamOptions) {
    this.#o = options;
  }

  get capturing(): boolean {
    return this.#capture !== null;
  }

  atr(): Uint8Array {
    return ATR_SAM;
  }

  power(): void {
    this.#selected = false;
    this.#pendingAuth = null;
    this.#keys = null;
    this.#setCapture(null);
  }

  /** The card left: its session keys are worthless now. */
  forgetCard(): void {
    this.#pendingAuth = null;
    this.#keys = null;
    this.#setCapture(null);
  }

  apdu(bytes: Uint8Array): Uint8Array {
    const c = parseCommand(bytes);
    if (!c) return reply(SW.wrongLength);
    if (c.cla === 0x00 && c.ins === INS.select && c.p1 === 0x04) {
      if (this.#o.kind !== 'adm' || !safeEqual(c.data, SAM_AID)) return reply(SW.fileNotFound);
      this.#selected = true;
      return reply(SW.ok, tlv(0x6f, Uint8Array.from([...tlv(0x84, SAM_AID), ...tlv(0xc2, new TextEncoder().encode('ADM-VSAM 1.0'))])));
    }
    if (c.cla !== 0x80) return reply(SW.claNotSupported);
    if (!this.#selected) return reply(SW.securityNotSatisfied);
    switch (c.ins) {
      case SAM_INS.authInit: {
        if (c.data.length !== SERIAL_LEN + CHALLENGE_LEN) return reply(SW.wrongLength);
        const kCard = cardKey(this.#o.master, c.data.subarray(0, SERIAL_LEN));
        const rc = Uint8Array.from(c.data.subarray(SERIAL_LEN));
        const rs = randomBytes(CHALLENGE_LEN);
        this.#pendingAuth = { kCard, rc, rs };
        this.#keys = null;
        return reply(SW.ok, Uint8Array.from([...rs, ...samCryptogram(kCard, rc, rs)]));
      }
      case SAM_INS.authFinish: {
        const p = this.#pendingAuth;
        this.#pendingAuth = null;
        if (!p || c.data.length !== AUTH_LEN || !safeEqual(c.data, cardCryptogram(p.kCard, p.rc, p.rs))) return reply(SW.verificationFailed);
        this.#keys = sessionKeys(p.kCard, p.rc, p.rs);
        return reply(SW.ok);
      }
      case SAM_INS.unwrap: {
        if (!this.#keys) return reply(SW.securityNotSatisfied);
        const plain = unwrap(this.#keys, c.data);
        return plain ? reply(SW.ok, plain) : reply(SW.smDataIncorrect);
      }
      case SAM_INS.startCapture: {
        if (!this.#keys) return reply(SW.securityNotSatisfied);
        if (this.#o.sensorFault()) return reply(SW.executionError);
        if (c.data.length !== 2 || (c.p1 !== 1 && c.p1 !== 2)) return reply(SW.wrongP1P2);
        const ds = ((c.data[0] as number) << 8) | (c.data[1] as number);
        this.#setCapture({ ref: c.p1, quality: this.#o.nextFinger(), startedAt: Date.now(), timeoutMs: ds * 100 });
        return reply(SW.ok);
      }
      case SAM_INS.pollCapture:
        return this.#poll();
      case SAM_INS.cancelCapture:
        this.#setCapture(null);
        return reply(SW.ok);
      default:
        return reply(SW.insNotSupported);
    }
  }

  #poll(): Uint8Array {
    const cap = this.#capture;
    if (!cap || !this.#keys) return reply(SW.securityNotSatisfied);
    if (this.#o.sensorFault()) {
      this.#setCapture(null);
      return reply(SW.executionError);
    }
    const elapsed = Date.now() - cap.startedAt;
    if (cap.quality === 'none' || elapsed < this.#o.fingerDelayMs) {
      if (elapsed >= cap.timeoutMs) {
        this.#setCapture(null);
        return reply(SW.ok, Uint8Array.of(CAPTURE.noFinger));
      }
      return reply(SW.ok, Uint8Array.of(CAPTURE.waiting));
    }
    this.#setCapture(null);
    if (cap.quality === 'poor') return reply(SW.ok, Uint8Array.of(CAPTURE.poorQuality, 8));
    const holder = this.#o.holder();
    const sample = cap.quality === 'good' && holder ? fingerFeatures(holder, cap.ref) : randomBytes(32);
    return reply(SW.ok, Uint8Array.from([CAPTURE.sampleReady, ...wrap(this.#keys, sample)]));
  }

  #setCapture(c: Capture | null): void {
    this.#capture = c;
    this.#o.onCapture?.(c !== null);
  }
}
