import type { ScanErrorCode } from './errors.ts';
import type { ScanOutcome } from './types.ts';

/**
 * What both scan assemblers (keyboard emulation and HID POS) do alike: a scan with a problem is
 * absorbed to its end and rejected with its first problem, and a pause of `interKeyTimeoutMs`
 * after the last input ends the scan, as each protocol reads such a pause.
 */
export abstract class ScanAssembler {
  protected problem: { code: ScanErrorCode; detail: string } | null = null;
  /** When the scan being collected last received something; null between scans. */
  protected lastAt: number | null = null;

  constructor(private readonly pause: { interKeyTimeoutMs: number }) {}

  get collecting(): boolean {
    return this.lastAt !== null;
  }

  deadline(): number | null {
    return this.lastAt === null ? null : this.lastAt + this.pause.interKeyTimeoutMs;
  }

  tick(at: number): ScanOutcome[] {
    if (this.lastAt === null || at - this.lastAt < this.pause.interKeyTimeoutMs) return [];
    return [this.endByPause(at)];
  }

  reset(): void {
    this.problem = null;
    this.lastAt = null;
    this.forget();
  }

  /** Keeps the first problem of a scan and drops what it collected (its counts stay, for the rejection). */
  protected noteProblem(code: ScanErrorCode, detail: string): void {
    if (this.problem) return;
    this.problem = { code, detail };
    this.dropData();
  }

  /** The scan a pause ended. */
  protected abstract endByPause(at: number): ScanOutcome;
  /** Drops the collected data. */
  protected abstract dropData(): void;
  /** Drops the collected data and its counts. */
  protected abstract forget(): void;
}
