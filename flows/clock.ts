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
