import { EventEmitter } from 'node:events';
import { createReadStream, type ReadStream } from 'node:fs';
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
  #stream: ReadStream | null = null;
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
    if (this.#closed || !this.#o.path || this.#stream) return;
    this.#open();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#timer);
    const s = this.#stream;
    this.#stream = null;
    s?.destroy();
  }

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
    const stream = createReadStream(path, { highWaterMark: INPUT_EVENT_BYTES * 64 });
    this.#stream = stream;
    stream.on('open', () => this.#setStatus('online', [], `input events from ${path}`));
    stream.on('data', (chunk) => {
      for (const r of decoder.push(chunk as Buffer)) {
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
    });
    const lost = (detail: string, action?: ErrorAction, reason = 'disconnected') => {
      if (this.#stream !== stream) return;
      this.#stream = null;
      const left = decoder.end();
      if (left) this.#bad(left);
      // Unknown, not "unplugged": guidance keeps what the citizen chose until the jack speaks again.
      this.#state = 'unknown';
      this.#setStatus('noDevice', [reason], detail, action);
      this.#retry();
    };
    stream.on('error', (e: NodeJS.ErrnoException) => {
      const typed = jackOpenError(path, e);
      lost(describeJackError(typed), typed.code === 'permissionDenied' ? 'maintenance' : undefined, typed.code === 'permissionDenied' ? 'permission-denied' : typed.code === 'notFound' ? 'not-connected' : 'disconnected');
    });
    stream.on('end', () => lost(`${path} closed`));
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
