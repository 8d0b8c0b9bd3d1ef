import type { ByteChannel } from '../common/byte-channel.ts';
import { err, ok, type Result } from '../../core/result.ts';
import type { Person } from '../../core/domain.ts';
import { encodeFrame, FrameDecoder, MAX_PAYLOAD, type Frame } from './frame-codec.ts';
import { CMD, EVENT_SEQ, EVT, PayloadReader, PayloadWriter, RECORD, RESPONSE, ST, VERIFY, encodeCardPresence, encodeReaderInfo } from './protocol.ts';
import { biodataOf } from './identity-record.ts';

/** Fault switches for tests and the dev panel. */
export interface ReaderFaults {
  /** One-shot: the next identity read loses the card after its first chunk. */
  removeCardMidRead: boolean;
  /** The SAM slot is empty: status says so and nothing authenticates. */
  noSam: boolean;
  /** The next N fingers placed do not match, whatever the finger. */
  mismatchTimes: number;
  /** Every answer and event leaves this late. */
  slowMs: number;
  /** Noise, false frame starts and broken frames before every answer. */
  garbage: boolean;
  /** Reads requests, answers nothing. */
  silent: boolean;
  /** The next N answers go out with a broken CRC. */
  corruptFrames: number;
  /** The fingerprint sensor reports a fault. */
  sensorFault: boolean;
  /** A slow chip: opening the card (authenticating with the SAM) is not answered until this is cleared. */
  holdOpen: boolean;
}

export type FingerQuality = 'good' | 'bad' | 'poor' | 'none';

export const NO_FAULTS: ReaderFaults = {
  removeCardMidRead: false,
  noSam: false,
  mismatchTimes: 0,
  slowMs: 0,
  garbage: false,
  silent: false,
  corruptFrames: 0,
  sensorFault: false,
  holdOpen: false,
};

export interface ReaderSimulatorOptions {
  /** Where tapped cards come from: the registry's citizens. */
  lookup(nik: string): Person | undefined;
  firmware?: string;
  /** Time from the verify request to the (simulated) finger touching the sensor. */
  fingerDelayMs?: number;
  /** Time the matcher takes once the finger is down. */
  matchMs?: number;
  maxPayload?: number;
  seed?: number;
}

interface SimCard {
  uid: Uint8Array;
  atr: Uint8Array;
  /** Null for a card that is not an e-KTP: it fails SAM authentication. */
  records: { biodata: Uint8Array; photo: Uint8Array; signature: Uint8Array } | null;
  authenticated: boolean;
  readsSinceOpen: number;
}

interface PendingVerify {
  timers: NodeJS.Timeout[];
  respond(status: number, result: number, score: number): void;
}

const ATR_EKTP = Uint8Array.from([0x3b, 0x8a, 0x80, 0x01, 0x80, 0x31, 0x80, 0x65, 0xb0, 0x85, 0x03, 0x00, 0xef, 0x12, 0x0f, 0xff, 0x82, 0x90, 0x00]);

/**
 * A serial e-KTP reader module on the far end of the wire: parses the host's frames with the same
 * codec, answers them, announces cards and fingers, and misbehaves on request. Its cards are made
 * from the registry's citizens; the fingerprint match is decided by what the test or dev panel
 * queued, since no real minutiae exist here.
 */
export class ReaderSimulator {
  readonly #o: Required<Omit<ReaderSimulatorOptions, 'lookup'>> & Pick<ReaderSimulatorOptions, 'lookup'>;
  #faults: ReaderFaults = { ...NO_FAULTS };
  /** Open-card requests waiting while `holdOpen` is set. */
  readonly #heldOpens: Frame[] = [];
  #channel: ByteChannel | null = null;
  #decoder = new FrameDecoder(MAX_PAYLOAD);
  #card: SimCard | null = null;
  #fingers: FingerQuality[] = [];
  #verify: PendingVerify | null = null;
  #rng: number;
  #requests = 0;
  readonly #timers = new Set<NodeJS.Timeout>();

