import { err, ok, type Result } from '../../core/result.ts';

export type OperationError = { code: 'busy'; message: string } | { code: 'closed'; message: string };

/**
 * The technician's device operations in flight (self-tests, test prints, exports): one at a time per
 * subject, each with its own deadline, all stoppable at once when maintenance ends.
 */
export class Operations {
  readonly #running = new Map<string, { controller: AbortController; done: Promise<unknown> }>();
  #closed = false;

  get busy(): string[] {
    return [...this.#running.keys()];
  }

  async run<T>(subject: string, timeoutMs: number, outer: AbortSignal | undefined, op: (signal: AbortSignal) => Promise<T>): Promise<Result<T, OperationError>> {
    if (this.#closed) return err({ code: 'closed', message: 'maintenance is ending; nothing new starts' });
    if (this.#running.has(subject)) return err({ code: 'busy', message: `${subject} is already busy with a technician's operation` });
    const controller = new AbortController();
    const signal = AbortSignal.any([controller.signal, AbortSignal.timeout(timeoutMs), ...(outer ? [outer] : [])]);
    const done = op(signal);
    this.#running.set(subject, { controller, done });
    try {
      return ok(await done);
    } finally {
      this.#running.delete(subject);
    }
  }

  /** Stops everything in flight and waits for each to return (they all honour their signal). */
  async settle(signal: AbortSignal): Promise<void> {
    const all = [...this.#running.values()];
    for (const r of all) r.controller.abort(new Error('maintenance is ending'));
    await Promise.race([
      Promise.allSettled(all.map((r) => r.done)),
      new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true })),
    ]);
  }

  /** At shutdown: nothing new starts. */
  close(): void {
    this.#closed = true;
  }
}
