import { SupervisedDriver } from '../../common/supervised-driver.ts';
import type { ByteChannel, CloseReason } from '../../common/byte-channel.ts';
import type { BackoffOptions } from '../../common/backoff.ts';
import { abortKind } from '../../common/deadline.ts';
import type { ChannelError } from '../../common/errors.ts';
import type { StatusPatch } from '../../common/supervisor.ts';
import { err, ok, type Result } from '../../../core/result.ts';
import { readerError } from '../errors.ts';
import { ExclusiveOperation } from '../exclusive-operation.ts';
import type { ApduSlot, CardProfile, ProfileSession } from '../profile/types.ts';
import type { ReaderInfo } from '../protocol.ts';
import type { CardIdentity, CardReaderError, CardReaderEvents, EktpReader, Finger, FingerprintVerification } from '../types.ts';
import { classifyPcscError, loadPcsc, type PcscCard, type PcscModule } from './binding.ts';
import { PcscConnection, type SlotState } from './connection.ts';

export interface PcscCardReaderOptions {
  /** The reader (slot) the citizen's card goes in: the first PC/SC reader whose name contains this. */
  cardReader: string;
  /** The reader (slot) holding the SAM. */
  samReader: string;
  profile: CardProfile;
  fingerprintAttempts: number;
  operationTimeoutMs: number;
  fingerprintTimeoutMs: number;
  handshakeTimeoutMs?: number;
  heartbeatMs?: number;
  backoff?: BackoffOptions;
  /** Replaces the lazy `import('smartcard')`; tests pass one that fails like a kiosk without the binding. */
  load?: () => Promise<Result<PcscModule, string>>;
  /** How long a card that stopped answering may take to show as gone before the read is called unreadable. */
  removalGraceMs?: number;
}

interface CardSession {
  /** UID from the contactless front end (GET DATA), or the ATR when the reader has none. */
  uid: string;
  attempts: number;
  handle: PcscCard | null;
  profile: ProfileSession | null;
}

type Op<T> = (conn: PcscConnection, signal: AbortSignal) => Promise<Result<T, CardReaderError>>;

const GET_UID = Uint8Array.from([0xff, 0xca, 0x00, 0x00, 0x00]);
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex').toUpperCase();

/**
 * The e-KTP reader over PC/SC: a contactless slot for the citizen's card and a slot for the SAM,
 * as pcscd presents a real CCID reader (or vsmartcard's vpcd in tests). The card profile decides
 * which APDUs go where; this driver keeps the connection supervised, follows card presence,
 * counts fingerprint attempts per card session, bounds every operation and maps PC/SC failures
 * to the same typed errors as the serial reader.
 */
export class PcscCardReader extends SupervisedDriver<CardReaderEvents> implements EktpReader {
  readonly #o: PcscCardReaderOptions;
  #pcsc: PcscModule | null = null;
  #conn: PcscConnection | null = null;
  #sam: { handle: PcscCard | null; ok: boolean; description: string; problem: 'no-sam' | 'wrong-sam' | null } = { handle: null, ok: false, description: '', problem: 'no-sam' };
  #session: CardSession | null = null;
  #info: ReaderInfo | null = null;
  readonly #gate = new ExclusiveOperation();
  /** Presence changes are handled in order (connecting to read the UID takes a moment). */
  #slots: Promise<unknown> = Promise.resolve();

  constructor(options: PcscCardReaderOptions) {
    super({
      id: 'cardReader',
      mode: 'pcsc',
      handshakeTimeoutMs: options.handshakeTimeoutMs ?? 3000,
      heartbeatMs: options.heartbeatMs ?? 5000,
      ...(options.backoff ? { backoff: options.backoff } : {}),
    });
    this.#o = options;
  }

  protected override beforeStop(): void {
    this.#gate.cancel();
  }

  get cardPresent(): boolean {
    return this.#session !== null;
  }

  info(): ReaderInfo | null {
    return this.#info;
  }

