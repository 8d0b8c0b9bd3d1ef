import { err, type Result } from '../../../core/result.ts';
import type { HidError } from './types.ts';

/**
 * Bounds a transport call by a timeout and the caller's AbortSignal. node-hid's calls cannot be
 * interrupted, so a late answer is dropped (and a late connection closed by `onLate`).
 */
export function withDeadline<T>(
  work: Promise<Result<T, HidError>>,
  options: { signal: AbortSignal; timeoutMs: number; operation: string; onLate?: (value: T) => void },
): Promise<Result<T, HidError>> {
  const { signal, timeoutMs, operation, onLate } = options;
  if (signal.aborted) {
    void work.then((r) => r.ok && onLate?.(r.value), () => undefined);
    return Promise.resolve(err({ code: 'canceled', operation }));
  }
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: Result<T, HidError>): boolean => {
      if (settled) return false;
      settled = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(r);
      return true;
    };
    const onAbort = () => finish(err({ code: 'canceled', operation }));
    const timer = setTimeout(() => finish(err({ code: 'timeOut', operation, timeoutMs })), timeoutMs);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (r) => {
        if (!finish(r) && r.ok) onLate?.(r.value);
      },
      // A throw from a transport is a bug in it; report it as a failed call rather than crash the kiosk.
      (e: unknown) => finish(err({ code: 'transportFailed', operation, detail: (e as Error)?.message ?? String(e) })),
    );
  });
}
