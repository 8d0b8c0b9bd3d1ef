import { createHash } from 'node:crypto';

/**
 * A deterministic random stream for the seed generator: SHA-256 in counter mode over the seed text.
 * Same seed, same registry, on every machine; no hand-rolled PRNG constants to get wrong.
 */
export class SeededRandom {
  readonly #seed: string;
  #counter = 0;
  #pool = Buffer.alloc(0);

  constructor(seed: string) {
    this.#seed = seed;
  }

  /** An independent stream for a named part (so adding families does not reshuffle the offices). */
  fork(label: string): SeededRandom {
    return new SeededRandom(`${this.#seed}/${label}`);
  }

  bytes(n: number): Buffer {
    while (this.#pool.length < n) {
      const block = createHash('sha256').update(this.#seed).update('\u0000').update(String(this.#counter++)).digest();
      this.#pool = Buffer.concat([this.#pool, block]);
    }
    const out = this.#pool.subarray(0, n);
    this.#pool = this.#pool.subarray(n);
    return Buffer.from(out);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.bytes(6).readUIntBE(0, 6) / 2 ** 48;
  }

  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('bug: pick from an empty list');
    return items[this.int(0, items.length - 1)] as T;
  }

  weighted<T>(items: ReadonlyArray<readonly [T, number]>): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return (items[items.length - 1] as readonly [T, number])[0];
  }

  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.int(0, 9));
    return s;
  }

  /** A URL-safe secret (for QR tokens). */
  secret(bytes = 16): string {
    return this.bytes(bytes).toString('base64url');
  }
}
