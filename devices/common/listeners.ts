/** Callbacks that subscribe with `add` (which returns the way to unsubscribe) and are all called by `emit`. */
export class Listeners<Args extends unknown[]> {
  readonly #set = new Set<(...args: Args) => void>();

  add(listener: (...args: Args) => void): () => void {
    this.#set.add(listener);
    return () => void this.#set.delete(listener);
  }

  /** Calls every listener subscribed when the emit began (one that unsubscribes meanwhile is still called). */
  emit(...args: Args): void {
    for (const l of [...this.#set]) l(...args);
  }

  clear(): void {
    this.#set.clear();
  }
}