  constructor(options: ReaderSimulatorOptions) {
    this.#o = {
      firmware: 'ADM-SIM-RDR 1.4.2',
      fingerDelayMs: 150,
      matchMs: 50,
      maxPayload: 2048,
      seed: 0x5eed,
      ...options,
    };
    this.#rng = this.#o.seed >>> 0 || 1;
  }

  // ---- control API (tests, dev panel) ----

  get faults(): Readonly<ReaderFaults> {
    return this.#faults;
  }

  setFaults(patch: Partial<ReaderFaults>): void {
    this.#faults = { ...this.#faults, ...patch };
    this.#releaseHeldOpens();
  }

  clearFaults(): void {
    this.#faults = { ...NO_FAULTS };
    this.#releaseHeldOpens();
  }

  /** Holds (or lets go of) the answer to opening the card: the dev panel's way to keep "reading the card" on screen. */
  holdCardOpen(held: boolean): void {
    this.setFaults({ holdOpen: held });
  }

  #releaseHeldOpens(): void {
    if (this.#faults.holdOpen) return;
    for (const req of this.#heldOpens.splice(0)) this.#openCard(req);
  }

  /** Puts the e-KTP of the citizen with this NIK on the reader. */
  tapCard(nik: string): Result<{ uid: string }, 'unknownCitizen' | 'cardPresent'> {
    if (this.#card) return err('cardPresent');
    const person = this.#o.lookup(nik);
    if (!person) return err('unknownCitizen');
    const records = {
      biodata: biodataOf(person),
      photo: person.photo ?? new Uint8Array(0),
      signature: person.signature ?? new Uint8Array(0),
    };
    return ok({ uid: this.#place(records) });
  }

  /** A contactless card that is not an e-KTP (a transit card): it fails authentication. */
  tapForeignCard(): Result<{ uid: string }, 'cardPresent'> {
    if (this.#card) return err('cardPresent');
    return ok({ uid: this.#place(null) });
  }

  removeCard(): void {
    if (!this.#card) return;
    this.#card = null;
    if (this.#verify) this.#finishVerify(ST.cardRemoved);
    this.#event(EVT.cardRemoved, new Uint8Array(0));
  }

  /** Queues how the next finger(s) placed will read; with nothing queued a good finger comes. */
  nextFinger(quality: FingerQuality, times = 1): void {
    for (let i = 0; i < times; i++) this.#fingers.push(quality);
  }

  state(): { connected: boolean; cardPresent: boolean; samPresent: boolean; verifying: boolean; queuedFingers: number; requests: number } {
    return {
      connected: this.#channel !== null && !this.#channel.closed,
      cardPresent: this.#card !== null,
      samPresent: !this.#faults.noSam,
      verifying: this.#verify !== null,
      queuedFingers: this.#fingers.length,
      requests: this.#requests,
    };
  }

  /** Takes the device side of a (new) connection. */
  attach(channel: ByteChannel): void {
    this.#channel = channel;
    this.#decoder = new FrameDecoder(MAX_PAYLOAD);
    channel.onData((chunk) => {
      for (const d of this.#decoder.push(chunk)) if (d.kind === 'frame') this.#onRequest(d.frame);
    });
    channel.onClose(() => {
      if (this.#channel === channel) this.#channel = null;
      if (this.#verify) this.#cancelVerifyTimers();
    });
  }

  /** Stops timers; for shutdown. */
  close(): void {
    this.#cancelVerifyTimers();
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }

  // ---- device behaviour ----

  #random(): number {
    let s = this.#rng;
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    this.#rng = s >>> 0;
    return this.#rng / 0x1_0000_0000;
  }

  #randomBytes(n: number): Uint8Array {
    return Uint8Array.from({ length: n }, () => Math.floor(this.#random() * 256));
  }

  #place(records: SimCard['records']): string {
    const uid = Uint8Array.from([0x04, ...this.#randomBytes(6)]);
    this.#card = { uid, atr: ATR_EKTP, records, authenticated: false, readsSinceOpen: 0 };
    this.#event(EVT.cardPresent, encodeCardPresence('A', uid, ATR_EKTP));
    return Buffer.from(uid).toString('hex').toUpperCase();
  }

  #later(ms: number, fn: () => void): NodeJS.Timeout {
    const t = setTimeout(() => {
      this.#timers.delete(t);
      fn();
    }, ms);
    this.#timers.add(t);
    return t;
  }

  #emit(frame: Frame): void {
    const f = this.#faults;
    if (f.silent) return;
    const send = () => {
      const ch = this.#channel;
      if (!ch || ch.closed || this.#faults.silent) return;
      let bytes = encodeFrame(frame);
      if (this.#faults.corruptFrames > 0) {
        this.#faults.corruptFrames--;
        bytes = Uint8Array.from(bytes);
        const at = bytes.length - 2;
        bytes[at] = (bytes[at] as number) ^ 0x5a;
      }
      if (this.#faults.garbage) {
        // Plain noise, a false start with an absurd length, and a frame with a broken CRC.
        const bogus = encodeFrame({ seq: frame.seq, cmd: frame.cmd, payload: this.#randomBytes(3) });
        bogus[bogus.length - 3] = (bogus[bogus.length - 3] as number) ^ 0xff;
        void ch.write(Uint8Array.from([...this.#randomBytes(1 + Math.floor(this.#random() * 16)), 0x02, 0xff, 0xff, ...bogus, 0x55]));
      }
      void ch.write(bytes);
    };
    if (f.slowMs > 0) this.#later(f.slowMs, send);
    else send();
  }

  #event(cmd: number, payload: Uint8Array): void {
    this.#emit({ seq: EVENT_SEQ, cmd, payload });
  }

  #answer(req: Frame, status: number, body: Uint8Array = new Uint8Array(0)): void {
    const payload = new Uint8Array(1 + body.length);
    payload[0] = status;
    payload.set(body, 1);
    this.#emit({ seq: req.seq, cmd: req.cmd | RESPONSE, payload });
  }

  #onRequest(req: Frame): void {
    this.#requests++;
    if (this.#faults.silent) return;
    if (req.seq === EVENT_SEQ || req.cmd >= RESPONSE) return; // not a host request
    if (this.#verify && req.cmd !== CMD.getStatus && req.cmd !== CMD.cancel && req.cmd !== CMD.reset) return this.#answer(req, ST.busy);
    switch (req.cmd) {
      case CMD.getStatus:
        return this.#answer(
          req,
          ST.ok,
          encodeReaderInfo(
            {
              firmware: this.#o.firmware,
              samPresent: !this.#faults.noSam,
              cardPresent: this.#card !== null,
              sensorOk: !this.#faults.sensorFault,
              busy: this.#verify !== null,
              capabilities: { fingerprint: true, photo: true, signature: true },
              maxPayload: this.#o.maxPayload,
              cardUid: '',
            },
            this.#card?.uid ?? new Uint8Array(0),
          ).subarray(1),
        );
      case CMD.openCard:
        return this.#openCard(req);
      case CMD.readRecord:
        return this.#readRecord(req);
      case CMD.verifyFinger:
        return this.#startVerify(req);
      case CMD.cancel:
        if (this.#verify) this.#finishVerify(ST.canceled);
        return this.#answer(req, ST.ok);
      case CMD.reset:
        if (this.#verify) this.#finishVerify(ST.canceled);
        this.#answer(req, ST.ok);
        if (this.#card) {
          this.#card.authenticated = false;
          this.#event(EVT.cardPresent, encodeCardPresence('A', this.#card.uid, this.#card.atr));
        }
        return;
      default:
        return this.#answer(req, ST.unknownCommand);
    }
  }

  #openCard(req: Frame): void {
    if (this.#faults.holdOpen) {
      this.#heldOpens.push(req);
      return;
    }
    const card = this.#card;
    if (!card) return this.#answer(req, ST.noCard);
    if (this.#faults.noSam) return this.#answer(req, ST.noSam);
    if (!card.records) return this.#answer(req, ST.authFailed);
    card.authenticated = true;
    card.readsSinceOpen = 0;
    const r = card.records;
    this.#answer(req, ST.ok, new PayloadWriter().u32(r.biodata.length).u32(r.photo.length).u32(r.signature.length).done());
  }

  #readRecord(req: Frame): void {
    const card = this.#card;
    if (!card) return this.#answer(req, ST.noCard);
    if (!card.authenticated || !card.records) return this.#answer(req, ST.notAuthenticated);
    const p = new PayloadReader(req.payload);
    const record = p.u8();
    const offset = p.u32();
    const length = p.u16();
    if (record === undefined || offset === undefined || length === undefined) return this.#answer(req, ST.badRequest);
    const data = record === RECORD.biodata ? card.records.biodata : record === RECORD.photo ? card.records.photo : record === RECORD.signature ? card.records.signature : undefined;
    if (!data || offset + length > data.length || length > this.#o.maxPayload - 1) return this.#answer(req, ST.outOfRange);
    card.readsSinceOpen++;
    if (this.#faults.removeCardMidRead && card.readsSinceOpen >= 2) {
      this.#faults.removeCardMidRead = false;
      this.removeCard();
      return this.#answer(req, ST.cardRemoved);
    }
    this.#answer(req, ST.ok, data.subarray(offset, offset + length));
  }

  #startVerify(req: Frame): void {
    const card = this.#card;
    if (!card) return this.#answer(req, ST.noCard);
    if (this.#faults.noSam) return this.#answer(req, ST.noSam);
    if (!card.authenticated) return this.#answer(req, ST.notAuthenticated);
    const p = new PayloadReader(req.payload);
    const finger = p.u8();
    const timeoutDs = p.u16();
    if (finger === undefined || timeoutDs === undefined || (finger !== 1 && finger !== 2)) return this.#answer(req, ST.badRequest);
    const pending: PendingVerify = {
      timers: [],
      respond: (status, result, score) => {
        if (this.#verify !== pending) return;
        this.#cancelVerifyTimers();
        this.#verify = null;
        this.#answer(req, status, status === ST.ok ? Uint8Array.from([result, score]) : new Uint8Array(0));
      },
    };
    const respond = pending.respond;
    this.#verify = pending;
    const quality = this.#fingers.shift() ?? 'good';
    pending.timers.push(this.#later(timeoutDs * 100, () => respond(ST.ok, VERIFY.timeout, 0)));
    if (quality === 'none') return;
    pending.timers.push(
      this.#later(this.#o.fingerDelayMs, () => {
        this.#event(EVT.fingerPlaced, new Uint8Array(0));
        pending.timers.push(
          this.#later(this.#o.matchMs, () => {
            if (this.#faults.sensorFault) return respond(ST.sensorError, 0, 0);
            if (quality === 'poor') return respond(ST.ok, VERIFY.poorQuality, Math.floor(this.#random() * 15));
            if (quality === 'bad' || this.#faults.mismatchTimes > 0) {
              if (this.#faults.mismatchTimes > 0) this.#faults.mismatchTimes--;
              return respond(ST.ok, VERIFY.noMatch, 5 + Math.floor(this.#random() * 30));
            }
            respond(ST.ok, VERIFY.match, 70 + Math.floor(this.#random() * 30));
          }),
        );
      }),
    );
  }

  #finishVerify(status: number): void {
    this.#verify?.respond(status, 0, 0);
  }

  #cancelVerifyTimers(): void {
    for (const t of this.#verify?.timers ?? []) {
      clearTimeout(t);
      this.#timers.delete(t);
    }
    if (this.#verify && (this.#channel === null || this.#channel.closed)) this.#verify = null;
  }
}