  attemptsLeft(): number {
    return Math.max(0, this.#o.fingerprintAttempts - (this.#session?.attempts ?? 0));
  }

  /** The two slots and the SAM as of now; the SAM is asked again. */
  getInfo(signal: AbortSignal, options: { timeoutMs?: number } = {}): Promise<Result<ReaderInfo, CardReaderError>> {
    return this.#run(signal, options.timeoutMs ?? this.#o.operationTimeoutMs, async (conn, s) => {
      await this.#checkSam(conn, s);
      return ok(this.#refreshInfo(conn));
    });
  }

  readIdentity(signal: AbortSignal, options: { timeoutMs?: number } = {}): Promise<Result<CardIdentity, CardReaderError>> {
    return this.#run(signal, options.timeoutMs ?? this.#o.operationTimeoutMs, async (conn, s) => {
      const opened = await this.#openProfile(conn, s);
      if (!opened.ok) return opened;
      return opened.value.readIdentity(s);
    });
  }

  verifyFingerprint(finger: Finger, signal: AbortSignal, options: { timeoutMs?: number } = {}): Promise<Result<FingerprintVerification, CardReaderError>> {
    const timeoutMs = options.timeoutMs ?? this.#o.fingerprintTimeoutMs;
    const max = this.#o.fingerprintAttempts;
    if (this.#session && this.#session.attempts >= max) {
      return Promise.resolve(err(readerError('attemptsExhausted', `all ${max} fingerprint attempts of this card session are used`)));
    }
    // The SAM's capture ends a little before the host's deadline, so its "no finger" comes in time.
    const captureMs = Math.max(100, timeoutMs - Math.min(1000, timeoutMs / 4));
    return this.#run(signal, timeoutMs, async (conn, s) => {
      const opened = await this.#openProfile(conn, s);
      if (!opened.ok) return opened;
      const v = await opened.value.verifyFinger(finger, captureMs, s, () => this.emit('fingerPlaced'));
      if (!v.ok) return v;
      const session = this.#session;
      if (session && (v.value.result === 'noMatch' || v.value.result === 'poorQuality')) session.attempts++;
      const used = session?.attempts ?? 0;
      return ok({ ...v.value, attemptsUsed: used, attemptsLeft: Math.max(0, max - used) });
    });
  }

  cancel(): void {
    this.#gate.cancel();
  }

  /** Drops the card's authentication and resets it; the next operation selects and authenticates again. */
  async reset(signal: AbortSignal, options: { timeoutMs?: number } = {}): Promise<Result<void, CardReaderError>> {
    this.#gate.cancel();
    await this.#conn?.idle();
    return this.#run(signal, options.timeoutMs ?? this.#o.operationTimeoutMs, async (conn) => {
      const s = this.#session;
      if (s) {
        s.profile = null;
        conn.disconnect(s.handle);
        s.handle = null;
      }
      await conn.idle();
      return ok(undefined);
    });
  }

  // ---- operations ----

  #run<T>(signal: AbortSignal, timeoutMs: number, op: Op<T>): Promise<Result<T, CardReaderError>> {
    return this.#gate.run(this.#conn, signal, timeoutMs, async (conn, limit, canceled) => {
      const r = await op(conn, AbortSignal.any([limit, canceled]));
      if (!r.ok && this.#session) this.#session.profile = null;
      if (!r.ok && conn.closed && r.error.reason !== 'disconnected') return err(readerError('disconnected', 'the card reader went away'));
      return r;
    });
  }

  async #openProfile(conn: PcscConnection, signal: AbortSignal): Promise<Result<ProfileSession, CardReaderError>> {
    const session = this.#session;
    if (!session) return err(readerError('noCard', 'no card on the reader'));
    if (session.profile) return ok(session.profile);
    if (!this.#sam.ok) {
      const sam = await this.#checkSam(conn, signal);
      if (!sam.ok) return sam;
    }
    const opened = await this.#o.profile.open(this.#slot(conn, 'card'), this.#slot(conn, 'sam'), signal);
    if (!opened.ok) return opened;
    if (this.#session === session) session.profile = opened.value;
    return opened;
  }

  /** One slot for the profile: transmits in order, bounded by the operation's signal, errors typed. */
  #slot(conn: PcscConnection, slot: 'card' | 'sam'): ApduSlot {
    return {
      transmit: async (apdu, signal) => {
        const handle = await this.#handle(conn, slot);
        if (!handle.ok) return handle;
        // A transmit the caller gave up on still finishes (in the connection's queue) before the next.
        const sent = conn.transmit(handle.value, apdu);
        let unhook = () => {};
        const aborted = new Promise<'aborted'>((resolve) => {
          if (signal.aborted) return resolve('aborted');
          const onAbort = () => resolve('aborted');
          signal.addEventListener('abort', onAbort, { once: true });
          unhook = () => signal.removeEventListener('abort', onAbort);
        });
        try {
          const r = await Promise.race([sent, aborted]);
          if (r === 'aborted') return err(abortError(signal));
          if (slot === 'card' && r.length < 2) {
            // An empty answer is what a reader gives when the card left mid-command.
            const there = await this.#cardStillThere(conn);
            if (there === 'gone') return err(readerError('cardRemoved', 'the card was taken away during the operation'));
            if (there !== 'there') return err(there);
          }
          return ok(r);
        } catch (e) {
          return this.#transmitFailure(conn, slot, e);
        } finally {
          unhook();
        }
      },
    };
  }

  async #handle(conn: PcscConnection, slot: 'card' | 'sam'): Promise<Result<PcscCard, CardReaderError>> {
    if (slot === 'card') {
      const s = this.#session;
      if (!s) return err(readerError('noCard', 'no card on the reader'));
      if (s.handle?.connected) return ok(s.handle);
      const c = await this.#connect(conn, 'card');
      if (c.ok && this.#session === s) s.handle = c.value;
      return c;
    }
    if (this.#sam.handle?.connected) return ok(this.#sam.handle);
    const c = await this.#connect(conn, 'sam');
    if (c.ok) this.#sam.handle = c.value;
    return c;
  }

  async #connect(conn: PcscConnection, slot: 'card' | 'sam'): Promise<Result<PcscCard, CardReaderError>> {
    const missing = slot === 'card' ? readerError('noCard', 'no card on the reader') : readerError('noSam', 'there is no SAM in its slot');
    try {
      const handle = await conn.connect(slot);
      if (!handle) return err(slot === 'card' ? readerError('disconnected', 'the card reader is gone') : missing);
      return ok(handle);
    } catch (e) {
      const kind = classifyPcscError(e);
      if (kind === 'noService' || kind === 'readerGone') return err(readerError('disconnected', 'the card reader went away'));
      if (kind === 'cardGone' || kind === 'transaction') return err(missing);
      if (kind === 'sharing') return err(readerError('busy', `another program holds the ${slot === 'card' ? 'card' : 'SAM'}`));
      return err(readerError('protocol', `connecting to the ${slot === 'card' ? 'card' : 'SAM'} failed: ${(e as Error).message}`));
    }
  }

  async #transmitFailure(conn: PcscConnection, slot: 'card' | 'sam', e: unknown): Promise<Result<never, CardReaderError>> {
    const kind = classifyPcscError(e);
    if (slot === 'card' && this.#session) {
      conn.disconnect(this.#session.handle);
      this.#session.handle = null;
    }
    if (slot === 'sam') {
      conn.disconnect(this.#sam.handle);
      this.#sam.handle = null;
    }
    if (kind === 'noService' || kind === 'readerGone') return err(readerError('disconnected', 'the card reader went away'));
    if (slot === 'sam') {
      this.#sam.ok = false;
      return err(kind === 'cardGone' || kind === 'transaction' ? readerError('noSam', 'the SAM stopped answering or left its slot') : readerError('protocol', `SAM: ${(e as Error).message}`));
    }
    if (kind === 'cardGone') return err(readerError('cardRemoved', 'the card was taken away during the operation'));
    const there = await this.#cardStillThere(conn);
    if (there === 'gone') return err(readerError('cardRemoved', 'the card was taken away during the operation'));
    if (there === 'there') return err(readerError('badCard', `the card stopped answering: ${(e as Error).message}`));
    return err(there);
  }

  /**
   * A card that stops answering (or answers nothing) is usually a card being pulled: ask the slot
   * again (connecting powers the card up, which fails when it has gone) and give the monitor a
   * moment to see it go.
   */
  async #cardStillThere(conn: PcscConnection): Promise<'gone' | 'there' | CardReaderError> {
    const deadlineAt = Date.now() + (this.#o.removalGraceMs ?? 1500);
    for (;;) {
      if (conn.presentNow('card')?.present === false || this.#session === null) return 'gone';
      const probe = await this.#connect(conn, 'card');
      if (probe.ok) {
        conn.disconnect(probe.value);
        if (Date.now() >= deadlineAt) return 'there';
      } else if (probe.error.reason === 'noCard') return 'gone';
      else if (probe.error.reason === 'disconnected') return probe.error;
      if (Date.now() >= deadlineAt) return 'gone';
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  // ---- SAM and card presence ----

  async #checkSam(conn: PcscConnection, signal: AbortSignal): Promise<Result<void, CardReaderError>> {
    if (conn.samReaderName === null || conn.presentNow('sam')?.present === false) {
      this.#setSam({ ok: false, problem: 'no-sam', description: '' });
      return err(readerError('noSam', conn.samReaderName === null ? `no PC/SC reader named like "${this.#o.samReader}" for the SAM` : 'there is no SAM in its slot'));
    }
    const r = await this.#o.profile.checkSam(this.#slot(conn, 'sam'), signal);
    if (r.ok && r.value.ours) {
      this.#setSam({ ok: true, problem: null, description: r.value.description });
      return ok(undefined);
    }
    if (r.ok) {
      this.#setSam({ ok: false, problem: 'wrong-sam', description: r.value.description });
      return err(readerError('noSam', `the chip in the SAM slot is not a SAM of profile ${this.#o.profile.name}`));
    }
    if (r.error.reason === 'noSam' || r.error.reason === 'protocol') this.#setSam({ ok: false, problem: 'no-sam', description: r.error.message });
    return r;
  }

  #setSam(s: { ok: boolean; problem: 'no-sam' | 'wrong-sam' | null; description: string }): void {
    if (!s.ok) {
      this.#conn?.disconnect(this.#sam.handle);
      this.#sam.handle = null;
    }
    this.#sam = { ...this.#sam, ...s };
    if (this.#conn) this.supervisor.report(this.#patch(this.#conn));
  }

  #patch(conn: PcscConnection): StatusPatch {
    const media = this.#session ? 'present' : 'notPresent';
    const sam = this.#sam.ok ? this.#sam.description : `${this.#sam.problem ?? 'unchecked'}${this.#sam.description ? ` (${this.#sam.description})` : ''}`;
    const detail = `PC/SC ${conn.cardReaderName}; SAM ${sam}; profile ${this.#o.profile.name}`;
    if (!this.#sam.ok) return { device: 'hardwareError', reasons: [this.#sam.problem ?? 'no-sam'], media, action: 'maintenance', detail };
    return { device: 'online', reasons: [], media, action: undefined, detail };
  }

  #refreshInfo(conn: PcscConnection): ReaderInfo {
    this.#info = {
      firmware: `PC/SC ${conn.cardReaderName}${this.#sam.ok ? `, ${this.#sam.description}` : ''}`,
      samPresent: this.#sam.ok,
      cardPresent: this.#session !== null,
      sensorOk: true,
      busy: this.#gate.running,
      capabilities: { fingerprint: true, photo: true, signature: true },
      maxPayload: 256,
      cardUid: this.#session?.uid ?? '',
    };
    return this.#info;
  }

  #onSlot(conn: PcscConnection, slot: 'card' | 'sam', state: SlotState): void {
    this.#slots = this.#slots.then(async () => {
      if (conn.closed) return;
      if (slot === 'sam') {
        if (!state.present) this.#setSam({ ok: false, problem: 'no-sam', description: '' });
        else if (!this.#gate.running) await this.#checkSam(conn, AbortSignal.timeout(this.#o.operationTimeoutMs));
        return;
      }
      if (state.present) await this.#cardArrived(conn, state.atr ?? new Uint8Array(0));
      else this.#cardGone();
    });
  }

  async #cardArrived(conn: PcscConnection, atr: Uint8Array): Promise<void> {
    let uid = hex(atr);
    let handle: PcscCard | null = null;
    // A card just put down (or a reader just back) may not take a connection at once.
    for (let attempt = 0; attempt < 3 && !handle && !conn.closed; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, 150));
      const c = await this.#connect(conn, 'card');
      if (!c.ok) continue;
      handle = c.value;
      try {
        const r = await conn.transmit(handle, GET_UID);
        if (r.length > 2 && r[r.length - 2] === 0x90 && r[r.length - 1] === 0x00) uid = hex(r.subarray(0, r.length - 2));
      } catch {
        // No UID from this reader: the ATR stands for the card.
      }
    }
    const c = handle ? ok(handle) : err(readerError('noCard', 'no card on the reader'));
    // The same card seen again (pcscd restarted, reader replugged) keeps its attempts: that is no way around the limit.
    const same = this.#session?.uid === uid;
    if (this.#session && !same) conn.disconnect(this.#session.handle);
    if (same && this.#session) {
      conn.disconnect(this.#session.handle);
      this.#session.handle = c.ok ? c.value : null;
      this.#session.profile = null;
    } else {
      this.#session = { uid, attempts: 0, handle: c.ok ? c.value : null, profile: null };
    }
    this.supervisor.report({ media: 'present' });
    this.emit('cardPresent', { cardType: 'A', uid, atr: hex(atr) });
  }

  #cardGone(): void {
    const s = this.#session;
    if (!s) return;
    this.#session = null;
    this.#conn?.disconnect(s.handle);
    this.supervisor.report({ media: 'notPresent' });
    this.emit('cardRemoved');
  }

  // ---- supervision ----

  protected override async openChannel(_signal: AbortSignal): Promise<Result<ByteChannel, ChannelError>> {
    if (!this.#pcsc) {
      const loaded = await (this.#o.load ?? loadPcsc)();
      if (!loaded.ok) return err({ reason: 'openFailed', message: loaded.error });
      this.#pcsc = loaded.value;
    }
    const pcsc = this.#pcsc;
    // The monitor's first answer comes after open() returns: every change is handled, in order.
    let conn: PcscConnection | null = null;
    const opened = PcscConnection.open({
      pcsc,
      cardReader: this.#o.cardReader,
      samReader: this.#o.samReader,
      onSlot: (slot, state) => {
        if (conn) this.#onSlot(conn, slot, state);
      },
    });
    if (!opened.ok) return opened;
    conn = opened.value;
    return ok(conn);
  }

  protected async attachChannel(channel: ByteChannel, signal: AbortSignal): Promise<Result<StatusPatch, CardReaderError>> {
    const conn = channel as PcscConnection;
    this.#conn = conn;
    await this.#checkSam(conn, signal);
    // Whatever the monitor reported before now was dropped (no connection yet): take the card slot as it is.
    // The monitor's first report says whether a card is in the slot; a card that left while the
    // reader was away is announced gone there.
    await conn.firstReport;
    await this.#slots;
    this.#refreshInfo(conn);
    return ok(this.#patch(conn));
  }

  protected detachChannel(_reason: CloseReason): void {
    this.#gate.cancel();
    this.#conn = null;
    this.#sam = { handle: null, ok: false, description: '', problem: 'no-sam' };
    // The card session (and its used attempts) survives a reconnect; the next look at the slot tells whether the card is still there.
    if (this.#session) {
      this.#session.handle = null;
      this.#session.profile = null;
    }
  }

  protected async probe(signal: AbortSignal): Promise<Result<StatusPatch, CardReaderError>> {
    const conn = this.#conn;
    if (!conn || !conn.alive()) return err(readerError('disconnected', 'pcscd does not answer or no longer lists the reader'));
    if (!this.#gate.running) await this.#checkSam(conn, signal);
    this.#refreshInfo(conn);
    return ok(this.#patch(conn));
  }
}

function abortError(signal: AbortSignal): CardReaderError {
  return abortKind(signal) === 'timeout' ? readerError('timeout', 'the card reader did not answer in time') : readerError('canceled', 'the operation was canceled');
}
