import type { ByteChannel } from '../common/byte-channel.ts';
import { abortKind, deadline } from '../common/deadline.ts';
import { err, ok, type Result } from '../../core/result.ts';
import { upsError, fromNutError } from './errors.ts';
import { encodeCommand, MAX_LINE, parseLine, type NutLine } from './protocol.ts';
import type { UpsError } from './types.ts';

type Shape = 'one' | 'list';

interface Pending {
  shape: Shape;
  lines: NutLine[];
  finish(r: Result<NutLine[], UpsError>): void;
}

/**
 * One conversation with upsd over a byte channel: a command at a time, each answered in order.
 * Anything that breaks the order (an answer nobody asked for, a line that is not NUT's protocol, a
 * timeout after which a late answer could be taken for the next one) closes the channel, and the
 * supervisor opens a fresh one.
 */
export class NutConnection {
  readonly #decoder = new TextDecoder('utf-8', { fatal: false });
  #buffer = '';
  #pending: Pending | null = null;
  #queue: Promise<unknown> = Promise.resolve();
  readonly #unhook: Array<() => void> = [];

  constructor(
    private readonly channel: ByteChannel,
    private readonly onNoise: (info: { reason: string; bytes: number }) => void = () => {},
  ) {
    this.#unhook.push(channel.onData((chunk) => this.#data(chunk)));
    this.#unhook.push(
      channel.onClose(() => {
        this.#settle(err(upsError('disconnected', `the connection to upsd at ${channel.name} closed`)));
      }),
    );
  }

  /** Sends one command; `list` waits for the whole BEGIN … END block. */
  request(words: readonly string[], shape: Shape, signal: AbortSignal, timeoutMs: number): Promise<Result<NutLine[], UpsError>> {
    const run = () => this.#send(words, shape, signal, timeoutMs);
    const next = this.#queue.then(run, run);
    this.#queue = next;
    return next;
  }

  /** Stops listening (the channel itself belongs to the supervisor). */
  detach(): void {
    for (const u of this.#unhook.splice(0)) u();
    this.#settle(err(upsError('disconnected', 'the connection to upsd was closed')));
  }

  async #send(words: readonly string[], shape: Shape, signal: AbortSignal, timeoutMs: number): Promise<Result<NutLine[], UpsError>> {
    // Named in errors and logs: never the password.
    const command = words[0] === 'PASSWORD' ? 'PASSWORD' : words.join(' ').slice(0, 120);
    const line = encodeCommand(words);
    if (!line.ok) return err(upsError('protocol', `${command}: ${line.error}`));
    if (this.channel.closed) return err(upsError('disconnected', `no connection to upsd at ${this.channel.name}`));
    const d = deadline(signal, timeoutMs);
    try {
      const answered = new Promise<Result<NutLine[], UpsError>>((resolve) => {
        this.#pending = { shape, lines: [], finish: resolve };
      });
      const aborted = new Promise<Result<NutLine[], UpsError>>((resolve) => {
        const onAbort = () => {
          const kind = abortKind(d.signal);
          resolve(err(upsError(kind, kind === 'timeout' ? `upsd did not answer ${command} within ${timeoutMs} ms` : `${command} was canceled`)));
        };
        if (d.signal.aborted) onAbort();
        else d.signal.addEventListener('abort', onAbort, { once: true });
      });
      if (!(await this.channel.write(new TextEncoder().encode(line.value)))) {
        this.#pending = null;
        return err(upsError('disconnected', `could not send ${command} to upsd`));
      }
      const r = await Promise.race([answered, aborted]);
      if (!r.ok && (r.error.reason === 'timeout' || r.error.reason === 'canceled')) {
        // An answer may still come and would be read as the next command's: start afresh.
        this.#pending = null;
        await this.channel.close();
      }
      if (r.ok) {
        const first = r.value[0];
        if (first?.kind === 'err') return err(fromNutError(first.code, command));
      }
      return r;
    } finally {
      d.dispose();
    }
  }

  #data(chunk: Uint8Array): void {
    this.#buffer += this.#decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = this.#buffer.indexOf('\n')) >= 0) {
      const raw = this.#buffer.slice(0, nl).replace(/\r$/, '');
      this.#buffer = this.#buffer.slice(nl + 1);
      this.#line(raw);
      if (this.channel.closed) return;
    }
    if (this.#buffer.length >= MAX_LINE) this.#broken(`a line longer than ${MAX_LINE} characters`, this.#buffer.length);
  }

  #line(raw: string): void {
    const p = this.#pending;
    if (p === null) return this.#broken('an answer nobody asked for', raw.length);
    const parsed = parseLine(raw);
    if (!parsed.ok) return this.#broken(`not NUT's protocol: ${parsed.error}`, raw.length);
    const line = parsed.value;
    if (p.shape === 'one') return this.#settle(ok([line]));
    // A list: an ERR instead of BEGIN, or BEGIN … END.
    if (p.lines.length === 0) {
      if (line.kind === 'err') return this.#settle(ok([line]));
      if (line.kind !== 'begin') return this.#broken(`a list answer began with ${line.kind}`, raw.length);
      p.lines.push(line);
      return;
    }
    if (line.kind !== 'var' && line.kind !== 'ups' && line.kind !== 'end') return this.#broken(`a list held a line of kind ${line.kind}`, raw.length);
    p.lines.push(line);
    if (line.kind === 'end') this.#settle(ok(p.lines));
    else if (p.lines.length > 10_000) this.#broken('a list of more than 10000 lines', raw.length);
  }

  #broken(reason: string, bytes: number): void {
    this.onNoise({ reason, bytes });
    this.#buffer = '';
    this.#settle(err(upsError('protocol', `upsd at ${this.channel.name} sent ${reason}`)));
    void this.channel.close();
  }

  #settle(r: Result<NutLine[], UpsError>): void {
    const p = this.#pending;
    this.#pending = null;
    p?.finish(r);
  }
}
