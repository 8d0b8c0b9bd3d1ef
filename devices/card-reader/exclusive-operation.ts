import { deadline } from '../common/deadline.ts';
import { err, type Result } from '../../core/result.ts';
import { readerError } from './errors.ts';
import type { CardReaderError } from './types.ts';

/**
 * One reader operation at a time, whatever the wire: a second is refused as `busy`, each is bounded
 * by its caller's signal and its timeout, and `cancel()` ends the running one.
 */
export class ExclusiveOperation {
  #busy: AbortController | null = null;

  get running(): boolean {
    return this.#busy !== null;
  }

  /** Aborts the running operation with a plain reason, so it ends `canceled`. */
  cancel(): void {
    this.#busy?.abort();
  }

  /** Runs `op` on `conn` with the deadline's signal and the signal `cancel()` aborts, for it to join. */
  async run<C extends { readonly closed: boolean }, T>(
    conn: C | null,
    signal: AbortSignal,
    timeoutMs: number,
    op: (conn: C, limit: AbortSignal, canceled: AbortSignal) => Promise<Result<T, CardReaderError>>,
  ): Promise<Result<T, CardReaderError>> {
    if (!conn || conn.closed) return err(readerError('disconnected', 'the card reader is not connected'));
    if (this.#busy) return err(readerError('busy', 'the card reader is busy with another operation'));
    const busy = new AbortController();
    this.#busy = busy;
    const limit = deadline(signal, timeoutMs);
    try {
      return await op(conn, limit.signal, busy.signal);
    } finally {
      limit.dispose();
      if (this.#busy === busy) this.#busy = null;
    }
  }
}
