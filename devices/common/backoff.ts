/** Capped exponential backoff for reconnecting: 1×, 2×, 4×… the initial delay, never above the cap. */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  factor?: number;
}

export class Backoff {
  #attempt = 0;
  constructor(private readonly options: BackoffOptions) {}

  /** The delay before the next attempt; each call grows it until the cap. */
  next(): number {
    const { initialMs, maxMs, factor = 2 } = this.options;
    const ms = Math.min(maxMs, initialMs * factor ** this.#attempt);
    if (ms < maxMs) this.#attempt++;
    return ms;
  }

  get attempts(): number {
    return this.#attempt;
  }

  reset(): void {
    this.#attempt = 0;
  }
}
