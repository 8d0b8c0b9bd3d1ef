import { createActor, type Actor } from 'xstate';
import type { FlowClock } from './clock.ts';
import { displayAfter, PLAIN_DISPLAY, withSetting, type Display } from './display.ts';
import type { Intent } from './intents.ts';
import type { JourneyPorts } from './ports.ts';
import type { JourneySettings } from './settings.ts';
import type { Language, SessionEmitted } from './session/context.ts';
import { createSessionMachine, type SessionMachine } from './session/session-machine.ts';
import { isWarned, screenOf, viewOf, type Screen, type SessionSnapshot, type View } from './view.ts';

/** Crashes within this window that make the host stop restarting the session. */
const CRASH_WINDOW_MS = 60_000;
const MAX_CRASHES = 5;

export interface JourneyHostOptions {
  ports: JourneyPorts;
  settings: JourneySettings;
  clock: FlowClock;
  language: Language;
  /** What the session reports (sign-in, outcome, end) for logging and privacy bookkeeping. */
  onEmitted?: (event: SessionEmitted) => void;
  /** A defect inside the machines; the host has already started a fresh session. */
  onCrash?: (error: unknown) => void;
}

export interface ViewUpdate {
  seq: number;
  view: View;
  /** `view` serialised once, for every socket that sends it. */
  json: string;
}

/**
 * Runs the session actor for the kiosk's lifetime and turns its snapshots into views. Only view
 * changes are published (a restarted idle timer is not one), each with a rising sequence number.
 */
export class JourneyHost {
  readonly #options: JourneyHostOptions;
  readonly #machine: SessionMachine;
  readonly #listeners = new Set<(update: ViewUpdate) => void>();
  #actor!: Actor<SessionMachine>;
  #current!: ViewUpdate;
  #seq = 0;
  #warnedAt: number | null = null;
  #stopped = false;
  #crashTimes: number[] = [];
  #gaveUp = false;
  /** The citizen's display choices; they live as long as the session's data (flows/display.ts). */
  #display: Display = PLAIN_DISPLAY;
  #screen: Screen | null = null;

  constructor(options: JourneyHostOptions) {
    this.#options = options;
    this.#machine = createSessionMachine(options.ports, options.settings);
    this.#start();
  }

  #start(): void {
    const actor = createActor(this.#machine, {
      clock: this.#options.clock,
      input: { kiosk: this.#options.ports.kiosk.status(), language: this.#options.language },
    });
    this.#actor = actor;
    this.#display = PLAIN_DISPLAY;
    this.#screen = null;
    for (const type of ['journey.started', 'journey.signedIn', 'journey.signInFailed', 'journey.printOutcome', 'journey.ended'] as const) {
      actor.on(type, (e) => this.#options.onEmitted?.(e));
    }
    actor.subscribe({
      next: (snapshot) => this.#publish(snapshot),
      error: (error) => {
        if (this.#stopped || actor !== this.#actor) return;
        this.#options.onCrash?.(error);
        // A defect must not strand the kiosk: start over at the attract screen, unless it keeps
        // crashing at once (a broken adapter), which only a restart of the runtime can mend.
        const now = this.#options.clock.now();
        this.#crashTimes = [...this.#crashTimes.filter((t) => now - t < CRASH_WINDOW_MS), now];
        if (this.#crashTimes.length >= MAX_CRASHES) {
          this.#gaveUp = true;
          return;
        }
        this.#start();
      },
    });
    actor.start();
    this.#publish(actor.getSnapshot());
  }

  #publish(snapshot: SessionSnapshot): void {
    if (snapshot.status !== 'active') return;
    const warned = isWarned(snapshot);
    if (warned && this.#warnedAt === null) this.#warnedAt = this.#options.clock.now();
    if (!warned) this.#warnedAt = null;
    const grace = this.#options.settings.inactivityTimeoutMs - this.#options.settings.inactivityWarningMs;
    const idleMsLeft = this.#warnedAt === null ? null : grace - (this.#options.clock.now() - this.#warnedAt);
    const screen = screenOf(snapshot);
    this.#display = displayAfter(this.#display, this.#screen, screen);
    this.#screen = screen;
    const view = viewOf(snapshot, { idleMsLeft }, this.#display);
    const json = JSON.stringify(view);
    if (this.#current?.json === json) return;
    this.#current = { seq: ++this.#seq, view, json };
    for (const l of this.#listeners) l(this.#current);
  }

  /** True once the session crashed too often to restart; the runtime's health should say so. */
  get crashed(): boolean {
    return this.#gaveUp;
  }

  /** The view now; a reloaded UI starts from it. */
  current(): ViewUpdate {
    return this.#current;
  }

  snapshot(): SessionSnapshot {
    return this.#actor.getSnapshot();
  }

  send(intent: Intent): void {
    this.dispatch(intent);
  }

  /** Sends an intent; true when the session had a transition for it in the state it was in. */
  dispatch(intent: Intent): boolean {
    if (this.#stopped) return false;
    if (intent.type === 'display') return this.#setDisplay(intent.setting, intent.on);
    let accepted = false;
    try {
      accepted = this.#actor.getSnapshot().can(intent);
    } catch {
      // A guard that throws is a defect the session itself meets on `send` (the actor crashes and restarts).
    }
    this.#actor.send(intent);
    return accepted;
  }

  /** A display choice is kept here, not in the session; making one is also a touch that keeps the session alive. */
  #setDisplay(setting: Extract<Intent, { type: 'display' }>['setting'], on: boolean): boolean {
    this.#display = withSetting(this.#display, setting, on);
    const snapshot = this.#actor.getSnapshot();
    if (snapshot.can({ type: 'activity' })) this.#actor.send({ type: 'activity' });
    else this.#publish(snapshot);
    return true;
  }

  subscribe(listener: (update: ViewUpdate) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** True while a document is between claim and receipt: shutdown waits for it. */
  printing(): boolean {
    return this.#actor.getSnapshot().matches('printing');
  }

  stop(): void {
    this.#stopped = true;
    this.#listeners.clear();
    this.#actor.stop();
  }
}
