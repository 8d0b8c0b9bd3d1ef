import type { SpeechConfig } from './config.ts';

export interface LocatorOptions {
  config: SpeechConfig['locator'];
  /** True while nobody is being served (the attract screen). */
  idle(): boolean;
  announce(text: { id: string; en: string }): void;
}

/**
 * "Where the kiosk is": while idle, a short announcement every `intervalMs`, for a citizen who
 * cannot see where the machine stands. Off by default; never during a session.
 */
export class IdleLocator {
  #timer: NodeJS.Timeout | undefined;
  #spoken = 0;

  constructor(private readonly o: LocatorOptions) {}

  get spoken(): number {
    return this.#spoken;
  }

  start(): void {
    if (!this.o.config.enabled || this.#timer) return;
    this.#timer = setInterval(() => this.tick(), this.o.config.intervalMs);
    this.#timer.unref();
  }

  /** One scheduled moment: speaks only when idle. */
  tick(): boolean {
    if (!this.o.config.enabled || !this.o.idle()) return false;
    this.#spoken++;
    this.o.announce(this.o.config.text);
    return true;
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
