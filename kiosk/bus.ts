import type { EntrySource } from '../flows/maintenance/ports.ts';
import type { PowerSnapshot } from './power/power-watch.ts';
import type { PowerEventKind } from './store/power-events.ts';

/**
 * What one area of the kiosk tells the others without knowing who listens. An area that needs to
 * ask another something receives it when it is built; an area that only announces emits here.
 */
export interface KioskEvents {
  /** Something the fleet reports changed (a print, a refill, a review, maintenance left): read it now. */
  'fleet.refresh': Record<string, never>;
  /** A citizen's finger was checked against the card (never the finger itself). */
  'fingerprint.checked': { matched: boolean };
  /** A print package's seal was checked against the trust list: the office and key, never a NIK. */
  'seal.checked': { trusted: true } | { trusted: false; code: string; officeCode: string; keyId: string };
  /** The power changed; `event` names it when it is one (mains lost, low battery, back). */
  'power.changed': { snapshot: PowerSnapshot; event: PowerEventKind | null };
  /** The hidden maintenance entry was used on the touchscreen or in the browser. */
  'maintenance.entryRequested': { source: EntrySource };
}

export type KioskEventName = keyof KioskEvents;
type Listener<K extends KioskEventName> = (payload: KioskEvents[K]) => void;

/**
 * The kiosk's one event bus (as Zigbee2MQTT's eventBus): typed, synchronous, in process. A listener
 * that throws is a bug in that listener: it is reported and the others still hear the event.
 */
export class KioskBus {
  readonly #listeners = new Map<KioskEventName, Set<Listener<never>>>();

  constructor(private readonly onListenerError: (event: KioskEventName, error: Error) => void = () => {}) {}

  on<K extends KioskEventName>(event: K, listener: Listener<K>): () => void {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(listener as Listener<never>);
    return () => set.delete(listener as Listener<never>);
  }

  emit<K extends KioskEventName>(event: K, payload: KioskEvents[K]): void {
    for (const l of [...(this.#listeners.get(event) ?? [])]) {
      try {
        (l as Listener<K>)(payload);
      } catch (e) {
        this.onListenerError(event, e as Error);
      }
    }
  }
}
