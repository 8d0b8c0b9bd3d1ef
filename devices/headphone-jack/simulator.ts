import { execFileSync } from 'node:child_process';
import { closeSync, constants, existsSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { err, ok, type Result } from '../../core/result.ts';
import { encodeInputEvent, timeval } from './evdev-codec.ts';
import { EV_SW, EV_SYN, SW_HEADPHONE_INSERT, SW_JACK_PHYSICAL_INSERT, SYN_REPORT } from './protocol.ts';

export type JackSimulatorError = { code: 'disconnected' };

export interface HeadphoneJackSimulatorOptions {
  /** Directory for the FIFO; a private temporary one when not given. */
  dir?: string;
  now?: () => number;
}

/**
 * The sound card's side of the jack: a FIFO standing in for /dev/input/eventN, to which it writes
 * the same 24-byte `struct input_event` records the kernel's HDA jack code emits (SW_HEADPHONE_INSERT
 * and SW_JACK_PHYSICAL_INSERT, then SYN_REPORT). The driver opens the FIFO as it opens the device
 * node. `disconnect()` closes the writing end: the driver reads end-of-file, as when a USB card goes.
 */
export class HeadphoneJackSimulator {
  readonly path: string;
  readonly #ownDir: string | null;
  readonly #now: () => number;
  #fd: number | null = null;
  #plugged = false;

  constructor(options: HeadphoneJackSimulatorOptions = {}) {
    this.#ownDir = options.dir ? null : mkdtempSync(join(tmpdir(), 'adm-jack-'));
    this.path = join(options.dir ?? this.#ownDir!, 'headphone-jack-event');
    this.#now = options.now ?? Date.now;
    if (!existsSync(this.path)) execFileSync('mkfifo', ['-m', '600', this.path]);
    this.connect();
  }

  get plugged(): boolean {
    return this.#plugged;
  }

  get connected(): boolean {
    return this.#fd !== null;
  }

  /** The card is there: opens the FIFO read-write, which on Linux never waits for the reader. */
  connect(): void {
    if (this.#fd !== null) return;
    this.#fd = openSync(this.path, constants.O_RDWR | constants.O_NONBLOCK);
  }

  /** The card went away: the driver sees end-of-file. */
  disconnect(): void {
    if (this.#fd === null) return;
    closeSync(this.#fd);
    this.#fd = null;
  }

  /** Headphones in (true) or out (false). */
  setPlugged(plugged: boolean): Result<void, JackSimulatorError> {
    const t = timeval(this.#now());
    const r = this.sendRaw(
      Buffer.concat([
        encodeInputEvent({ ...t, type: EV_SW, code: SW_HEADPHONE_INSERT, value: plugged ? 1 : 0 }),
        encodeInputEvent({ ...t, type: EV_SW, code: SW_JACK_PHYSICAL_INSERT, value: plugged ? 1 : 0 }),
        encodeInputEvent({ ...t, type: EV_SYN, code: SYN_REPORT, value: 0 }),
      ]),
    );
    if (r.ok) this.#plugged = plugged;
    return r;
  }

  /** Writes bytes as they are (broken records, SYN_DROPPED, half a record). */
  sendRaw(bytes: Buffer): Result<void, JackSimulatorError> {
    if (this.#fd === null) return err({ code: 'disconnected' });
    writeSync(this.#fd, bytes);
    return ok(undefined);
  }

  stop(): void {
    this.disconnect();
    // A reader still waiting in open(2) is let go by a writer that comes and goes.
    try {
      closeSync(openSync(this.path, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // Nobody is reading (ENXIO): nothing to let go.
    }
    if (this.#ownDir) rmSync(this.#ownDir, { recursive: true, force: true });
  }
}
