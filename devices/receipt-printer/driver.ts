import { serialSupervision, SupervisedDriver } from '../common/supervised-driver.ts';
import type { ByteChannel, CloseReason } from '../common/byte-channel.ts';
import type { BackoffOptions } from '../common/backoff.ts';
import { abortKind, deadline, sleep } from '../common/deadline.ts';
import type { ChannelError } from '../common/errors.ts';
import type { StatusPatch } from '../common/supervisor.ts';
import { err, ok, type Result } from '../../core/result.ts';
import { encodeReceipt } from './encoder.ts';
import { ASB_MASK, cmd } from './escpos.ts';
import type { ReceiptLayout } from './layout.ts';
import { ResponseDecoder, type PrinterResponse } from './response-decoder.ts';
import { conditionFromAsb, conditionFromRealtime, statusPatchOf, type PrinterCondition } from './status-bits.ts';
import { printerError } from './errors.ts';
import type { PrintedJob, ReceiptPrinterError, ReceiptPrinterEvents } from './types.ts';

export interface ReceiptPrinterOptions {
  mode: string;
  open(signal: AbortSignal): Promise<Result<ByteChannel, ChannelError>>;
  paperDots: 576 | 384;
  /** Status queries and buffer clearing. */
  operationTimeoutMs: number;
  /** One receipt from first byte to the printer's "printed" answer. */
  jobTimeoutMs: number;
  handshakeTimeoutMs?: number;
  heartbeatMs?: number;
  /** While waiting for a job, poll `DLE EOT` this often in case Automatic Status Back is not there. */
  jobPollMs?: number;
  idleFlushMs?: number;
  /** Bytes per write, so a stop mid-job is noticed before everything is sent. */
  chunkBytes?: number;
  backoff?: BackoffOptions;
  watchPath?: string;
}

type Waiter<T> = { resolve: (v: T | null) => void };

