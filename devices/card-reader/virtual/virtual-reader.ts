import { randomBytes } from 'node:crypto';
import type { Person } from '../../../core/domain.ts';
import { err, ok, type Result } from '../../../core/result.ts';
import { biodataOf } from '../identity-record.ts';
import { NO_CARD_FAULTS, VirtualBankCard, VirtualEktp, type CardFaults } from './virtual-ektp.ts';
import { VirtualSam, type FingerQuality } from './virtual-sam.ts';
import { VpcdLink } from './vpcd-link.ts';

export type { FingerQuality };

/** Fault switches of the virtual PC/SC reader, for tests and the dev panel. */
export interface VirtualReaderFaults extends Omit<CardFaults, 'pullAtRead'> {
  /** One-shot: the next identity read loses the card after its first chunk. */
  removeCardMidRead: boolean;
  /** The SAM is in its slot but is not the right one: other keys, or another scheme's application. */
  wrongSam: 'otherKeys' | 'otherApp' | null;
  /** The next N fingers placed do not match, whatever the finger. */
  mismatchTimes: number;
  sensorFault: boolean;
}

export const NO_VIRTUAL_FAULTS: VirtualReaderFaults = {
  ...(({ pullAtRead: _p, ...rest }) => rest)(NO_CARD_FAULTS),
  removeCardMidRead: false,
  wrongSam: null,
  mismatchTimes: 0,
  sensorFault: false,
};

/** How long a swapped SAM slot stays empty. */
export const SAM_SWAP_MS = 1200;

export interface VirtualReaderOptions {
  /** vpcd's first slot port (the card); the SAM sits in the next slot, `port + 1`. */
  port: number;
  host?: string;
  lookup(nik: string): Person | undefined;
  /** The SAM master key; a random one per virtual reader when not given. */
  master?: Uint8Array;
  fingerDelayMs?: number;
  trace?: (slot: 'card' | 'sam', direction: 'command' | 'response', bytes: Uint8Array) => void;
  /** Called after anything `state()` reports may have changed. */
  onChange?: () => void;
}

/**
 * A contactless e-KTP reader slot and a SAM slot behind pcscd, through vsmartcard's vpcd: the
 * virtual SAM is inserted at once, cards come and go by `tapCard` / `removeCard`. The control API
 * matches the serial reader simulator's, so the dev panel and the tests drive both alike.
 */
export class VirtualPcscReader {
  readonly #o: VirtualReaderOptions;
  readonly #master: Uint8Array;
  #faults: VirtualReaderFaults = { ...NO_VIRTUAL_FAULTS };
  #fingers: FingerQuality[] = [];
  #card: { link: VpcdLink; holder: string | null; ektp: VirtualEktp | null } | null = null;
  #sam: { link: VpcdLink; sam: VirtualSam } | null = null;
  #capturing = false;
  #requests = 0;
  #swap: NodeJS.Timeout | null = null;

  constructor(options: VirtualReaderOptions) {
    this.#o = options;
    this.#master = options.master ?? randomBytes(32);
    this.insertSam();
  }

  get faults(): Readonly<VirtualReaderFaults> {
    return this.#faults;
  }

