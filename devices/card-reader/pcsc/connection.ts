import { ChannelEnd, type CloseReason } from '../../common/byte-channel.ts';
import type { ChannelError } from '../../common/errors.ts';
import { err, ok, type Result } from '../../../core/result.ts';
import { classifyPcscError, PNP_NOTIFICATION, type PcscCard, type PcscContext, type PcscModule, type PcscReaderState } from './binding.ts';

/** What the monitor saw in one reader slot. */
export interface SlotState {
  present: boolean;
  atr: Uint8Array | null;
}

export interface PcscConnectionOptions {
  pcsc: PcscModule;
  /** The reader (slot) the citizen's card goes in: the first reader whose name contains this. */
  cardReader: string;
  /** The reader (slot) holding the SAM. */
  samReader: string;
  onSlot(slot: 'card' | 'sam', state: SlotState): void;
  /** How long one wait for a change may block before it is renewed. */
  waitMs?: number;
}

const STATE_EVENT_COUNT = 0xffff0000;
/** The largest extended-length response: 65536 data bytes and the status word. */
const MAX_RESPONSE = 65538;

/**
 * One connection to pcscd, shaped as the supervisor's channel: it "closes" when pcscd goes away or
 * the card reader leaves pcscd's list (unplugged), and the supervisor reconnects as for a serial
 * port. pcsc-lite serialises the calls on one context and some of the binding's calls block the
 * event loop, so there are three contexts: the presence monitor's long wait has its own, APDUs
 * (connect, transmit, disconnect) go one at a time on another, and quick synchronous questions
 * (which readers, is a card in) use a third that never waits on a card.
 */
export class PcscConnection extends ChannelEnd {
  readonly #o: PcscConnectionOptions;
  readonly #monitorCtx: PcscContext;
  readonly #ioCtx: PcscContext;
  readonly #queryCtx: PcscContext;
  readonly cardReaderName: string;
  readonly samReaderName: string | null;
  #states = new Map<string, number>();
  #monitoring: Promise<void> = Promise.resolve();
  #reported = () => {};
  /** Resolves once the monitor has reported both slots as they are now (or the connection ended). */
  readonly firstReport = new Promise<void>((resolve) => {
    this.#reported = resolve;
  });
  readonly #handles = new Set<PcscCard>();
  /** Every call on the I/O context, one after the other (see the class comment). */
  #io: Promise<unknown> = Promise.resolve();

  private constructor(o: PcscConnectionOptions, monitor: PcscContext, io: PcscContext, query: PcscContext, card: string, sam: string | null) {
    super();
    this.#o = o;
    this.#monitorCtx = monitor;
    this.#ioCtx = io;
    this.#queryCtx = query;
    this.cardReaderName = card;
    this.samReaderName = sam;
  }

  /** Connects to pcscd and finds the two slots; a missing pcscd or card reader is a `notFound`. */
  static open(o: PcscConnectionOptions): Result<PcscConnection, ChannelError> {
    const made: PcscContext[] = [];
    const closeAll = () => {
      for (const c of made) c.close();
    };
    try {
      for (let i = 0; i < 3; i++) made.push(new o.pcsc.Context());
      const [monitor, io, query] = made as [PcscContext, PcscContext, PcscContext];
      const names = query.listReaders().map((r) => r.name);
      const card = names.find((n) => n.includes(o.cardReader));
      const sam = names.find((n) => n.includes(o.samReader) && n !== card) ?? null;
      if (!card) {
        closeAll();
        return err({ reason: 'notFound', message: `no PC/SC reader named like "${o.cardReader}" (pcscd lists: ${names.join(', ') || 'none'})` });
      }
      const conn = new PcscConnection(o, monitor, io, query, card, sam);
      conn.#monitoring = conn.#monitor();
      return ok(conn);
    } catch (e) {
      closeAll();
      const kind = classifyPcscError(e);
      return err({ reason: kind === 'noService' ? 'notFound' : 'openFailed', message: kind === 'noService' ? 'pcscd is not running' : `PC/SC: ${(e as Error).message}` });
    }
  }

  get name(): string {
    return this.cardReaderName;
  }

