import { z } from 'zod';
import { err, ok, type Result } from '../../../core/result.ts';
import { sleep } from '../../../core/sleep.ts';
import type { KioskLogger } from '../../log/logger.ts';
import type {
  CallOptions, ClaimRequest, ClaimState, DocumentState, DocumentVerdict, Registry, RegistryError,
} from '../../../core/registry.ts';
import type { Citizen, DocumentListing, DocumentType, IsoDate, Office, PrintPackage } from '../../../core/domain.ts';
import { CircuitBreaker } from './circuit-breaker.ts';
import { createTransport, type Attempt, type TlsMaterial, type Transport } from './transport.ts';
import {
  citizenSchema, claimStateSchema, documentStateSchema, listingSchema, officeSchema, printPackageSchema, registryErrorSchema, ROUTES,
  verdictSchema, type RouteName,
} from './wire.ts';

export interface HttpRegistryOptions {
  /** Base URL of the central registry, e.g. `https://registry.dukcapil.example/`. */
  url: string;
  /** Per attempt. */
  timeoutMs?: number;
  /** Whole call, retries included: the kiosk must be able to say "unavailable" within 2 s. */
  deadlineMs?: number;
  /** Extra attempts for idempotent calls. */
  retries?: number;
  /** First backoff; doubles per retry, with jitter. */
  backoffMs?: number;
  breaker?: { failureThreshold: number; cooldownMs: number };
  tls?: TlsMaterial;
  log?: KioskLogger;
  /** Injected for tests. */
  now?: () => number;
  random?: () => number;
  transport?: Transport;
}

const fail = (code: RegistryError['code'], message: string, extra: Partial<RegistryError> = {}) => err<RegistryError>({ code, message, ...extra });

/**
 * Which calls may be retried. Each of these is idempotent on the registry side: reads, claim (the
 * ledger id makes a repeat return the same package; a repeated wrong PIN counts once), confirm and
 * release (repeats of a done step answer ok). Login-PIN sign-in is not retried: a retry could spend
 * one of the citizen's three tries on a central system that does not deduplicate guesses.
 */
const IDEMPOTENT: Record<RouteName, boolean> = {
  ping: true, offices: true, find: true, signInPin: false, signInQr: true, list: true, state: true, verify: true,
  claim: true, confirm: true, release: true, claimStatus: true,
};

const okBody = <T extends z.ZodType>(value: T) => z.object({ ok: z.literal(true), value });
const errorBody = z.object({ ok: z.literal(false), error: registryErrorSchema });

/** The registry adapter for a central Dukcapil system speaking the registry API (docs/registry-api.md). */
export class HttpRegistry implements Registry {
  readonly #transport: Transport;
  readonly #breaker: CircuitBreaker;
  readonly #timeoutMs: number;
  readonly #deadlineMs: number;
  readonly #retries: number;
  readonly #backoffMs: number;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #log: KioskLogger | undefined;
  #closed = false;
  #reachable: boolean | null = null;

