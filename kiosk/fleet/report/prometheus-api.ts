import { z } from 'zod';
import { err, ok, type Result } from '../../../core/result.ts';

/**
 * A small client of Prometheus's HTTP API (`/api/v1/query`, `/api/v1/query_range`), for the fleet
 * report. The report keeps no store of its own: every figure is a query.
 */
export type PrometheusError =
  | { code: 'unreachable'; message: string }
  | { code: 'http'; status: number; message: string }
  | { code: 'query'; message: string }
  | { code: 'malformed'; message: string };

export interface Sample {
  metric: Record<string, string>;
  value: number;
}

export interface Series {
  metric: Record<string, string>;
  /** [unix seconds, value], oldest first. */
  values: Array<[number, number]>;
}

const point = z.tuple([z.number(), z.string()]);
const answer = z.object({ status: z.enum(['success', 'error']), error: z.string().optional(), errorType: z.string().optional(), data: z.unknown().optional() });
const vector = z.object({ resultType: z.literal('vector'), result: z.array(z.object({ metric: z.record(z.string(), z.string()), value: point })) });
const matrix = z.object({ resultType: z.literal('matrix'), result: z.array(z.object({ metric: z.record(z.string(), z.string()), values: z.array(point) })) });

export class PrometheusApi {
  readonly #base: URL;

  constructor(
    url: string,
    private readonly timeoutMs = 30_000,
  ) {
    this.#base = new URL(url.endsWith('/') ? url : `${url}/`);
  }

  /** An instant query evaluated at `time` (unix seconds). */
  async query(expr: string, time: number): Promise<Result<Sample[], PrometheusError>> {
    const r = await this.#get('query', { query: expr, time: String(time) });
    if (!r.ok) return r;
    const v = vector.safeParse(r.value);
    if (!v.success) return err({ code: 'malformed', message: `query ${expr}: not an instant vector` });
    return ok(v.data.result.map((s) => ({ metric: s.metric, value: Number(s.value[1]) })));
  }

  /** A range query from `start` to `end` (unix seconds) every `stepS` seconds. */
  async queryRange(expr: string, start: number, end: number, stepS: number): Promise<Result<Series[], PrometheusError>> {
    const r = await this.#get('query_range', { query: expr, start: String(start), end: String(end), step: String(stepS) });
    if (!r.ok) return r;
    const m = matrix.safeParse(r.value);
    if (!m.success) return err({ code: 'malformed', message: `query_range ${expr}: not a range vector` });
    return ok(m.data.result.map((s) => ({ metric: s.metric, values: s.values.map(([t, v]) => [t, Number(v)] as [number, number]) })));
  }

  async #get(path: string, params: Record<string, string>): Promise<Result<unknown, PrometheusError>> {
    const url = new URL(`api/v1/${path}`, this.#base);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    let res: Response;
    try {
      res = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs), headers: { accept: 'application/json' } });
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      return err({ code: 'unreachable', message: `cannot reach Prometheus at ${this.#base.origin}: ${cause?.code ?? cause?.message ?? (e as Error).message}` });
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      return err({ code: 'http', status: res.status, message: `${this.#base.origin} answered ${res.status} without JSON: is this Prometheus?` });
    }
    const a = answer.safeParse(body);
    if (!a.success) return err({ code: 'malformed', message: `${this.#base.origin} answered ${res.status} with JSON that is not a Prometheus API answer` });
    if (a.data.status === 'error') return err({ code: 'query', message: `Prometheus refused the query (${a.data.errorType ?? res.status}): ${a.data.error ?? 'no reason given'}` });
    return ok(a.data.data);
  }
}
