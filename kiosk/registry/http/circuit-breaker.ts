/**
 * A consecutive-failure circuit breaker. Closed: calls go through. After `failureThreshold` failures
 * in a row it opens: calls fail at once (the kiosk says "layanan pusat sedang tidak tersedia"
 * without waiting). After `cooldownMs` one probe call is let through (half-open); its success closes
 * the breaker, its failure opens it for another cooldown. Small enough to keep here with an injected clock.
 */
export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  failureThreshold: number;
  cooldownMs: number;
  now?: () => number;
  onChange?: (state: BreakerState, failures: number) => void;
}

export class CircuitBreaker {
  #state: BreakerState = 'closed';
  #failures = 0;
  #openedAt = 0;
  #probing = false;
  readonly #o: Required<Omit<BreakerOptions, 'onChange'>> & Pick<BreakerOptions, 'onChange'>;

  constructor(options: BreakerOptions) {
    this.#o = { now: () => Date.now(), ...options };
  }

  get state(): BreakerState {
    if (this.#state === 'open' && this.#o.now() - this.#openedAt >= this.#o.cooldownMs) return 'half-open';
    return this.#state;
  }

  /** Whether a call may go out now; in half-open only one probe at a time. */
  allow(): boolean {
    const s = this.state;
    if (s === 'closed') return true;
    if (s === 'open') return false;
    if (this.#probing) return false;
    this.#probing = true;
    this.#set('half-open');
    return true;
  }

  /** Milliseconds until a probe may go out (0 when closed). */
  retryInMs(): number {
    return this.#state === 'closed' ? 0 : Math.max(0, this.#o.cooldownMs - (this.#o.now() - this.#openedAt));
  }

  success(): void {
    this.#failures = 0;
    this.#probing = false;
    if (this.#state !== 'closed') this.#set('closed');
  }

  failure(): void {
    this.#failures += 1;
    const wasProbe = this.#probing;
    this.#probing = false;
    if (wasProbe || this.#state === 'half-open' || this.#failures >= this.#o.failureThreshold) {
      this.#openedAt = this.#o.now();
      if (this.#state !== 'open') this.#set('open');
    }
  }

  #set(state: BreakerState): void {
    this.#state = state;
    this.#o.onChange?.(state, this.#failures);
  }
}