  /** Runs `fn` when every earlier call on the I/O context has finished. */
  #queue<T>(fn: () => Promise<T> | T): Promise<T> {
    const run = this.#io.then(fn);
    this.#io = run.catch(() => {});
    return run;
  }

  /** Resolves when the I/O context has nothing in flight. */
  idle(): Promise<void> {
    return this.#io.then(() => {});
  }

  /** Connects to the card (or SAM) in a slot, shared; undefined when the slot's reader is gone; rejects as the binding does. */
  connect(slot: 'card' | 'sam'): Promise<PcscCard | undefined> {
    const name = slot === 'card' ? this.cardReaderName : this.samReaderName;
    return this.#queue(async () => {
      if (name === null || this.closed) return undefined;
      const reader = this.#ioCtx.listReaders().find((r) => r.name === name);
      if (!reader) return undefined;
      const pcsc = this.#o.pcsc;
      const handle = await reader.connect(pcsc.SCARD_SHARE_SHARED, pcsc.SCARD_PROTOCOL_T0 | pcsc.SCARD_PROTOCOL_T1);
      this.#handles.add(handle);
      return handle;
    });
  }

  /** One APDU; rejects as the binding does. */
  transmit(handle: PcscCard, apdu: Uint8Array): Promise<Uint8Array> {
    return this.#queue(async () => new Uint8Array(await handle.transmit(Buffer.from(apdu), { maxRecvLength: MAX_RESPONSE })));
  }

  /** Lets go of a card handle (leaving the card as it is), after whatever is in flight. */
  disconnect(handle: PcscCard | null): void {
    if (!handle) return;
    void this.#queue(() => this.#disconnectOne(handle));
  }

  /**
   * Asks pcscd now (not the monitor) whether a card is in the slot and its ATR; undefined when
   * pcscd cannot say. Uses a context of its own that never waits on a card, so this synchronous
   * call cannot stall behind an APDU in flight.
   */
  presentNow(slot: 'card' | 'sam'): { present: boolean; atr: Uint8Array | null } | undefined {
    const name = slot === 'card' ? this.cardReaderName : this.samReaderName;
    if (name === null || this.closed) return undefined;
    try {
      const r = this.#queryCtx.listReaders().find((x) => x.name === name);
      if (!r) return undefined;
      const present = (r.state & this.#o.pcsc.SCARD_STATE_PRESENT) !== 0 && (r.state & this.#o.pcsc.SCARD_STATE_MUTE) === 0;
      return { present, atr: present && r.atr ? new Uint8Array(r.atr) : null };
    } catch {
      return undefined;
    }
  }

  /** A heartbeat: pcscd still answers and still lists the card reader. */
  alive(): boolean {
    if (this.closed) return false;
    try {
      return this.#queryCtx.listReaders().some((r) => r.name === this.cardReaderName);
    } catch {
      return false;
    }
  }

  write(): Promise<boolean> {
    return Promise.resolve(false);
  }

  async close(): Promise<void> {
    this.#end('closed');
    await this.#monitoring;
  }

  /**
   * Marks the connection closed and wakes the monitor's wait; the contexts are released when the
   * monitor has returned, since releasing a context blocks while a wait on it is still running.
   */
  #end(reason: CloseReason): void {
    if (this.closed) return;
    try {
      this.#monitorCtx.cancel();
    } catch {
      // pcscd already gone: nothing to cancel.
    }
    this.end(reason);
  }

  #disconnectOne(h: PcscCard): void {
    this.#handles.delete(h);
    try {
      if (h.connected) h.disconnect(this.#o.pcsc.SCARD_LEAVE_CARD);
    } catch {
      // Gone with its card or with pcscd.
    }
  }

  /** Releasing a context with card handles still open can block for minutes in pcsc-lite: close them first, after the last APDU. */
  async #release(): Promise<void> {
    this.#monitorCtx.close();
    this.#queryCtx.close();
    await this.#queue(() => {
      for (const h of [...this.#handles]) this.#disconnectOne(h);
      this.#ioCtx.close();
    });
  }

  async #monitor(): Promise<void> {
    try {
      await this.#watch();
    } finally {
      this.#reported();
      await this.#release();
    }
  }

  async #watch(): Promise<void> {
    const pcsc = this.#o.pcsc;
    const names = [this.cardReaderName, ...(this.samReaderName ? [this.samReaderName] : [])];
    let readerCount = -1;
    try {
      readerCount = this.#queryCtx.listReaders().length;
    } catch {
      // The first wait reports it.
    }
    while (!this.closed) {
      const watched: PcscReaderState[] = [
        ...names.map((name) => ({ name, state: this.#states.get(name) ?? 0 })),
        { name: PNP_NOTIFICATION, state: readerCount < 0 ? 0 : readerCount << 16 },
      ];
      let changes: PcscReaderState[] | null;
      try {
        changes = await this.#monitorCtx.waitForChange(watched, this.#o.waitMs ?? 2000);
      } catch (e) {
        if (this.closed) return;
        const kind = classifyPcscError(e);
        if (kind === 'canceled' || kind === 'timeout') continue;
        this.#end('disconnected');
        return;
      }
      if (this.closed) return;
      for (const c of changes ?? []) {
        const state = c.state & ~pcsc.SCARD_STATE_CHANGED;
        if (c.name === PNP_NOTIFICATION) {
          const count = (c.state & STATE_EVENT_COUNT) >>> 16;
          if (count !== readerCount) {
            readerCount = count;
            // A reader came or went: if it was ours, this connection is over.
            if (!this.alive()) return this.#end('disconnected');
          }
          continue;
        }
        if ((state & (pcsc.SCARD_STATE_UNKNOWN | pcsc.SCARD_STATE_UNAVAILABLE)) !== 0) {
          if (c.name === this.cardReaderName) return this.#end('disconnected');
        }
        const before = this.#states.get(c.name);
        this.#states.set(c.name, state);
        if (before === state) continue;
        const present = (state & pcsc.SCARD_STATE_PRESENT) !== 0 && (state & pcsc.SCARD_STATE_MUTE) === 0;
        const slot = c.name === this.cardReaderName ? 'card' : 'sam';
        this.#o.onSlot(slot, { present, atr: present && c.atr ? new Uint8Array(c.atr) : null });
      }
      this.#reported();
    }
  }
}
