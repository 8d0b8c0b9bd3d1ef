import type { KeypadKey } from '../../devices/keypad/types.ts';
import type { AccessEvent } from '../server/ws/protocol.ts';
import type { SpeechConfig } from './config.ts';

export type GuidanceReason = 'off' | 'headphones' | 'help' | 'unplugged' | 'session-ended';

export interface GuidanceOptions {
  config: SpeechConfig;
  /** To the touch UI; false when none is connected. */
  send(event: AccessEvent): boolean;
  onChange?(on: boolean, reason: GuidanceReason): void;
}

/** Screens where nobody is being served: a session has ended when the screen comes back to one. */
const IDLE_SCREENS = new Set(['attract', 'out-of-service']);

/**
 * Whether the kiosk speaks, and how. Headphones in or the help key start guidance; headphones out
 * stop it (the session goes on, silently). Volume and speed keys change it for this session only;
 * a session's end puts them back, and ends guidance the help key started on the speaker.
 * Counts the sessions that used guidance: a number, nothing about who.
 */
export class Guidance {
  readonly #o: GuidanceOptions;
  #on = false;
  #reason: GuidanceReason = 'off';
  #headphones = false;
  #volumeStep: number;
  #rateIndex = 0;
  #inSession = false;
  #sessionCounted = false;
  #sessions = 0;

  constructor(options: GuidanceOptions) {
    this.#o = options;
    this.#volumeStep = this.#startStep();
  }

  get on(): boolean {
    return this.#on;
  }

  /** Sessions in which guidance was on at some point, since start. */
  get sessionsWithGuidance(): number {
    return this.#sessions;
  }

  state(): Extract<AccessEvent, { kind: 'guidance' }> {
    const c = this.#o.config;
    return { kind: 'guidance', on: this.#on && c.enabled, reason: this.#reason, volume: Math.round((this.#volumeStep / c.volumeSteps) * 100) / 100, rate: c.rates[this.#rateIndex] ?? c.rates[0]! };
  }

  /** The UI (re)connected: it learns where guidance stands. */
  resend(): void {
    this.#o.send(this.state());
  }

  jack(plugged: boolean): void {
    this.#headphones = plugged;
    if (plugged) this.#set(true, 'headphones');
    else if (this.#on) this.#set(false, 'unplugged');
  }

  key(k: KeypadKey): void {
    const c = this.#o.config;
    if (k.key === 'help' && !this.#on) this.#set(true, 'help');
    else if (k.key === 'volumeUp' || k.key === 'volumeDown') {
      this.#volumeStep = Math.max(1, Math.min(c.volumeSteps, this.#volumeStep + (k.key === 'volumeUp' ? 1 : -1)));
      this.#o.send(this.state());
    } else if (k.key === 'speed') {
      this.#rateIndex = (this.#rateIndex + 1) % c.rates.length;
      this.#o.send(this.state());
    }
    this.#o.send({ kind: 'key', key: k.key, ...(k.key === 'digit' ? { digit: k.digit } : {}) });
  }

  /** Every screen change of the citizen journey. */
  screen(screen: string): void {
    const idle = IDLE_SCREENS.has(screen);
    if (!idle && !this.#inSession) {
      this.#inSession = true;
      this.#sessionCounted = false;
    }
    if (this.#inSession && this.#on && !this.#sessionCounted) {
      this.#sessionCounted = true;
      this.#sessions++;
    }
    if (idle && this.#inSession) {
      this.#inSession = false;
      this.#volumeStep = this.#startStep();
      this.#rateIndex = 0;
      if (this.#on && !this.#headphones) this.#set(false, 'session-ended');
      else this.#o.send(this.state());
    }
  }

  #set(on: boolean, reason: GuidanceReason): void {
    const changed = on !== this.#on;
    this.#on = on;
    this.#reason = reason;
    if (on && this.#inSession && !this.#sessionCounted) {
      this.#sessionCounted = true;
      this.#sessions++;
    }
    this.#o.send(this.state());
    if (changed) this.#o.onChange?.(on, reason);
  }

  #startStep(): number {
    const c = this.#o.config;
    return Math.max(1, Math.round(c.startVolume * c.volumeSteps));
  }
}
