import type { ByteChannel } from '../common/byte-channel.ts';
import { abortKind } from '../common/deadline.ts';
import { encodeFrame, FrameDecoder, MAX_PAYLOAD, type Frame } from './frame-codec.ts';
import { EVENT_SEQ, RESPONSE } from './protocol.ts';

export type LinkFailure = 'disconnected' | 'timeout' | 'canceled';
export type LinkResult = { ok: true; frame: Frame } | { ok: false; failure: LinkFailure };

interface Pending {
  cmd: number;
  resolve: (r: LinkResult) => void;
  /** A corrupted answer arrived: send the request again (idempotent requests only). */
  resend: (() => void) | null;
}

export interface FrameLinkOptions {
  /** Quiet time after which a partial frame is abandoned and the buffer rescanned. */
  idleFlushMs: number;
  onEvent(frame: Frame): void;
  onNoise(info: { reason: string; bytes: number }): void;
}

/**
 * Request/response over one channel: numbers each request, matches the answer by SEQ and command,
 * ignores answers to requests nobody waits for any more (stale SEQ), hands events on, and resends
 * an idempotent request once its answer arrived corrupted (or, on request, while it goes unanswered).
 */
export class FrameLink {
  readonly #decoder = new FrameDecoder(MAX_PAYLOAD);
  readonly #pending = new Map<number, Pending>();
  #seq = 0;
  #idle: NodeJS.Timeout | undefined;
  #closed = false;
  readonly #unhook: Array<() => void> = [];

  constructor(
    private readonly channel: ByteChannel,
    private readonly options: FrameLinkOptions,
  ) {
    this.#unhook.push(channel.onData((c) => this.#onData(c)));
    this.#unhook.push(channel.onClose(() => this.close()));
  }

  get closed(): boolean {
    return this.#closed || this.channel.closed;
  }

  #nextSeq(): number {
    this.#seq = (this.#seq % 255) + 1; // 1..255; 0 is for events
    return this.#seq;
  }

  #onData(chunk: Uint8Array): void {
    clearTimeout(this.#idle);
    this.#handle(this.#decoder.push(chunk));
    if (this.#decoder.buffered > 0) this.#idle = setTimeout(() => this.#handle(this.#decoder.flush()), this.options.idleFlushMs);
  }

  #handle(decoded: ReturnType<FrameDecoder['push']>): void {
    for (const d of decoded) {
      if (d.kind === 'dropped') {
        this.options.onNoise({ reason: d.reason, bytes: d.bytes });
        if (d.reason !== 'garbage') for (const p of new Set(this.#pending.values())) p.resend?.();
        continue;
      }
      const f = d.frame;
      if (f.seq === EVENT_SEQ && f.cmd >= 0x80) {
        this.options.onEvent(f);
        continue;
      }
      const p = this.#pending.get(f.seq);
      if (!p || f.cmd !== (p.cmd | RESPONSE)) {
        this.options.onNoise({ reason: 'stale', bytes: f.payload.length });
        continue;
      }
      this.#pending.delete(f.seq);
      p.resolve({ ok: true, frame: f });
    }
  }

  /** Sends without waiting for an answer (CANCEL while another request is pending). */
  async send(cmd: number, payload: Uint8Array = new Uint8Array(0)): Promise<boolean> {
    if (this.closed) return false;
    return this.channel.write(encodeFrame({ seq: this.#nextSeq(), cmd, payload }));
  }

  /**
   * Sends a request and waits for its answer until `signal` aborts. `resendEveryMs` (idempotent
   * requests only) sends it again under a new SEQ while no answer came, and keeps the earlier SEQs
   * open, so a device slower than the interval is still heard: the first answer to any copy wins.
   */
  request(cmd: number, payload: Uint8Array, signal: AbortSignal, options: { retries?: number; resendEveryMs?: number } = {}): Promise<LinkResult> {
    if (this.closed) return Promise.resolve({ ok: false, failure: 'disconnected' });
    if (signal.aborted) return Promise.resolve({ ok: false, failure: abortKind(signal) });
    let retries = options.retries ?? 0;
    return new Promise<LinkResult>((resolve) => {
      const seqs = new Set<number>();
      let knock: NodeJS.Timeout | undefined;
      const finish = (r: LinkResult) => {
        clearInterval(knock);
        signal.removeEventListener('abort', onAbort);
        for (const s of seqs) this.#pending.delete(s);
        resolve(r);
      };
      const onAbort = () => finish({ ok: false, failure: abortKind(signal) });
      const send = () => {
        const seq = this.#nextSeq();
        seqs.add(seq);
        this.#pending.set(seq, pending);
        void this.channel.write(encodeFrame({ seq, cmd, payload })).then((written) => {
          if (!written) finish({ ok: false, failure: 'disconnected' });
        });
      };
      const pending: Pending = {
        cmd,
        resolve: finish,
        resend:
          retries > 0
            ? () => {
                if (retries-- <= 0) return;
                // The corrupted answer belonged to one of our SEQs; none of them will be answered again.
                for (const s of seqs) this.#pending.delete(s);
                seqs.clear();
                send();
              }
            : null,
      };
      signal.addEventListener('abort', onAbort, { once: true });
      send();
      if (options.resendEveryMs !== undefined) knock = setInterval(send, options.resendEveryMs);
    });
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#idle);
    for (const u of this.#unhook) u();
    for (const p of [...this.#pending.values()]) p.resolve({ ok: false, failure: 'disconnected' });
    this.#pending.clear();
  }
}