/** Answers from the printer, matched to whoever waits for them. */
class PrinterLink {
  readonly #decoder = new ResponseDecoder();
  readonly #statusWaiters: Array<Waiter<number>> = [];
  readonly #jobWaiters = new Map<string, Waiter<true>>();
  readonly #clearWaiters: Array<Waiter<true>> = [];
  #idle: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(
    readonly channel: ByteChannel,
    private readonly onAsb: (c: PrinterCondition) => void,
    private readonly onNoise: (bytes: number) => void,
    private readonly idleFlushMs: number,
  ) {
    channel.onData((chunk) => {
      clearTimeout(this.#idle);
      this.#handle(this.#decoder.push(chunk));
      if (this.#decoder.buffered > 0) this.#idle = setTimeout(() => this.#handle(this.#decoder.flush()), this.idleFlushMs);
    });
    channel.onClose(() => this.close());
  }

  get closed(): boolean {
    return this.#closed || this.channel.closed;
  }

  #handle(rs: PrinterResponse[]): void {
    for (const r of rs) {
      if (r.kind === 'status') {
        const w = this.#statusWaiters.shift();
        if (w) w.resolve(r.byte);
        else this.onNoise(1);
      } else if (r.kind === 'asb') this.onAsb(conditionFromAsb(r.bytes));
      else if (r.kind === 'processId') {
        const w = this.#jobWaiters.get(r.id);
        this.#jobWaiters.delete(r.id);
        if (w) w.resolve(true);
        else this.onNoise(7);
      } else if (r.kind === 'cleared') this.#clearWaiters.shift()?.resolve(true);
      else this.onNoise(r.bytes);
    }
  }

  #wait<T>(list: { push(w: Waiter<T>): void; remove(w: Waiter<T>): void }, signal: AbortSignal): Promise<T | null> {
    return new Promise((resolve) => {
      if (this.closed || signal.aborted) return resolve(null);
      const w: Waiter<T> = {
        resolve: (v) => {
          signal.removeEventListener('abort', onAbort);
          resolve(v);
        },
      };
      const onAbort = () => {
        list.remove(w);
        resolve(null);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      list.push(w);
    });
  }

  /** Sends `DLE EOT n` and returns the status byte, or null (closed, aborted). */
  async realtime(n: 1 | 2 | 3 | 4, signal: AbortSignal): Promise<number | null> {
    const list = this.#statusWaiters;
    const p = this.#wait<number>({ push: (w) => list.push(w), remove: (w) => void list.splice(list.indexOf(w) >>> 0, 1) }, signal);
    if (!(await this.channel.write(Uint8Array.from(cmd.realtimeStatus(n))))) return null;
    return p;
  }

  waitJob(id: string, signal: AbortSignal): Promise<true | null> {
    const map = this.#jobWaiters;
    return this.#wait<true>({ push: (w) => map.set(id, w), remove: () => map.delete(id) }, signal);
  }

  async clear(signal: AbortSignal): Promise<boolean> {
    const list = this.#clearWaiters;
    const p = this.#wait<true>({ push: (w) => list.push(w), remove: (w) => void list.splice(list.indexOf(w) >>> 0, 1) }, signal);
    if (!(await this.channel.write(Uint8Array.from(cmd.clearBuffers())))) return false;
    return (await p) === true;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#idle);
    for (const w of this.#statusWaiters.splice(0)) w.resolve(null);
    for (const w of this.#clearWaiters.splice(0)) w.resolve(null);
    for (const w of this.#jobWaiters.values()) w.resolve(null);
    this.#jobWaiters.clear();
  }
}

/**
 * The ESC/POS receipt printer driver. Before a receipt it asks the printer (`DLE EOT 1–4`) and
 * refuses, without sending a byte of the receipt, when paper is out, the cover is open or the
 * cutter is jammed. During the job it listens to Automatic Status Back (and polls once all data is
 * out); success is the printer's own `GS ( H` answer that everything before it has printed.
 */
export class ReceiptPrinter extends SupervisedDriver<ReceiptPrinterEvents> {
  readonly #o: ReceiptPrinterOptions;
  #link: PrinterLink | null = null;
  #condition: PrinterCondition | null = null;
  #busy = false;
  #jobWatch: ((c: PrinterCondition) => void) | null = null;
  #jobCounter = Math.floor(Math.random() * 10_000);

  constructor(options: ReceiptPrinterOptions) {
    super(serialSupervision('receiptPrinter', options));
    this.#o = options;
  }

  /** The printer's condition as last reported (null before the first answer). */
  condition(): PrinterCondition | null {
    return this.#condition;
  }

  /** Asks the printer now (`DLE EOT 1–4`). */
  queryStatus(signal: AbortSignal, options: { timeoutMs?: number } = {}): Promise<Result<PrinterCondition, ReceiptPrinterError>> {
    return this.#exclusive(signal, options.timeoutMs ?? this.#o.operationTimeoutMs, 'the receipt printer is printing', (link, s) => this.#query(link, s));
  }

  /** Prints one receipt; see the class comment for what is checked when. */
  print(layout: ReceiptLayout, signal: AbortSignal, options: { timeoutMs?: number } = {}): Promise<Result<PrintedJob, ReceiptPrinterError>> {
    const started = performance.now();
    return this.#exclusive(signal, options.timeoutMs ?? this.#o.jobTimeoutMs, 'the receipt printer is busy with another job', async (link, s) => {
      const encoded = await encodeReceipt(layout, { paperDots: this.#o.paperDots });
      if (!encoded.ok) return err(printerError('badLayout', `block ${encoded.error.block}: ${encoded.error.message}`));
      const before = await this.#query(link, s);
      if (!before.ok) return before;
      const refusal = refusalOf(before.value, 'beforeJob');
      if (refusal) return err(refusal);

      const id = String((this.#jobCounter = (this.#jobCounter + 1) % 10_000)).padStart(4, '0');
      const job = new Uint8Array(encoded.value.length + 11);
      job.set(encoded.value);
      job.set(cmd.processId(id), encoded.value.length);
      return this.#runJob(link, job, id, s, started);
    });
  }

  /** One operation at a time on a connected printer, bounded by the caller's signal and `timeoutMs`. */
  async #exclusive<T>(
    signal: AbortSignal,
    timeoutMs: number,
    busyMessage: string,
    op: (link: PrinterLink, signal: AbortSignal) => Promise<Result<T, ReceiptPrinterError>>,
  ): Promise<Result<T, ReceiptPrinterError>> {
    const link = this.#link;
    if (!link || link.closed) return err(printerError('disconnected', 'the receipt printer is not connected'));
    if (this.#busy) return err(printerError('busy', busyMessage));
    this.#busy = true;
    const d = deadline(signal, timeoutMs);
    try {
      return await op(link, d.signal);
    } finally {
      d.dispose();
      this.#busy = false;
    }
  }

  async #runJob(link: PrinterLink, job: Uint8Array, id: string, signal: AbortSignal, started: number): Promise<Result<PrintedJob, ReceiptPrinterError>> {
    const stop = new AbortController();
    const onOuter = () => stop.abort(signal.reason);
    signal.addEventListener('abort', onOuter, { once: true });
    let failure: ReceiptPrinterError | null = null;
    this.#jobWatch = (c) => {
      const f = refusalOf(c, 'duringJob');
      if (f && !failure) {
        failure = f;
        stop.abort(f);
      }
    };
    try {
      const printed = link.waitJob(id, stop.signal);
      const chunk = this.#o.chunkBytes ?? 4096;
      for (let at = 0; at < job.length && !stop.signal.aborted; at += chunk) {
        if (!(await link.channel.write(job.subarray(at, at + chunk)))) return err(printerError('disconnected', 'the receipt printer went away during the job', 'duringJob'));
      }
      // All data is out: poll too, for printers without Automatic Status Back.
      const poll = (async () => {
        while (!stop.signal.aborted && (await sleep(this.#o.jobPollMs ?? 500, stop.signal))) {
          const q = await this.#query(link, stop.signal);
          if (q.ok) this.#jobWatch?.(q.value);
        }
      })();
      const done = await printed;
      stop.abort();
      await poll;
      if (done === true) {
        const paper = this.#condition?.paperNearEnd ? 'low' : 'full';
        return ok({ bytes: job.length, processId: id, paper, durationMs: Math.round(performance.now() - started) });
      }
      if (link.closed) return err(printerError('disconnected', 'the receipt printer went away during the job', 'duringJob'));
      const why: ReceiptPrinterError =
        failure ?? (abortKind(signal) === 'timeout' ? printerError('timeout', 'the printer did not confirm the receipt in time', 'duringJob') : printerError('canceled', 'the receipt was canceled', 'duringJob'));
      // Nothing of this receipt may come out later, e.g. once paper is reloaded.
      const c = deadline(undefined, this.#o.operationTimeoutMs);
      await link.clear(c.signal);
      c.dispose();
      return err(why);
    } finally {
      this.#jobWatch = null;
      signal.removeEventListener('abort', onOuter);
    }
  }

  async #query(link: PrinterLink, signal: AbortSignal): Promise<Result<PrinterCondition, ReceiptPrinterError>> {
    const answers: number[] = [];
    for (const n of [1, 2, 3, 4] as const) {
      const b = await link.realtime(n, signal);
      if (b === null) {
        if (link.closed) return err(printerError('disconnected', 'the receipt printer went away'));
        return err(abortKind(signal) === 'timeout' ? printerError('timeout', 'the receipt printer did not answer its status query') : printerError('canceled', 'status query canceled'));
      }
      answers.push(b);
    }
    const c = conditionFromRealtime(answers as [number, number, number, number]);
    this.#setCondition(c);
    return ok(c);
  }

  #setCondition(c: PrinterCondition): void {
    this.#condition = c;
    this.supervisor.report(statusPatchOf(c));
  }

  protected async attachChannel(channel: ByteChannel, signal: AbortSignal): Promise<Result<StatusPatch, ReceiptPrinterError>> {
    let firstAsb: ((c: PrinterCondition) => void) | null = null;
    const gotAsb = new Promise<PrinterCondition>((r) => (firstAsb = r));
    const link = new PrinterLink(
      channel,
      (c) => {
        this.#setCondition(c);
        this.#jobWatch?.(c);
        firstAsb?.(c);
      },
      (bytes) => this.emit('lineNoise', { reason: 'unexpected', bytes }),
      this.#o.idleFlushMs ?? 150,
    );
    // Turn on Automatic Status Back; the printer answers with its first status block at once. Knock
    // (send it again) through the first half of the handshake: a printer that opens its end a moment
    // after us missed the first one.
    const handshakeMs = this.#o.handshakeTimeoutMs ?? 2000;
    const asbEnable = Uint8Array.from(cmd.asb(ASB_MASK));
    await channel.write(asbEnable);
    const knock = setInterval(() => void channel.write(asbEnable), Math.max(50, Math.floor(handshakeMs / 8)));
    const asb = deadline(signal, Math.floor(handshakeMs / 2));
    const first = await Promise.race([gotAsb, new Promise<null>((r) => asb.signal.addEventListener('abort', () => r(null), { once: true }))]);
    clearInterval(knock);
    asb.dispose();
    let c: PrinterCondition;
    if (first) c = first;
    else {
      // No Automatic Status Back on this printer: ask instead (a late status block still counts).
      const blockCame = new AbortController();
      const q = await Promise.race([this.#query(link, AbortSignal.any([signal, blockCame.signal])), gotAsb.then((a) => ok(a))]);
      blockCame.abort(); // if the status block won, this takes the query's waiters off the line
      if (!q.ok) {
        link.close();
        return err(q.error);
      }
      c = q.value;
    }
    this.#link = link;
    this.#condition = c;
    return ok(statusPatchOf(c));
  }

  protected detachChannel(_reason: CloseReason): void {
    this.#link?.close();
    this.#link = null;
  }

  protected async probe(signal: AbortSignal): Promise<Result<StatusPatch, ReceiptPrinterError>> {
    const link = this.#link;
    if (!link) return err(printerError('disconnected', 'not connected'));
    if (this.#busy) return ok({});
    const r = await this.#query(link, signal);
    return r.ok ? ok(statusPatchOf(r.value)) : r;
  }
}

function refusalOf(c: PrinterCondition, stage: 'beforeJob' | 'duringJob'): ReceiptPrinterError | null {
  const during = stage === 'duringJob';
  if (c.paperOut) return printerError('paperOut', during ? 'paper ran out during the receipt' : 'no paper in the receipt printer', stage);
  if (c.coverOpen) return printerError('coverOpen', during ? 'the cover was opened during the receipt' : 'the receipt printer cover is open', stage);
  if (c.cutterError) return printerError('cutterError', 'the cutter is jammed', stage);
  if (c.unrecoverable || c.mechanicalError) return printerError('printerFault', 'the printer reports a mechanical or unrecoverable error', stage);
  return null;
}
