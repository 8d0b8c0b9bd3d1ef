import type { JobProgress } from '../../devices/document-printer/types.ts';
import { err, type Result } from '../../core/result.ts';
import { claimPrint, renderPrint, settlePrint, submitPrint, watchPrint } from './steps.ts';
import type { PrintDeps, PrintDone, PrintError, PrintRequest, RenderFn } from './types.ts';

export interface RunPrintOptions {
  signal?: AbortSignal;
  onProgress?: (progress: JobProgress) => void;
  /** Called once the ledger id exists, so a caller can cancel the job with `cancelPrint`. */
  onLedgerId?: (ledgerId: string) => void;
}

/**
 * The whole pipeline in one call: claim → render → submit → watch → settle, for tests that want
 * the steps' own typed errors. Citizens and the crash harness go through the journey's print
 * machine and ports (journey-ports.ts), which call the same steps.
 */
export async function runPrint(deps: PrintDeps, request: PrintRequest, render: RenderFn, options: RunPrintOptions = {}): Promise<Result<PrintDone, PrintError>> {
  const step = options.signal ? { signal: options.signal } : {};
  const claimed = await claimPrint(deps, request, step);
  if (!claimed.ok) return claimed;
  options.onLedgerId?.(claimed.value.ledgerId);
  const rendered = await renderPrint(deps, claimed.value, render, step);
  if (!rendered.ok) return rendered;
  const submitted = await submitPrint(deps, claimed.value.ledgerId, rendered.value, step);
  if (!submitted.ok) return submitted;
  const watched = await watchPrint(deps, claimed.value.ledgerId, { ...step, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
  if (!watched.ok) return watched;
  if (options.signal?.aborted && watched.value.kind === 'lost') {
    return err({ code: 'interrupted', message: 'interrupted while watching', ledgerId: claimed.value.ledgerId, state: 'submitted' });
  }
  return settlePrint(deps, claimed.value.ledgerId, watched.value);
}
