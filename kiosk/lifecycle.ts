import type { KioskLogger } from './log/logger.ts';

export type CloseStep = (signal: AbortSignal) => Promise<void> | void;

/**
 * Shutdown in reverse order of start, each step bounded: a running print gets the chance to finish
 * or park itself in the ledger, then devices, server and store close.
 */
export class Lifecycle {
  readonly #steps: Array<{ name: string; close: CloseStep }> = [];
  readonly #stopListeners = new Set<(reason: string) => void>();
  /** A stop asked for before anyone listened (low battery at boot): delivered to the first listener. */
  #pendingStop: string | null = null;
  #closing: Promise<boolean> | null = null;

  constructor(private readonly log: KioskLogger) {}

  /** Registers a step to run at shutdown; later registrations run first. */
  add(name: string, close: CloseStep): void {
    this.#steps.push({ name, close });
  }

  /** Whoever runs the process (`adm start`) stops it when an area asks, as it does on a signal. */
  onStopRequested(listener: (reason: string) => void): () => void {
    this.#stopListeners.add(listener);
    const pending = this.#pendingStop;
    if (pending !== null) {
      this.#pendingStop = null;
      queueMicrotask(() => listener(pending));
    }
    return () => this.#stopListeners.delete(listener);
  }

  /**
   * An area asks the whole kiosk to stop (low battery). Asked during boot, before whoever runs the
   * process listens, it waits for them: the boot finishes wiring first, then stops.
   */
  requestStop(reason: string): void {
    if (this.#stopListeners.size === 0) {
      this.#pendingStop ??= reason;
      return;
    }
    for (const l of [...this.#stopListeners]) l(reason);
  }

  get closing(): boolean {
    return this.#closing !== null;
  }

  /** Runs every step within `timeoutMs` in total; resolves true when all finished cleanly. */
  shutdown(timeoutMs: number): Promise<boolean> {
    this.#closing ??= this.#run(timeoutMs);
    return this.#closing;
  }

  async #run(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    let clean = true;
    for (const step of [...this.#steps].reverse()) {
      const left = Math.max(deadline - Date.now(), 50);
      const controller = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          Promise.resolve().then(() => step.close(controller.signal)),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => {
              controller.abort();
              reject(new Error(`did not finish within ${left} ms`));
            }, left);
          }),
        ]);
        this.log.event('kiosk.shutdown_step', { step: step.name });
      } catch (e) {
        clean = false;
        this.log.event('kiosk.shutdown_step_failed', { step: step.name, error: (e as Error).message });
      } finally {
        clearTimeout(timer);
      }
    }
    return clean;
  }
}
