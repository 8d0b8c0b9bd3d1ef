import { afterEach, describe, expect, it, vi } from 'vitest';
import { Backoff } from '../../../devices/common/backoff.ts';
import { abortKind, deadline, sleep } from '../../../devices/common/deadline.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('backoff', () => {
  it('doubles up to the cap and resets', () => {
    const b = new Backoff({ initialMs: 100, maxMs: 1000 });
    expect([b.next(), b.next(), b.next(), b.next(), b.next(), b.next()]).toEqual([100, 200, 400, 800, 1000, 1000]);
    b.reset();
    expect(b.next()).toBe(100);
  });
});

describe('deadline', () => {
  it('aborts with a timeout kind after timeoutMs', () => {
    vi.useFakeTimers();
    const d = deadline(undefined, 500);
    vi.advanceTimersByTime(499);
    expect(d.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(d.signal.aborted).toBe(true);
    expect(abortKind(d.signal)).toBe('timeout');
  });

  it("aborts with a canceled kind when the caller's signal aborts first", () => {
    vi.useFakeTimers();
    const parent = new AbortController();
    const d = deadline(parent.signal, 500);
    parent.abort();
    expect(abortKind(d.signal)).toBe('canceled');
    d.dispose();
  });

  it('an AbortSignal.timeout from the caller counts as a timeout', () => {
    const parent = new AbortController();
    parent.abort(new DOMException('t', 'TimeoutError'));
    expect(abortKind(deadline(parent.signal, 1000).signal)).toBe('timeout');
  });

  it('sleep resolves false when aborted', async () => {
    vi.useFakeTimers();
    const c = new AbortController();
    const p = sleep(1000, c.signal);
    c.abort();
    expect(await p).toBe(false);
    const q = sleep(10);
    vi.advanceTimersByTime(10);
    expect(await q).toBe(true);
  });
});
