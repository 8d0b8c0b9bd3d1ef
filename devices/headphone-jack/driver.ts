import { EventEmitter } from 'node:events';
import { closeSync, constants, openSync, read } from 'node:fs';
import type { DeviceStatus, DeviceSummary, ErrorAction } from '../../core/device-status.ts';
import { describeJackError, jackOpenError } from './errors.ts';
import { InputEventDecoder } from './evdev-codec.ts';
import { EV_SW, EV_SYN, INPUT_EVENT_BYTES, SW_HEADPHONE_INSERT, SYN_DROPPED, SYN_REPORT } from './protocol.ts';
import type { EvdevFrameError, HeadphoneJackEvents, JackState } from './types.ts';

export interface HeadphoneJackDriverOptions {
  /** The device node to read; a function so a lookup can run again after the card comes back. Null: none found. */
  path: (() => string | null) | null;
  mode: string;
  reopenMs: number;
  now?: () => number;
}

/** How often a device node with nothing to read is asked again. */
const IDLE_POLL_MS = 40;

/**
 * The headphone jack: reads the sound card's input device (evdev) and follows SW_HEADPHONE_INSERT.
 * Switch changes take effect at the kernel's SYN_REPORT, as evdev clients must read them; after a
 * SYN_DROPPED the pending changes are thrown away. The device going away makes the jack `noDevice`
 * and it is opened again every `reopenMs`.
 */
export class HeadphoneJackDriver extends EventEmitter<HeadphoneJackEvents> {
  readonly #o: HeadphoneJackDriverOptions;
  readonly #now: () => number;
  #status: DeviceStatus;
  #state: JackState = 'unknown';
  /** The open device node, read without blocking (a blocked read would hold a worker thread, and the process, forever). */
  #fd: number | null = null;
  #reading = false;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  #badFrames = 0;
  #changes = 0;

  constructor(options: HeadphoneJackDriverOptions) {
    super();
    this.#o = options;
    this.#now = options.now ?? Date.now;
    this.#status = options.path
      ? { device: 'starting', reasons: [], since: this.#iso() }
      : { device: 'noDevice', reasons: ['disabled'], detail: 'headphone jack mode is "none"', since: this.#iso() };
  }

  get status(): DeviceStatus {
    return this.#status;
  }

  /** Plugged, unplugged, or unknown until the first switch event since the device was opened. */
  get state(): JackState {
    return this.#state;
  }

  get badFrames(): number {
    return this.#badFrames;
  }

  /** Jack changes seen since start (for the self-test). */
  get changes(): number {
    return this.#changes;
  }

  summary(): DeviceSummary {
    return { id: 'headphoneJack', mode: this.#o.mode, status: this.#status };
  }

  start(): void {
    if (this.#closed || !this.#o.path || this.#fd !== null) return;
    this.#open();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#release();
  }

  /** Closes the node now, or when the read in flight returns (its descriptor must not be reused under it). */
  #release(): void {
    const fd = this.#fd;
    this.#fd = null;
    if (fd !== null && !this.#reading) closeSync(fd);
    else if (fd !== null) this.#closeAfterRead = fd;
  }

  #closeAfterRead: number | null = null;

  #open(): void {
    const path = this.#o.path?.() ?? null;
    if (!path) {
      this.#setStatus('noDevice', ['not-connected'], 'no input device for the headphone jack was found');
      this.#retry();
      return;
    }
    const decoder = new InputEventDecoder();
    let pending: boolean | null = null;
    let dropping = false;
    const lost = (detail: string, action?: ErrorAction, reason = 'disconnected') => {
      this.#release();
      const left = decoder.end();
      if (left) this.#bad(left);
      // Unknown, not "unplugged": guidance keeps what the citizen chose until the jack speaks again.
      this.#state = 'unknown';
      this.#setStatus('noDevice', [reason], detail, action);
      this.#retry();
    };
    const failed = (e: NodeJS.ErrnoException) => {
      const typed = jackOpenError(path, e);
      lost(describeJackError(typed), typed.code === 'permissionDenied' ? 'maintenance' : undefined, typed.code === 'permissionDenied' ? 'permission-denied' : typed.code === 'notFound' ? 'not-connected' : 'disconnected');
    };
    let fd: number;
    try {
      // Non-blocking: opening a FIFO with no writer, or reading a node with no event, returns at once.
      fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    } catch (e) {
      failed(e as NodeJS.ErrnoException);
      return;
    }
    this.#fd = fd;
    const chunk = Buffer.alloc(INPUT_EVENT_BYTES * 64);
    const take = (bytes: Buffer) => {
      for (const r of decoder.push(bytes)) {
        if (!r.ok) {
          this.#bad(r.error);
          continue;
        }
        const e = r.value;
        if (e.type === EV_SYN && e.code === SYN_DROPPED) {
          dropping = true;
          pending = null;
          this.#bad({ code: 'dropped', detail: 'the kernel dropped events (SYN_DROPPED); waiting for the next report' });
        } else if (e.type === EV_SYN && e.code === SYN_REPORT) {
          if (!dropping && pending !== null) this.#apply(pending);
          dropping = false;
          pending = null;
        } else if (e.type === EV_SW && e.code === SW_HEADPHONE_INSERT && !dropping) {
          pending = e.value === 1;
        }
      }
    };
    const next = () => {
      if (this.#fd !== fd) return;
      this.#reading = true;
      read(fd, chunk, 0, chunk.length, null, (e, n) => {
        this.#reading = false;
        if (this.#closeAfterRead === fd) {
          this.#closeAfterRead = null;
          closeSync(fd);
          return;
        }
        if (this.#fd !== fd) return;
        const idle = e !== null && (e.code === 'EAGAIN' || e.code === 'EWOULDBLOCK');
        if (e && !idle) return failed(e);
        // End of file: the FIFO's writer went, or never came (the simulated card is not there).
        if (!idle && n === 0) return lost(`${path} closed`);
        // Readable, with or without news: the device is there.
        this.#setStatus('online', [], `input events from ${path}`);
        if (idle) {
          this.#timer = setTimeout(next, IDLE_POLL_MS);
          return;
        }
        take(Buffer.from(chunk.subarray(0, n)));
        next();
      });
    };
    next();
  }

  #apply(plugged: boolean): void {
    const next: JackState = plugged ? 'plugged' : 'unplugged';
    if (next === this.#state) return;
    this.#state = next;
    this.#changes++;
    this.emit('jack', { plugged, at: this.#now() });
  }

  #bad(e: EvdevFrameError): void {
    this.#badFrames++;
    this.emit('badFrame', e);
  }

  #retry(): void {
    if (this.#closed) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#open(), this.#o.reopenMs);
  }

  #setStatus(device: DeviceStatus['device'], reasons: string[], detail?: string, action?: ErrorAction): void {
    const s = this.#status;
    if (s.device === device && s.reasons.join() === reasons.join() && s.detail === detail) return;
    this.#status = { device, reasons, ...(detail ? { detail } : {}), ...(action ? { action } : {}), since: this.#iso() };
    this.emit('status', this.#status);
  }

  #iso(): string {
    return new Date(this.#now()).toISOString();
  }
}
