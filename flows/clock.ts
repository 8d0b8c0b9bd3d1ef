/**
 * The time the journey runs on. XState's delayed transitions use `setTimeout`/`clearTimeout`;
 * `now` dates warnings and durations. Tests pass xstate's `SimulatedClock` (which has all three)
 * and jump to any time-out without sleeping.
 */
export interface FlowClock {
  setTimeout(fn: (...args: unknown[]) => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
  now(): number;
}

export const systemClock: FlowClock = {
  setTimeout: (fn: (...args: unknown[]) => void, ms: number) => setTimeout(fn, ms),
  clearTimeout: (id: unknown) => clearTimeout(id as NodeJS.Timeout),
  now: () => Date.now(),
};

/**
 * Real time that a person can skip ahead: the dev panel's "skip 15 s" (simulator mode only), so a
 * demo or an end-to-end test reaches a time-out without waiting for it. Timers fall due either when
 * real time reaches them or when a skip does.
 */
export class SkippableClock implements FlowClock {
  #offset = 0;
  #next = 1;
  readonly #timers = new Map<number, { due: number; fn: () => void; real: NodeJS.Timeout }>();

  now(): number {
    return Date.now() + this.#offset;
  }

  setTimeout(fn: (...args: unknown[]) => void, ms: number): number {
    const id = this.#next++;
    const real = setTimeout(() => this.#fire(id), ms);
    this.#timers.set(id, { due: this.now() + ms, fn: () => fn(), real });
    return id;
  }

  clearTimeout(id: unknown): void {
    const t = this.#timers.get(id as number);
    if (!t) return;
    clearTimeout(t.real);
    this.#timers.delete(id as number);
  }

  /** Moves time forward by `ms`, firing every timer that falls due, earliest first. */
  skip(ms: number): void {
    const target = this.now() + ms;
    for (;;) {
      const due = [...this.#timers.entries()].filter(([, t]) => t.due <= target).sort((a, b) => a[1].due - b[1].due)[0];
      if (!due) break;
      this.#offset = Math.max(this.#offset, due[1].due - Date.now());
      this.#fire(due[0]);
    }
    this.#offset = Math.max(this.#offset, target - Date.now());
  }

  /** Pending timers, for the dev panel. */
  get pending(): number {
    return this.#timers.size;
  }

  #fire(id: number): void {
    const t = this.#timers.get(id);
    if (!t) return;
    clearTimeout(t.real);
    this.#timers.delete(id);
    t.fn();
  }
}
