import type { Contact, TouchEvent } from './types.ts';

export interface TrackerOptions {
  maxTapMs: number;
  /** Farthest a finger may travel (fraction of the screen) and still tap. */
  maxTapTravel?: number;
  /** A contact with no report for this long is taken as lifted (its lift report was lost). */
  staleMs?: number;
}

/** Enough for any panel (Windows asks for at most 10); more is noise and is not tracked. */
const MAX_CONTACTS = 10;

interface Tracked {
  downAt: number;
  seenAt: number;
  x0: number;
  y0: number;
  x: number;
  y: number;
  travel: number;
}

/** Turns per-report contact states into finger-down and finger-up events, and finds taps. */
export class ContactTracker {
  readonly #contacts = new Map<number, Tracked>();
  readonly #maxTravel: number;
  readonly #staleMs: number;

  constructor(private readonly options: TrackerOptions) {
    this.#maxTravel = options.maxTapTravel ?? 0.04;
    this.#staleMs = options.staleMs ?? 2000;
  }

  get active(): number {
    return this.#contacts.size;
  }

  update(contacts: readonly Contact[], at: number): TouchEvent[] {
    const out = this.tick(at);
    for (const c of contacts) {
      const t = this.#contacts.get(c.id);
      if (c.tip) {
        if (t) {
          t.travel = Math.max(t.travel, Math.hypot(c.x - t.x0, c.y - t.y0));
          t.x = c.x;
          t.y = c.y;
          t.seenAt = at;
        } else if (this.#contacts.size < MAX_CONTACTS) {
          this.#contacts.set(c.id, { downAt: at, seenAt: at, x0: c.x, y0: c.y, x: c.x, y: c.y, travel: 0 });
          out.push({ kind: 'down', id: c.id, x: c.x, y: c.y, at });
        }
      } else if (t) {
        this.#contacts.delete(c.id);
        out.push(this.#up(c.id, t, at, false));
      }
    }
    return out;
  }

  /** Lifts contacts whose reports stopped. */
  tick(at: number): TouchEvent[] {
    const out: TouchEvent[] = [];
    for (const [id, t] of this.#contacts) {
      if (at - t.seenAt >= this.#staleMs) {
        this.#contacts.delete(id);
        out.push(this.#up(id, t, at, true));
      }
    }
    return out;
  }

  /** Everything lifted at once (the screen was unplugged). */
  clear(at: number): TouchEvent[] {
    const out = [...this.#contacts].map(([id, t]) => this.#up(id, t, at, true));
    this.#contacts.clear();
    return out;
  }

  #up(id: number, t: Tracked, at: number, lost: boolean): TouchEvent {
    const durationMs = at - t.downAt;
    const tap = !lost && durationMs <= this.options.maxTapMs && t.travel <= this.#maxTravel;
    return { kind: 'up', id, x: t.x, y: t.y, at, durationMs, tap, lost };
  }
}
