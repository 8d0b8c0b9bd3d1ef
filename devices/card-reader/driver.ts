import { serialSupervision, SupervisedDriver } from '../common/supervised-driver.ts';
import type { ByteChannel, CloseReason } from '../common/byte-channel.ts';
import type { BackoffOptions } from '../common/backoff.ts';
import type { ChannelError } from '../common/errors.ts';
import type { StatusPatch } from '../common/supervisor.ts';
import { err, ok, type Result } from '../../core/result.ts';
import { FrameLink, type LinkFailure } from './frame-link.ts';
import { MAX_PAYLOAD, type Frame } from './frame-codec.ts';
import {
  CMD,
  EVT,
  FINGER_CODE,
  PayloadReader,
  PayloadWriter,
  RECORD,
  ST,
  VERIFY,
  decodeCardPresence,
  decodeReaderInfo,
  type ReaderInfo,
} from './protocol.ts';
import { decodeBiodata } from './identity-record.ts';
import { readerError } from './errors.ts';
import { ExclusiveOperation } from './exclusive-operation.ts';
import type { CardIdentity, CardReaderError, CardReaderEvents, CardReaderReason, Finger, FingerprintResult, FingerprintVerification } from './types.ts';

export interface CardReaderOptions {
  /** `simulated` or `serial`, for summaries. */
  mode: string;
  open(signal: AbortSignal): Promise<Result<ByteChannel, ChannelError>>;
  /** Fingerprint attempts per card session (config `session.fingerprintAttempts`). */
  fingerprintAttempts: number;
  /** Default limit for status, identity and reset operations. */
  operationTimeoutMs: number;
  /** Default limit for a fingerprint verification (the citizen needs time to place a finger). */
  fingerprintTimeoutMs: number;
  handshakeTimeoutMs?: number;
  heartbeatMs?: number;
  idleFlushMs?: number;
  backoff?: BackoffOptions;
  watchPath?: string;
}

interface CardSession {
  uid: string;
  attempts: number;
  authenticated: boolean;
}

const MAX_RECORD = { [RECORD.biodata]: 4096, [RECORD.photo]: 64 * 1024, [RECORD.signature]: 64 * 1024 } as const;
const RESULT_OF: Record<number, FingerprintResult> = {
  [VERIFY.match]: 'match',
  [VERIFY.noMatch]: 'noMatch',
  [VERIFY.timeout]: 'timeout',
  [VERIFY.poorQuality]: 'poorQuality',
};

type Op<T> = (link: FrameLink, signal: AbortSignal) => Promise<Result<T, CardReaderError>>;

/**
 * The e-KTP reader driver. Speaks the frame protocol of docs/devices/card-reader.md over whatever
 * channel `open` gives (serial port, pty, in-memory cable); a supervisor keeps it connected.
 * Biometric matching happens on the reader: only a result and a score ever cross the wire.
 * Identity data passes through to the caller and is not kept here.
 */
export class CardReader extends SupervisedDriver<CardReaderEvents> {
  readonly #o: CardReaderOptions;
  #link: FrameLink | null = null;
  #info: ReaderInfo | null = null;
  #session: CardSession | null = null;
  readonly #gate = new ExclusiveOperation();
  /** The running operation, so a reset can wait for it to wind down. */
  #current: Promise<unknown> | null = null;

  constructor(options: CardReaderOptions) {
    super(serialSupervision('cardReader', options));
    this.#o = options;
  }

  protected override beforeStop(): void {
    this.#gate.cancel();
  }

  /** Firmware, SAM and capabilities as of the last handshake or heartbeat. */
  info(): ReaderInfo | null {
    return this.#info;
  }

  get cardPresent(): boolean {
    return this.#session !== null;
  }

