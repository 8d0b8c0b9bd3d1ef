import { isAbsolute, join } from 'node:path';
import { err, ok, type Result } from '../../core/result.ts';
import type { SpeechConfig } from './config.ts';
import type { SpeechError } from './errors.ts';
import { synthesize } from './espeak.ts';
import { clipKey, SpeechCache } from './speech-cache.ts';
import { checkSpeakable, type PersonalData } from './spoken-guard.ts';

export type SpeechLanguage = 'id' | 'en';

/** espeak-ng processes at once; more wait (the kiosk has two cores and prints at the same time). */
const MAX_SYNTHESES = 2;

export interface ClipRequest {
  lang: SpeechLanguage;
  /** Words per minute: one of the configured rates. */
  rate: number;
  text: string;
}

export interface Clip {
  wav: Buffer;
  cached: boolean;
}

/**
 * Speech for the kiosk: every text is checked for personal data, then taken from the disk cache or
 * synthesised by espeak-ng and cached. The last engine failure is kept for health and the doctor.
 */
export class SpeechService {
  readonly #config: SpeechConfig;
  readonly #cache: SpeechCache;
  readonly #personal: () => PersonalData;
  #lastError: SpeechError | null = null;
  #clips = 0;
  /** Syntheses running now, and those waiting for a turn: a citizen running through a list with the arrows must not start one espeak-ng per key. */
  #running = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(config: SpeechConfig, dataDir: string, personal: () => PersonalData) {
    this.#config = config;
    this.#cache = new SpeechCache(isAbsolute(config.cacheDir) ? config.cacheDir : join(dataDir, config.cacheDir), config.cacheMaxFiles);
    this.#personal = personal;
  }

  get rates(): readonly number[] {
    return this.#config.rates;
  }

  get enabled(): boolean {
    return this.#config.enabled;
  }

  /** The engine's last failure (cleared by the next success). */
  get lastError(): SpeechError | null {
    return this.#lastError;
  }

  get clipsServed(): number {
    return this.#clips;
  }

  async clip(req: ClipRequest, signal?: AbortSignal): Promise<Result<Clip, SpeechError>> {
    if (!this.#config.enabled) return err({ code: 'disabled' });
    if (!this.#config.rates.includes(req.rate)) return err({ code: 'badText', detail: `rate ${req.rate} is not one of ${this.#config.rates.join(', ')}` });
    const checked = checkSpeakable(req.text, this.#personal(), this.#config.maxTextChars);
    if (!checked.ok) return checked;
    const voice = this.#config.voices[req.lang];
    const key = clipKey(voice, req.rate, checked.value);
    const hit = this.#cache.get(key);
    if (hit) {
      this.#clips++;
      return ok({ wav: hit, cached: true });
    }
    const made = await this.#turn(signal, () => synthesize(checked.value, { command: this.#config.command, voice, rate: req.rate, timeoutMs: this.#config.synthTimeoutMs, ...(signal ? { signal } : {}) }));
    if (!made.ok) {
      if (made.error.code !== 'canceled') this.#lastError = made.error;
      return made;
    }
    this.#lastError = null;
    this.#cache.put(key, made.value);
    this.#clips++;
    return ok({ wav: made.value, cached: false });
  }

  async #turn(signal: AbortSignal | undefined, work: () => Promise<Result<Buffer, SpeechError>>): Promise<Result<Buffer, SpeechError>> {
    const waited = this.#running >= MAX_SYNTHESES;
    if (waited) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    // Asked for and forgotten while waiting its turn: not made at all, and the turn goes to the next.
    if (signal?.aborted) {
      if (waited) this.#waiting.shift()?.();
      return err({ code: 'canceled' });
    }
    this.#running++;
    try {
      return await work();
    } finally {
      this.#running--;
      this.#waiting.shift()?.();
    }
  }

  /** Synthesises a short test phrase in both languages, uncached (the self-test and the doctor). */
  async probe(signal?: AbortSignal): Promise<Result<{ bytes: number }, SpeechError>> {
    if (!this.#config.enabled) return err({ code: 'disabled' });
    let bytes = 0;
    for (const lang of ['id', 'en'] as const) {
      const r = await synthesize(lang === 'id' ? 'Tes suara.' : 'Sound test.', { command: this.#config.command, voice: this.#config.voices[lang], rate: this.#config.rates[0]!, timeoutMs: this.#config.synthTimeoutMs, ...(signal ? { signal } : {}) });
      if (!r.ok) {
        this.#lastError = r.error;
        return r;
      }
      bytes += r.value.length;
    }
    this.#lastError = null;
    return ok({ bytes });
  }
}
