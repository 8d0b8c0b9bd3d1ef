import { newSecret, sameSecret } from './lockdown.ts';

/**
 * The kiosk browser's way in. Its command line (readable in /proc by any local user) carries only
 * a single-use launch token, never the session's secret: the first socket that presents the token
 * gets the secret in its `hello` and the token dies at once; a fresh one is handed to whoever
 * writes the launch file, for the next browser start.
 */
export class LaunchTokens {
  #token = newSecret();
  readonly #listeners = new Set<(token: string) => void>();

  get current(): string {
    return this.#token;
  }

  matches(given: string | null): boolean {
    return sameSecret(given, this.#token);
  }

  /** Spends the token if `given` is it; true when it was. Listeners get the next one. */
  consume(given: string | null): boolean {
    if (!this.matches(given)) return false;
    this.#token = newSecret();
    for (const l of this.#listeners) l(this.#token);
    return true;
  }

  onRotate(listener: (token: string) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