  setFaults(patch: Partial<VirtualReaderFaults>): void {
    const wrongBefore = this.#faults.wrongSam;
    this.#faults = { ...this.#faults, ...patch };
    this.#applyCardFaults();
    // A different SAM is a different chip in the slot: take the old one out, and put the new one
    // in once the reader has had time to see the slot empty (vpcd notices a chip gone when it next polls).
    if (patch.wrongSam !== undefined && patch.wrongSam !== wrongBefore) {
      if (this.#swap) clearTimeout(this.#swap);
      this.removeSam();
      this.#swap = setTimeout(() => {
        this.#swap = null;
        this.insertSam();
      }, SAM_SWAP_MS);
    }
  }

  clearFaults(): void {
    this.setFaults({ ...NO_VIRTUAL_FAULTS });
  }

  /** Puts the e-KTP of the citizen with this NIK on the reader. */
  tapCard(nik: string, uid?: Uint8Array): Result<{ uid: string }, 'unknownCitizen' | 'cardPresent'> {
    if (this.#card) return err('cardPresent');
    const person = this.#o.lookup(nik);
    if (!person) return err('unknownCitizen');
    const content = { nik: person.nik, biodata: biodataOf(person), photo: person.photo ?? new Uint8Array(0), signature: person.signature ?? new Uint8Array(0) };
    const ektp = new VirtualEktp(content, this.#master, () => this.removeCard(), uid);
    this.#card = { link: this.#link(this.#o.port, 'card', ektp), holder: person.nik, ektp };
    this.#applyCardFaults();
    this.#card.link.insert();
    return ok({ uid: Buffer.from(ektp.uid).toString('hex').toUpperCase() });
  }

  /** A bank card on the reader: it has no e-KTP application. */
  tapForeignCard(): Result<{ uid: string }, 'cardPresent'> {
    if (this.#card) return err('cardPresent');
    const bank = new VirtualBankCard();
    this.#card = { link: this.#link(this.#o.port, 'card', bank), holder: null, ektp: null };
    this.#card.link.insert();
    return ok({ uid: Buffer.from(bank.uid).toString('hex').toUpperCase() });
  }

  removeCard(): void {
    const c = this.#card;
    if (!c) return;
    this.#card = null;
    c.link.remove();
    this.#sam?.sam.forgetCard();
    this.#o.onChange?.();
  }

  /** Queues how the next finger(s) placed will read; with nothing queued a good finger comes. */
  nextFinger(quality: FingerQuality, times = 1): void {
    for (let i = 0; i < times; i++) this.#fingers.push(quality);
  }

  /** Takes the SAM out of its slot. */
  removeSam(): void {
    this.#sam?.link.remove();
    this.#sam = null;
  }

  insertSam(): void {
    if (this.#sam) return;
    const wrong = this.#faults.wrongSam;
    const sam = new VirtualSam({
      master: wrong === 'otherKeys' ? randomBytes(32) : this.#master,
      kind: wrong === 'otherApp' ? 'otherApp' : 'adm',
      holder: () => this.#card?.holder ?? null,
      nextFinger: () => {
        const q = this.#fingers.shift() ?? 'good';
        if (q === 'good' && this.#faults.mismatchTimes > 0) {
          this.#faults.mismatchTimes--;
          return 'bad';
        }
        return q;
      },
      fingerDelayMs: this.#o.fingerDelayMs ?? 150,
      sensorFault: () => this.#faults.sensorFault,
      onCapture: (active) => {
        this.#capturing = active;
        this.#o.onChange?.();
      },
    });
    this.#sam = { link: this.#link(this.#o.port + 1, 'sam', sam), sam };
    this.#sam.link.insert();
  }

  state(): { connected: boolean; cardPresent: boolean; samPresent: boolean; verifying: boolean; queuedFingers: number; requests: number } {
    return {
      connected: this.#sam?.link.connected ?? false,
      cardPresent: this.#card !== null,
      samPresent: this.#sam !== null,
      verifying: this.#capturing,
      queuedFingers: this.#fingers.length,
      requests: this.#requests,
    };
  }

  /** True while pcscd's vpcd driver holds the card's connection (the reader sees the card). */
  get cardConnected(): boolean {
    return this.#card?.link.connected ?? false;
  }

  /** Card out, faults cleared, no fingers queued, the right SAM in its slot: as new, for the next test. */
  reset(): void {
    this.removeCard();
    this.#fingers = [];
    this.clearFaults();
  }

  close(): void {
    if (this.#swap) clearTimeout(this.#swap);
    this.#swap = null;
    this.removeCard();
    this.removeSam();
  }

  #applyCardFaults(): void {
    const e = this.#card?.ektp;
    if (!e) return;
    const f = this.#faults;
    const pullAtRead = f.removeCardMidRead
      ? (reads: number) => {
          if (reads < 2) return false;
          this.#faults.removeCardMidRead = false;
          return true;
        }
      : null;
    e.faults = { blocked: f.blocked, authBlocked: f.authBlocked, biodataLocked: f.biodataLocked, garbage: f.garbage, truncate: f.truncate, pullAtRead };
    // One-shot counters are the card's now.
    this.#faults.garbage = 0;
    this.#faults.truncate = 0;
  }

  #link(port: number, slot: 'card' | 'sam', card: ConstructorParameters<typeof VpcdLink>[0]['card']): VpcdLink {
    const trace = this.#o.trace;
    return new VpcdLink({
      port,
      ...(this.#o.host ? { host: this.#o.host } : {}),
      card,
      trace: (direction, bytes) => {
        if (direction === 'command') this.#requests++;
        trace?.(slot, direction, bytes);
        this.#o.onChange?.();
      },
    });
  }
}
