/** A figure a benchmark reports: a number with its unit, named so that `--json` output is stable. */
export interface Figure {
  /** Stable key in `npm run bench -- --json`, e.g. `kk_render_ms_p50`. */
  key: string;
  value: number;
  unit: string;
  /** One line for the readable table. */
  label: string;
}

export interface BenchContext {
  /** Repeat counts scale with this (1 = default; `--quick` makes it smaller). */
  scale: number;
  signal: AbortSignal;
  /** Progress for the person watching; goes to stderr. */
  note(text: string): void;
}

/** One benchmark. A figure that cannot be measured here (a missing peer) is reported in `notes`. */
export interface Bench {
  name: string;
  run(ctx: BenchContext): Promise<{ figures: Figure[]; notes?: string[] }>;
}

/** Median and high percentiles of a set of samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx] as number;
}

export const round = (n: number, digits = 2): number => Number(n.toFixed(digits));
