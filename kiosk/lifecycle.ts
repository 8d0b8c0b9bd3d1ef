import type { KioskLogger } from './log/logger.ts';

export type CloseStep = (signal: AbortSignal) => Promise<void> | void;

/**
 * What every area of the kiosk registers once it is built: `start` begins its activity (timers,
 * device loops, connections), `stop` ends it. Building an area starts nothing, so every area can
 * listen to the others before the first of them says anything.
 */
export interface AreaSteps {
  start?: () => Promise<void> | void;
  stop?: CloseStep;
  /**
   * Starts before and stops after every other area (the store, the power-off request, fleet
   * reporting): as Zigbee2MQTT connects MQTT before its extensions start, what the others say while
   * starting and stopping is heard.
   */
  outermost?: boolean;
}

interface Area {
  name: string;
  start?: AreaSteps['start'];
  close?: CloseStep;
  outermost: boolean;
}

/**
 * The kiosk's areas, started in order and stopped in reverse, each stop bounded: a running print
 * gets the chance to finish or park itself in the ledger, then devices, server and store close.
 */
export class Lifecycle {
  readonly #steps: Area[] = [];
  #started = false;
  readonly #stopListeners = new Set<(reason: string) => void>();
  /** A stop asked for before anyone listened (low battery at boot): delivered to the first listener. */
  #pendingStop: string | null = null;
  #closing: Promise<boolean> | null = null;

  constructor(private readonly log: KioskLogger) {}

  /**
   * Registers an area: a bare function is its stop alone. Starts run in the order of registration;
   * stops run in reverse.
   */
  add(name: string, steps: CloseStep | AreaSteps): void {
    const area = typeof steps === 'function' ? { name, close: steps, outermost: false } : { name, start: steps.start, close: steps.stop, outermost: steps.outermost ?? false };
    if (this.#started && area.start) throw new Error(`bug: area ${name} has a start step but was added after the kiosk started`);
    this.#steps.push(area);
  }

  /**
   * Starts every area registered so far, in order, each awaited (the UPS's first reading, a
   * printer's first status): whoever starts later finds what came before running.
   */
  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    for (const step of this.#ordered()) {
      if (this.closing) return;
      await step.start?.();
    }
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

  #ordered(): Area[] {
    return [...this.#steps.filter((s) => s.outermost), ...this.#steps.filter((s) => !s.outermost)];
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
    for (const step of this.#ordered().reverse()) {
      const left = Math.max(deadline - Date.now(), 50);
      const controller = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      const close = step.close;
      if (!close) continue;
      try {
        await Promise.race([
          Promise.resolve().then(() => close(controller.signal)),
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
