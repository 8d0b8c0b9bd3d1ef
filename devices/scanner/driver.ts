import { EventEmitter } from 'node:events';
import { err, ok, type Result } from '../../core/result.ts';
import type { DeviceStatus, DeviceSummary } from '../../core/device-status.ts';
import type { HidWatch } from '../common/hid/hid-watch.ts';
import { parseReportDescriptor } from '../common/hid/report-descriptor.ts';
import type { HidConnection } from '../common/hid/types.ts';
import type { KeyboardLayoutName } from './keyboard-layout.ts';
import type { Terminator } from './keyboard-scan.ts';
import { resolveScanProtocol } from './protocol.ts';
import { RepeatFilter } from './repeat-filter.ts';
import { ScanParser } from './scan-parser.ts';
import type { Scan, ScanOutcome, ScanProtocol, ScannerCapabilities, ScannerEvents } from './types.ts';
import type { ScanError, ScanWaitError } from './errors.ts';

export interface ScannerSettings {
  protocol: ScanProtocol | 'auto';
  layout: KeyboardLayoutName;
  maxLength: number;
  terminator: Terminator;
  interKeyTimeoutMs: number;
  repeatWindowMs: number;
}

export interface ScannerDriverOptions {
  /** The HID interface being watched; null when the scanner is configured off (`mode: none`). */
  watch: HidWatch | null;
  /** `simulated`, `hid` or `none`, for summaries. */
  mode: string;
  settings: ScannerSettings;
  now?: () => number;
}

export type NextScanError = ScanWaitError | { code: 'rejected'; error: ScanError };

/**
 * The QR/barcode scanner: reads input reports from its HID interface, turns them into scans, drops
 * repeats, and tells the flows through events (`scan`, `scanRejected`) or a bounded `nextScan()`.
 */
export class ScannerDriver extends EventEmitter<ScannerEvents> {
  readonly #watch: HidWatch | null;
  readonly #settings: ScannerSettings;
  readonly #now: () => number;
  readonly #repeat: RepeatFilter;
  readonly #mode: string;
  #parser: ScanParser | null = null;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  readonly #disabledStatus: DeviceStatus;

  constructor(options: ScannerDriverOptions) {
    super();
    this.#watch = options.watch;
    this.#settings = options.settings;
    this.#now = options.now ?? Date.now;
    this.#mode = options.mode;
    this.#repeat = new RepeatFilter(options.settings.repeatWindowMs);
    this.#disabledStatus = { device: 'noDevice', reasons: ['disabled'], detail: 'scanner mode is "none"', since: new Date(this.#now()).toISOString() };
    const watch = this.#watch;
    if (watch) {
      watch.on('attached', (conn) => this.#attach(conn));
      watch.on('detached', () => this.#detach());
      watch.on('report', (report) => this.#handle(this.#parser?.push(report, this.#now()) ?? []));
      watch.on('status', (s) => this.emit('status', s));
    }
  }

  get capabilities(): ScannerCapabilities {
    return { protocols: this.#settings.protocol === 'auto' ? ['pos', 'keyboard'] : [this.#settings.protocol], maxLength: this.#settings.maxLength };
  }

  /** The protocol of the scanner now attached, or null. */
  get protocol(): ScanProtocol | null {
    return this.#parser?.protocol ?? null;
  }

  get status(): DeviceStatus {
    return this.#watch?.status ?? this.#disabledStatus;
  }

  summary(): DeviceSummary {
    return { id: 'scanner', mode: this.#mode, status: this.status };
  }

  start(): void {
    this.#watch?.start();
  }

  /**
   * Waits for the next accepted scan (repeats are skipped) or the next rejected one, bounded by
   * `timeoutMs` and `signal`. Scans that arrive while nobody waits still go out as `scan` events.
   */
  nextScan(options: { signal: AbortSignal; timeoutMs: number }): Promise<Result<Scan, NextScanError>> {
    const { signal, timeoutMs } = options;
    if (this.#closed) return Promise.resolve(err({ code: 'closed' }));
    if (signal.aborted) return Promise.resolve(err({ code: 'canceled' }));
    return new Promise((resolve) => {
      const done = (r: Result<Scan, NextScanError>) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.off('scan', onScan);
        this.off('scanRejected', onRejected);
        this.off('closed', onClosed);
        resolve(r);
      };
      const onScan = (s: Scan) => done(ok(s));
      const onRejected = (e: ScanError) => done(err({ code: 'rejected', error: e }));
      const onAbort = () => done(err({ code: 'canceled' }));
      const onClosed = () => done(err({ code: 'closed' }));
      // An infinite timeout waits for the signal alone (the journey bounds its waits itself).
      const timer = Number.isFinite(timeoutMs) ? setTimeout(() => done(err({ code: 'timeOut', timeoutMs })), timeoutMs) : undefined;
      signal.addEventListener('abort', onAbort, { once: true });
      this.on('scan', onScan);
      this.on('scanRejected', onRejected);
      this.on('closed', onClosed);
    });
  }

  /** Lets the same QR count again at once (a new session may need the QR the last one scanned). */
  forgetLastScan(): void {
    this.#repeat.clear();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#timer);
    this.emit('closed');
    await this.#watch?.close();
  }

  #attach(conn: HidConnection): void {
    const parsed = conn.reportDescriptor ? parseReportDescriptor(conn.reportDescriptor) : null;
    const descriptor = parsed?.ok ? parsed.value : null;
    const resolved = resolveScanProtocol(this.#settings.protocol, conn.device, descriptor);
    this.#parser = new ScanParser({ ...this.#settings, ...resolved });
  }

  #detach(): void {
    const parser = this.#parser;
    this.#parser = null;
    clearTimeout(this.#timer);
    if (!parser) return;
    // A scan cut off by the unplug is rejected as incomplete, not lost silently.
    const deadline = parser.deadline();
    if (deadline !== null) this.#handle(parser.tick(Math.max(deadline, this.#now())));
  }

  #handle(outcomes: ScanOutcome[]): void {
    for (const o of outcomes) {
      if (o.kind === 'rejected') {
        this.emit('scanRejected', o.error);
      } else if (this.#repeat.isRepeat(o.scan.text, o.scan.at)) {
        this.emit('scanRepeated', { protocol: o.scan.protocol, at: o.scan.at, length: o.scan.text.length });
      } else {
        this.emit('scan', o.scan);
      }
    }
    this.#schedule();
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const deadline = this.#parser?.deadline();
    if (deadline === null || deadline === undefined || this.#closed) return;
    this.#timer = setTimeout(() => {
      const parser = this.#parser;
      if (parser) this.#handle(parser.tick(Math.max(this.#now(), deadline)));
    }, Math.max(0, deadline - this.#now()));
  }
}
