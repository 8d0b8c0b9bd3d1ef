import type { CallOptions, Registry, RegistryError } from '../../core/registry.ts';
import type { Result } from '../../core/result.ts';

/** Failures that say the central registry was not reached (as against an answer such as a wrong PIN). */
const NOT_REACHED: ReadonlySet<RegistryError['code']> = new Set(['unavailable', 'timeout', 'bad_response']);

export interface LinkSnapshot {
  /** `unknown` before any call; `up`; `failing` (not reached, still within the threshold); `down` (past it). */
  state: 'unknown' | 'up' | 'failing' | 'down';
  /** Whether the last call reached the registry (null before any). */
  reachable: boolean | null;
  /** When the current run of successes or failures began (ISO). */
  since: string | null;
  lastOkAt: string | null;
  lastFailureAt: string | null;
  /** The last failure, as the registry client put it (no citizen data: it names the link, never a request). */
  lastError: string | null;
  /** How long it has not been reached (0 while up). */
  downForMs: number;
  unreachableAfterMs: number;
}

export interface LinkChange {
  down: boolean;
  snapshot: LinkSnapshot;
}

/**
 * How the link to the central registry is, from the kiosk's own calls and a light periodic check.
 * It is `down` once no call has reached the registry for `unreachableAfterMs`; the first call that
 * reaches it again brings it up.
 */
export class RegistryLink {
  #reachable: boolean | null = null;
  #failingSince: number | null = null;
  #since: number | null = null;
  #lastOk: number | null = null;
  #lastFailure: number | null = null;
  #lastError: string | null = null;
  #lastOutcome = 0;
  #down = false;
  readonly #listeners = new Set<(c: LinkChange) => void>();

  constructor(private readonly options: { now: () => Date; unreachableAfterMs: number }) {}

  /** A call reached the registry (an answer, even a refusal). */
  success(): void {
    const t = this.options.now().getTime();
    if (this.#reachable !== true) this.#since = t;
    this.#reachable = true;
    this.#failingSince = null;
    this.#lastOk = t;
    this.#lastOutcome = t;
    this.evaluate();
  }

  /** A call did not reach the registry. */
  failure(reason: string): void {
    const t = this.options.now().getTime();
    if (this.#reachable !== false) this.#since = t;
    this.#failingSince ??= t;
    this.#reachable = false;
    this.#lastFailure = t;
    this.#lastError = reason.slice(0, 200);
    this.#lastOutcome = t;
    this.evaluate();
  }

  /** Records a call's result; a cancelled call says nothing about the link. */
  observe(result: Result<unknown, RegistryError>, options?: CallOptions): void {
    if (options?.signal?.aborted) return;
    if (result.ok || !NOT_REACHED.has(result.error.code)) this.success();
    else this.failure(result.error.message);
  }

  /** Milliseconds since any call told how the link is (for the periodic check: ping only when idle). */
  quietForMs(): number {
    return this.options.now().getTime() - this.#lastOutcome;
  }

  /** Works out `down` again (after a failure, and on the periodic check as time passes). */
  evaluate(): void {
    const now = this.options.now().getTime();
    const down = this.#failingSince !== null && now - this.#failingSince >= this.options.unreachableAfterMs;
    if (down === this.#down) return;
    this.#down = down;
    const snapshot = this.snapshot();
    for (const l of [...this.#listeners]) l({ down, snapshot });
  }

  get down(): boolean {
    return this.#down;
  }

  reachable(): boolean | null {
    return this.#reachable;
  }

  snapshot(): LinkSnapshot {
    const now = this.options.now().getTime();
    const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
    return {
      state: this.#reachable === null ? 'unknown' : this.#reachable ? 'up' : this.#down ? 'down' : 'failing',
      reachable: this.#reachable,
      since: iso(this.#since),
      lastOkAt: iso(this.#lastOk),
      lastFailureAt: iso(this.#lastFailure),
      lastError: this.#lastError,
      downForMs: this.#failingSince === null ? 0 : Math.max(0, now - this.#failingSince),
      unreachableAfterMs: this.options.unreachableAfterMs,
    };
  }

  subscribe(listener: (c: LinkChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

/** The registry calls whose outcome tells how the link is (every call that crosses it). */
const OBSERVED = new Set<string>(['findByNik', 'signInWithPin', 'signInWithQr', 'listDocuments', 'claim', 'confirmPrinted', 'release', 'documentState', 'verifyDocument', 'claimStatus', 'offices', 'ping']);

/**
 * The same registry, with every call's outcome reported to `link`. The calls themselves are
 * untouched: arguments, results and errors pass through as they are.
 */
export function observedRegistry<R extends Registry>(registry: R, link: RegistryLink): R {
  return new Proxy(registry, {
    get(target, property) {
      // The target as `this`: its private fields are not reachable through the proxy.
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (typeof property !== 'string' || !OBSERVED.has(property)) return (value as (...a: unknown[]) => unknown).bind(target);
      return (...args: unknown[]) => {
        const options = args.at(-1) as CallOptions | undefined;
        const pending = (value as (...a: unknown[]) => Promise<Result<unknown, RegistryError>>).apply(target, args);
        return pending.then((r) => {
          link.observe(r, typeof options === 'object' && options !== null && 'signal' in options ? options : undefined);
          return r;
        });
      };
    },
  });
}
