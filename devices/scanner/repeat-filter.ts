import { createHash } from 'node:crypto';

/**
 * Drops the same scan seen again within a short window: scanners in presentation mode re-read a QR
 * held under them. The window restarts on each repeat, so a QR left lying there stays ignored.
 * Only a digest of the last text is kept (a QR may hold a sign-in token).
 */
export class RepeatFilter {
  #digest: string | null = null;
  #lastAt = 0;

  constructor(private readonly windowMs: number) {}

  /** True when `text` repeats the previous scan within the window. */
  isRepeat(text: string, at: number): boolean {
    const digest = createHash('sha256').update(text).digest('base64');
    const repeat = this.#digest === digest && at - this.#lastAt < this.windowMs;
    this.#digest = digest;
    this.#lastAt = at;
    return repeat;
  }

  /** Forget the last scan, e.g. when a new session starts and the same QR is legitimately needed again. */
  clear(): void {
    this.#digest = null;
  }
}