  /** Fingerprint attempts left in the current card session (the configured number when no card). */
  attemptsLeft(): number {
    return Math.max(0, this.#o.fingerprintAttempts - (this.#session?.attempts ?? 0));
  }

  /** Waits until the reader is connected, at most until `signal` aborts. */
  /** Asks the reader for firmware, SAM and card state. */
  getInfo(signal: AbortSignal, options: { timeoutMs?: number } = {}): Promise<Result<ReaderInfo, CardReaderError>> {
    return this.#run(signal, options.timeoutMs ?? this.#o.operationTimeoutMs, (link, s) => this.#getStatus(link, s));
  }

  /** Authenticates the card through the SAM and reads biodata, photo and signature. */
  readIdentity(signal: AbortSignal, options: { timeoutMs?: number } = {}): Promise<Result<CardIdentity, CardReaderError>> {
    return this.#run(signal, options.timeoutMs ?? this.#o.operationTimeoutMs, async (link, s) => {
      const opened = await this.#openCard(link, s);
      if (!opened.ok) return opened;
      const [bioLen, photoLen, sigLen] = opened.value;
      const bio = await this.#readRecord(link, s, RECORD.biodata, bioLen);
      if (!bio.ok) return bio;
      const photo = await this.#readRecord(link, s, RECORD.photo, photoLen);
      if (!photo.ok) return photo;
      const sig = await this.#readRecord(link, s, RECORD.signature, sigLen);
      if (!sig.ok) return sig;
      const parsed = decodeBiodata(bio.value);
      if (!parsed.ok) return err(readerError('badCard', `the card's biodata record is invalid at ${parsed.field}`));
      if (photo.value.length > 0 && !(photo.value[0] === 0xff && photo.value[1] === 0xd8)) {
        return err(readerError('badCard', 'the photo record is not a JPEG'));
      }
      return ok({
        ...parsed.value,
        photo: photo.value.length > 0 ? photo.value : null,
        signature: sig.value.length > 0 ? sig.value : null,
      });
    });
  }

  /**
   * One 1:1 fingerprint match on the reader against the minutiae on the card. No-match and poor
   * quality use up an attempt; when the card session has none left the reader is not even asked.
   */
  verifyFingerprint(finger: Finger, signal: AbortSignal, options: { timeoutMs?: number } = {}): Promise<Result<FingerprintVerification, CardReaderError>> {
    const timeoutMs = options.timeoutMs ?? this.#o.fingerprintTimeoutMs;
    const max = this.#o.fingerprintAttempts;
    if (this.#session && this.#session.attempts >= max) {
      return Promise.resolve(err(readerError('attemptsExhausted', `all ${max} fingerprint attempts of this card session are used`)));
    }
    return this.#run(signal, timeoutMs, async (link, s) => {
      if (!this.#session) {
        // A card we were not told about (events lost on a noisy line): ask, so its attempts are counted.
        const st = await this.#getStatus(link, s);
        if (!st.ok) return st;
        if (!this.#session) return err(readerError('noCard', 'no card on the reader'));
      }
      if (!this.#session.authenticated) {
        const opened = await this.#openCard(link, s);
        if (!opened.ok) return opened;
      }
      // The reader gives up a little before the host does, so its own timeout answer arrives in time.
      const deviceDs = Math.max(1, Math.min(0xffff, Math.floor((timeoutMs - Math.min(1000, timeoutMs / 4)) / 100)));
      const payload = new PayloadWriter().u8(FINGER_CODE[finger]).u16(deviceDs).done();
      const r = await this.#call(link, s, CMD.verifyFinger, payload);
      if (!r.ok) return r;
      const p = new PayloadReader(r.value);
      const code = p.u8();
      const score = p.u8();
      const result = code === undefined ? undefined : RESULT_OF[code];
      if (result === undefined || score === undefined || score > 100) return err(readerError('protocol', 'malformed fingerprint answer'));
      const session = this.#session;
      if (session && (result === 'noMatch' || result === 'poorQuality')) session.attempts++;
      const used = session?.attempts ?? 0;
      return ok({ result, score: result === 'timeout' ? 0 : score, attemptsUsed: used, attemptsLeft: Math.max(0, max - used) });
    });
  }

  /** Stops whatever the reader is doing (a waiting fingerprint, a read); the operation ends `canceled`. */
  cancel(): void {
    this.#gate.cancel();
  }

  /** Resets the reader: pending work is dropped and the card must authenticate again. */
  async reset(signal: AbortSignal, options: { timeoutMs?: number } = {}): Promise<Result<void, CardReaderError>> {
    this.#gate.cancel();
    await this.#current;
    return this.#run(signal, options.timeoutMs ?? this.#o.operationTimeoutMs, async (link, s) => {
      const r = await this.#call(link, s, CMD.reset, new Uint8Array(0));
      if (this.#session) this.#session.authenticated = false;
      return r.ok ? ok(undefined) : r;
    });
  }

  #run<T>(signal: AbortSignal, timeoutMs: number, op: Op<T>): Promise<Result<T, CardReaderError>> {
    const running = this.#runExclusive(signal, timeoutMs, op);
    if (this.#current === null) {
      this.#current = running;
      void running.finally(() => {
        if (this.#current === running) this.#current = null;
      });
    }
    return running;
  }

  #runExclusive<T>(signal: AbortSignal, timeoutMs: number, op: Op<T>): Promise<Result<T, CardReaderError>> {
    return this.#gate.run(this.#link, signal, timeoutMs, async (link, limit, canceled) => {
      const joined = new AbortController();
      const a = () => joined.abort(limit.reason);
      const b = () => joined.abort(canceled.reason);
      limit.addEventListener('abort', a, { once: true });
      canceled.addEventListener('abort', b, { once: true });
      try {
        const r = await op(link, joined.signal);
        if (!r.ok && (r.error.reason === 'canceled' || r.error.reason === 'timeout') && !link.closed) {
          // Tell the reader to stop too, so it is idle for the next operation.
          await link.send(CMD.cancel);
        }
        return r;
      } finally {
        limit.removeEventListener('abort', a);
        canceled.removeEventListener('abort', b);
      }
    });
  }

  /** Sends one request; answers the payload after the status byte, or the typed error. */
  async #call(
    link: FrameLink,
    signal: AbortSignal,
    cmd: number,
    payload: Uint8Array,
    retries = 0,
    resendEveryMs?: number,
  ): Promise<Result<Uint8Array, CardReaderError>> {
    const r = await link.request(cmd, payload, signal, { retries, ...(resendEveryMs !== undefined ? { resendEveryMs } : {}) });
    if (!r.ok) return err(linkError(r.failure));
    return statusOf(r.frame);
  }

  async #getStatus(link: FrameLink, signal: AbortSignal, resendEveryMs?: number): Promise<Result<ReaderInfo, CardReaderError>> {
    const r = await this.#call(link, signal, CMD.getStatus, new Uint8Array(0), 2, resendEveryMs);
    if (!r.ok) return r;
    const info = decodeReaderInfo(new PayloadReader(r.value));
    if (!info) return err(readerError('protocol', 'malformed status answer'));
    this.#info = info;
    this.#syncCard(info);
    return ok(info);
  }

  async #openCard(link: FrameLink, signal: AbortSignal): Promise<Result<[number, number, number], CardReaderError>> {
    const r = await this.#call(link, signal, CMD.openCard, new Uint8Array(0));
    if (!r.ok) return r;
    const p = new PayloadReader(r.value);
    const lens = [p.u32(), p.u32(), p.u32()];
    const [bio, photo, sig] = lens;
    if (bio === undefined || photo === undefined || sig === undefined) return err(readerError('protocol', 'malformed open-card answer'));
    if (bio === 0 || bio > MAX_RECORD[RECORD.biodata] || photo > MAX_RECORD[RECORD.photo] || sig > MAX_RECORD[RECORD.signature]) {
      return err(readerError('badCard', `implausible record sizes ${bio}/${photo}/${sig}`));
    }
    if (this.#session) this.#session.authenticated = true;
    return ok([bio, photo, sig]);
  }

  async #readRecord(link: FrameLink, signal: AbortSignal, record: number, length: number): Promise<Result<Uint8Array, CardReaderError>> {
    const out = new Uint8Array(length);
    const chunk = Math.min(this.#info?.maxPayload ?? 1024, MAX_PAYLOAD) - 1;
    for (let offset = 0; offset < length; ) {
      const want = Math.min(chunk, length - offset);
      const req = new PayloadWriter().u8(record).u32(offset).u16(want).done();
      const r = await this.#call(link, signal, CMD.readRecord, req, 2);
      if (!r.ok) {
        if (r.error.reason === 'protocol' && this.#session) this.#session.authenticated = false;
        return r;
      }
      if (r.value.length !== want) return err(readerError('protocol', `record ${record}: asked ${want} bytes at ${offset}, got ${r.value.length}`));
      out.set(r.value, offset);
      offset += want;
    }
    return ok(out);
  }

  #syncCard(info: ReaderInfo): void {
    if (info.cardPresent && info.cardUid !== '' && this.#session?.uid !== info.cardUid) {
      this.#session = { uid: info.cardUid, attempts: 0, authenticated: false };
      this.supervisor.report({ media: 'present' });
    } else if (!info.cardPresent && this.#session) {
      this.#session = null;
      this.supervisor.report({ media: 'notPresent' });
      this.emit('cardRemoved');
    }
  }

  #onEvent(frame: Frame): void {
    const p = new PayloadReader(frame.payload);
    if (frame.cmd === EVT.cardPresent) {
      const presence = decodeCardPresence(p);
      if (!presence) {
        this.emit('lineNoise', { reason: 'malformed-event', bytes: frame.payload.length });
        return;
      }
      // The same card announced again (after a reset) keeps its attempts: removing power is not a way around the limit.
      if (this.#session?.uid !== presence.uid) this.#session = { uid: presence.uid, attempts: 0, authenticated: false };
      else this.#session.authenticated = false;
      this.supervisor.report({ media: 'present' });
      this.emit('cardPresent', presence);
    } else if (frame.cmd === EVT.cardRemoved) {
      this.#session = null;
      this.supervisor.report({ media: 'notPresent' });
      this.emit('cardRemoved');
    } else if (frame.cmd === EVT.fingerPlaced) {
      this.emit('fingerPlaced');
    } else {
      this.emit('lineNoise', { reason: 'unknown-event', bytes: frame.payload.length });
    }
  }

  protected async attachChannel(channel: ByteChannel, signal: AbortSignal): Promise<Result<StatusPatch, CardReaderError>> {
    const link = new FrameLink(channel, {
      idleFlushMs: this.#o.idleFlushMs ?? 150,
      onEvent: (f) => this.#onEvent(f),
      onNoise: (n) => this.emit('lineNoise', n),
    });
    // Knock: a reader that opens its end (or finishes booting) a moment after us missed the first request.
    const r = await this.#getStatus(link, signal, Math.max(50, Math.floor((this.#o.handshakeTimeoutMs ?? 2000) / 4)));
    if (!r.ok) {
      link.close();
      return r;
    }
    this.#link = link;
    return ok(patchOf(r.value));
  }

  protected detachChannel(_reason: CloseReason): void {
    this.#link?.close();
    this.#link = null;
    this.#gate.cancel();
    // The card session (and its used attempts) survives a reconnect; the next status tells whether the card is still there.
  }

  protected async probe(signal: AbortSignal): Promise<Result<StatusPatch, CardReaderError>> {
    const link = this.#link;
    if (!link) return err(readerError('disconnected', 'not connected'));
    if (this.#gate.running) return ok({});
    const r = await this.#getStatus(link, signal);
    return r.ok ? ok(patchOf(r.value)) : r;
  }
}

