import type { Corner } from './types.ts';

export interface CornerGestureOptions {
  sequence: readonly Corner[];
  /** Corner zone as a fraction of width and height. */
  cornerSize: number;
  windowMs: number;
}

export function cornerOf(x: number, y: number, size: number): Corner | null {
  const left = x <= size;
  const right = x >= 1 - size;
  const top = y <= size;
  const bottom = y >= 1 - size;
  if (top && left) return 'topLeft';
  if (top && right) return 'topRight';
  if (bottom && right) return 'bottomRight';
  if (bottom && left) return 'bottomLeft';
  return null;
}

/**
 * The hidden technician entry: taps in the configured corners, in order, within a time window.
 * Any other tap starts over, so a citizen's ordinary use never completes it by accident, and it
 * only opens the maintenance sign-in (which still asks for the technician's card or PIN).
 */
export class CornerGesture {
  #step = 0;
  #startedAt = 0;

  constructor(private readonly options: CornerGestureOptions) {}

  /** Feeds one tap; true when it completes the sequence. */
  tap(x: number, y: number, at: number): boolean {
    const { sequence, cornerSize, windowMs } = this.options;
    if (this.#step > 0 && at - this.#startedAt > windowMs) this.#step = 0;
    const corner = cornerOf(x, y, cornerSize);
    if (corner !== null && corner === sequence[this.#step]) {
      if (this.#step === 0) this.#startedAt = at;
      this.#step++;
      if (this.#step === sequence.length) {
        this.#step = 0;
        return true;
      }
      return false;
    }
    this.#step = 0;
    if (corner !== null && corner === sequence[0]) {
      this.#step = 1;
      this.#startedAt = at;
    }
    return false;
  }

  get progress(): number {
    return this.#step;
  }

  reset(): void {
    this.#step = 0;
  }
}
