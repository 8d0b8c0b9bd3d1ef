import { afterEach, describe, expect, it, vi } from 'vitest';
import { SkippableClock } from '../../flows/clock.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('SkippableClock (the dev panel\'s "skip ahead")', () => {
  it('fires timers when real time reaches them', () => {
    vi.useFakeTimers();
    const clock = new SkippableClock();
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('a'), 1000);
    vi.advanceTimersByTime(999);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual(['a']);
    expect(clock.pending).toBe(0);
  });

  it('a skip fires every timer it passes, earliest first, once, and moves now()', () => {
    vi.useFakeTimers();
    const clock = new SkippableClock();
    const fired: string[] = [];
    const t0 = clock.now();
    clock.setTimeout(() => fired.push('late'), 30_000);
    clock.setTimeout(() => {
      fired.push('early');
      // A timer set while skipping, still inside the skip, fires too.
      clock.setTimeout(() => fired.push('chained'), 5_000);
    }, 10_000);
    clock.setTimeout(() => fired.push('beyond'), 60_000);
    clock.skip(45_000);
    expect(fired).toEqual(['early', 'chained', 'late']);
    expect(clock.now() - t0).toBeGreaterThanOrEqual(45_000);
    vi.advanceTimersByTime(30_000);
    expect(fired).toEqual(['early', 'chained', 'late']);
    clock.skip(15_000);
    expect(fired).toEqual(['early', 'chained', 'late', 'beyond']);
  });

  it('a cleared timer never fires', () => {
    vi.useFakeTimers();
    const clock = new SkippableClock();
    const fired: string[] = [];
    const id = clock.setTimeout(() => fired.push('x'), 1000);
    clock.clearTimeout(id);
    clock.skip(5000);
    vi.advanceTimersByTime(5000);
    expect(fired).toEqual([]);
  });
});