function patchOf(info: ReaderInfo): StatusPatch {
  const reasons: string[] = [];
  if (!info.samPresent) reasons.push('no-sam');
  if (!info.sensorOk) reasons.push('sensor-error');
  const media = info.cardPresent ? 'present' : 'notPresent';
  if (reasons.length > 0) return { device: 'hardwareError', reasons, media, action: 'maintenance', detail: `firmware ${info.firmware}` };
  return { device: 'online', reasons: [], media, detail: `firmware ${info.firmware}` };
}

function linkError(f: LinkFailure): CardReaderError {
  if (f === 'timeout') return readerError('timeout', 'the card reader did not answer in time');
  if (f === 'canceled') return readerError('canceled', 'the operation was canceled');
  return readerError('disconnected', 'the card reader went away');
}

/** What each failing status byte means, as the reason and message the driver returns. */
const STATUS_FAILURES: ReadonlyMap<number, readonly [CardReaderReason, string]> = new Map([
  [ST.noCard, ['noCard', 'no card on the reader']],
  [ST.cardRemoved, ['cardRemoved', 'the card was taken away during the operation']],
  [ST.noSam, ['noSam', 'the reader has no SAM']],
  [ST.authFailed, ['authFailed', 'the card did not authenticate with the SAM (not an e-KTP, or damaged)']],
  [ST.busy, ['busy', 'the reader is busy']],
  [ST.canceled, ['canceled', 'the operation was canceled']],
  [ST.sensorError, ['sensorError', 'the fingerprint sensor reports a fault']],
  [ST.unknownCommand, ['unsupported', 'the reader does not know this command']],
  [ST.notAuthenticated, ['protocol', 'the card is not authenticated']],
]);

function statusOf(frame: Frame): Result<Uint8Array, CardReaderError> {
  const st = frame.payload[0];
  if (st === ST.ok) return ok(frame.payload.subarray(1));
  const [reason, message] = (st === undefined ? undefined : STATUS_FAILURES.get(st)) ?? ['protocol', `the reader answered status ${String(st)}`];
  return err(readerError(reason, message));
}
