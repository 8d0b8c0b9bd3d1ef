/**
 * Every device operation takes the caller's AbortSignal and its own timeout. These helpers join
 * the two and remember which one fired, so a result can say `canceled` or `timeOut` truthfully.
 * They use the global timers at call time, so fake timers in tests drive them.
 */

/** The abort reason used when an operation's own timeout fired (not the caller). */
export class DeadlineExceeded extends Error {
  override readonly name = 'DeadlineExceeded';
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
  }
}

export type AbortKind = 'canceled' | 'timeout';

/** Which of the joined signals fired. */
export function abortKind(signal: AbortSignal): AbortKind {
  const r: unknown = signal.reason;
  return r instanceof DeadlineExceeded || (r instanceof Error && r.name === 'TimeoutError') ? 'timeout' : 'canceled';
}

export interface Deadline {
  readonly signal: AbortSignal;
  /** Stops the timer and unhooks from the parent; call it when the operation ends. */
  dispose(): void;
}

/** A signal that aborts when `parent` aborts or after `timeoutMs`, whichever comes first. */
export function deadline(parent: AbortSignal | undefined, timeoutMs: number): Deadline {
  const controller = new AbortController();
  const onParent = () => controller.abort(parent?.reason);
  if (parent?.aborted) controller.abort(parent.reason);
  else parent?.addEventListener('abort', onParent, { once: true });
  const timer = controller.signal.aborted ? undefined : setTimeout(() => controller.abort(new DeadlineExceeded(timeoutMs)), timeoutMs);
  return {
    signal: controller.signal,
    dispose() {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onParent);
    },
  };
}

export { sleep } from '../../core/sleep.ts';

/** Resolves when `signal` aborts; the returned function unhooks if the caller stops waiting. */
export function onAbort(signal: AbortSignal, fn: () => void): () => void {
  if (signal.aborted) {
    queueMicrotask(fn);
    return () => {};
  }
  signal.addEventListener('abort', fn, { once: true });
  return () => signal.removeEventListener('abort', fn);
}