  constructor(options: HttpRegistryOptions) {
    this.#transport = options.transport ?? createTransport(apiBase(options.url), options.tls);
    this.#timeoutMs = options.timeoutMs ?? 1500;
    this.#deadlineMs = options.deadlineMs ?? 1800;
    this.#retries = options.retries ?? 2;
    this.#backoffMs = options.backoffMs ?? 100;
    this.#now = options.now ?? (() => Date.now());
    this.#random = options.random ?? Math.random;
    this.#log = options.log;
    const breaker = options.breaker ?? { failureThreshold: 3, cooldownMs: 10_000 };
    this.#breaker = new CircuitBreaker({
      ...breaker,
      now: this.#now,
      onChange: (state, failures) => {
        if (state === 'open') this.#log?.event('registry.breaker_opened', { failures, cooldownMs: breaker.cooldownMs });
        if (state === 'closed') this.#log?.event('registry.breaker_closed', {});
      },
    });
  }

  get breakerState(): string {
    return this.#breaker.state;
  }

  /** Whether the last call reached the central registry (null before the first call), for health and fleet. */
  reachable(): boolean | null {
    return this.#reachable;
  }

  async #call<T extends z.ZodType>(route: RouteName, body: unknown, schema: T, options?: CallOptions): Promise<Result<z.output<T>, RegistryError>> {
    if (this.#closed) return fail('unavailable', 'the registry client is closed');
    const { method, path } = ROUTES[route];
    const deadline = this.#now() + this.#deadlineMs;
    const signal = options?.signal;
    let last: Result<z.output<T>, RegistryError> = fail('unavailable', 'central registry not reached');
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) return this.#aborted(signal);
      if (!this.#breaker.allow()) {
        return fail('unavailable', `central registry unavailable (circuit open, next try in ${Math.ceil(this.#breaker.retryInMs() / 1000)} s)`);
      }
      const left = deadline - this.#now();
      const outcome = this.#interpret(await this.#transport.send(method, path, body, Math.max(1, Math.min(this.#timeoutMs, left)), signal), schema);
      if (outcome.kind === 'answer') {
        this.#breaker.success();
        this.#reachable = true;
        return outcome.result;
      }
      if (outcome.kind === 'aborted') {
        this.#breaker.success();
        return this.#aborted(signal);
      }
      this.#breaker.failure();
      this.#reachable = false;
      last = outcome.result;
      const delay = this.#backoffMs * 2 ** attempt * (0.5 + this.#random() / 2);
      const retriable = IDEMPOTENT[route] && outcome.retriable && attempt < this.#retries && this.#now() + delay + 50 < deadline;
      if (!retriable) break;
      this.#log?.event('registry.call_retry', { route, attempt: attempt + 1, delayMs: Math.round(delay), code: outcome.result.ok ? 'ok' : outcome.result.error.code });
      const slept = await sleep(delay, signal);
      if (!slept) return this.#aborted(signal);
    }
    if (!last.ok) this.#log?.event('registry.call_failed', { route, code: last.error.code, reason: last.error.message });
    return last;
  }

  #aborted(signal?: AbortSignal): Result<never, RegistryError> {
    const reason = signal?.reason as { name?: string } | undefined;
    return reason?.name === 'TimeoutError' ? fail('timeout', 'the call ran out of time') : fail('unavailable', 'the call was cancelled');
  }

  /** A registry answer (success or a known refusal), or a failure of the central system. */
  #interpret<T extends z.ZodType>(a: Attempt, schema: T):
    | { kind: 'answer'; result: Result<z.output<T>, RegistryError> }
    | { kind: 'failure'; retriable: boolean; result: Result<never, RegistryError> }
    | { kind: 'aborted' } {
    switch (a.kind) {
      case 'aborted':
        return { kind: 'aborted' };
      case 'timeout':
        return a.connected
          ? { kind: 'failure', retriable: true, result: fail('timeout', 'central registry did not answer in time') }
          : { kind: 'failure', retriable: true, result: fail('unavailable', 'central registry not reachable (connect timed out)') };
      case 'network':
        return { kind: 'failure', retriable: true, result: fail('unavailable', `central registry not reachable (${a.detail})`) };
      case 'garbage':
        return { kind: 'failure', retriable: a.status >= 500, result: fail(a.status >= 500 ? 'unavailable' : 'bad_response', `central registry answered HTTP ${a.status} with ${a.detail}`) };
      case 'response': {
        if (a.status === 200) {
          const parsed = okBody(schema).safeParse(a.body);
          if (parsed.success) return { kind: 'answer', result: ok((parsed.data as { value: unknown }).value as z.output<T>) };
          const issue = parsed.error.issues[0];
          return { kind: 'failure', retriable: false, result: fail('bad_response', `central registry answer does not match the API at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? ''}`) };
        }
        const e = errorBody.safeParse(a.body);
        if (a.status >= 500) {
          return { kind: 'failure', retriable: true, result: fail('unavailable', `central registry failed (HTTP ${a.status}${e.success ? `: ${e.data.error.message}` : ''})`) };
        }
        if (e.success) return { kind: 'answer', result: err(e.data.error) };
        return { kind: 'failure', retriable: false, result: fail('bad_response', `central registry answered HTTP ${a.status} without an error body`) };
      }
    }
  }

  findByNik(nik: string, options?: CallOptions): Promise<Result<Citizen, RegistryError>> {
    return this.#call('find', { nik }, citizenSchema, options);
  }

  signInWithPin(nik: string, pin: string, options?: CallOptions): Promise<Result<Citizen, RegistryError>> {
    return this.#call('signInPin', { nik, pin }, citizenSchema, options);
  }

  signInWithQr(text: string, options?: CallOptions): Promise<Result<Citizen, RegistryError>> {
    return this.#call('signInQr', { text }, citizenSchema, options);
  }

  listDocuments(nik: string, today: IsoDate, options?: CallOptions): Promise<Result<DocumentListing[], RegistryError>> {
    return this.#call('list', { nik, today }, z.array(listingSchema), options);
  }

  claim(request: ClaimRequest, options?: CallOptions): Promise<Result<PrintPackage, RegistryError>> {
    const { applicationId, ledgerId, nik, proof, kioskId } = request;
    // Only the fields of the API: the server refuses unknown ones.
    const wireProof = proof.kind === 'pin' ? { kind: 'pin', pin: proof.pin } : { kind: 'qr', text: proof.text };
    return this.#call('claim', { applicationId, ledgerId, nik, proof: wireProof, kioskId }, printPackageSchema, options);
  }

  async confirmPrinted(applicationId: string, ledgerId: string, options?: CallOptions): Promise<Result<void, RegistryError>> {
    const r = await this.#call('confirm', { applicationId, ledgerId }, z.null(), options);
    return r.ok ? ok(undefined) : r;
  }

  async release(applicationId: string, ledgerId: string, reason: string, options?: CallOptions): Promise<Result<void, RegistryError>> {
    const r = await this.#call('release', { applicationId, ledgerId, reason }, z.null(), options);
    return r.ok ? ok(undefined) : r;
  }

  claimStatus(applicationId: string, ledgerId: string, options?: CallOptions): Promise<Result<ClaimState, RegistryError>> {
    return this.#call('claimStatus', { applicationId, ledgerId }, claimStateSchema, options);
  }

  documentState(type: DocumentType, number: string, options?: CallOptions): Promise<Result<DocumentState, RegistryError>> {
    return this.#call('state', { type, number }, documentStateSchema, options);
  }

  verifyDocument(seal: string, options?: CallOptions): Promise<Result<DocumentVerdict, RegistryError>> {
    return this.#call('verify', { seal }, verdictSchema, options);
  }

  offices(options?: CallOptions): Promise<Result<Office[], RegistryError>> {
    return this.#call('offices', undefined, z.array(officeSchema), options);
  }

  async ping(options?: CallOptions): Promise<Result<void, RegistryError>> {
    const r = await this.#call('ping', undefined, z.object({ version: z.string() }), options);
    return r.ok ? ok(undefined) : r;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#transport.close();
  }
}

/** The API root: the configured URL, with `/v1` added unless it already ends with it. */
export function apiBase(url: string): string {
  const u = new URL(url);
  const path = u.pathname.replace(/\/+$/, '');
  u.pathname = path.endsWith('/v1') ? path : `${path}/v1`;
  return u.toString();
}
