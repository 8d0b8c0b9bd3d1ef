import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Cache key: voice, speed and text, hashed (the file name says nothing about what is spoken). */
export function clipKey(voice: string, rate: number, text: string): string {
  return createHash('sha256').update(`${voice}\u0000${rate}\u0000${text}`).digest('hex');
}

/**
 * Synthesised clips on disk, one WAV per key, written whole (temporary file, then rename) so a
 * crash never leaves half a clip to be played. Bounded: past `maxFiles` the oldest are removed.
 */
export class SpeechCache {
  #writes = 0;

  constructor(
    readonly dir: string,
    private readonly maxFiles: number,
  ) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  get(key: string): Buffer | null {
    try {
      return readFileSync(join(this.dir, `${key}.wav`));
    } catch {
      return null;
    }
  }

  put(key: string, wav: Buffer): void {
    const tmp = join(this.dir, `.${key}.${process.pid}.tmp`);
    writeFileSync(tmp, wav, { mode: 0o600 });
    renameSync(tmp, join(this.dir, `${key}.wav`));
    if (++this.#writes % 50 === 0) this.prune();
  }

  /** Removes the oldest clips beyond the bound. */
  prune(): number {
    const files = readdirSync(this.dir).filter((f) => f.endsWith('.wav'));
    if (files.length <= this.maxFiles) return 0;
    const aged = files.map((f) => ({ f, t: statSync(join(this.dir, f)).mtimeMs })).sort((a, b) => a.t - b.t);
    const extra = aged.slice(0, files.length - this.maxFiles);
    for (const { f } of extra) unlinkSync(join(this.dir, f));
    return extra.length;
  }
}
