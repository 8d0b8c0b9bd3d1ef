/**
 * The answer of work that can be cut short: whichever comes first of its own answer (given to
 * `settle`), `timeoutMs` passing, or `signal` aborting. `start` begins the work and returns how to
 * stop it in those two cases and what to answer then; anything answered later is ignored.
 */
export function firstAnswer<T>(
  bounds: { timeoutMs: number; signal?: AbortSignal | undefined },
  start: (settle: (answer: T) => void) => { timedOut(): T; aborted(): T },
): Promise<T> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (answer: T) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      bounds.signal?.removeEventListener('abort', onAbort);
      resolve(answer);
    };
    // Both fire only after `start` has returned `stop`.
    const timer = setTimeout(() => settle(stop.timedOut()), bounds.timeoutMs);
    const onAbort = () => settle(stop.aborted());
    const stop = start(settle);
    if (!settled) bounds.signal?.addEventListener('abort', onAbort, { once: true });
  });
}
