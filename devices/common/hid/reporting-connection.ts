import { Listeners } from '../listeners.ts';
import type { ConnectionLostListener, HidConnection, HidDeviceInfo, ReportListener } from './types.ts';

/** What every open HID device does the same way, whatever the bus: report and loss listeners, lost at most once. */
export abstract class ReportingConnection implements HidConnection {
  abstract readonly device: HidDeviceInfo;
  abstract readonly reportDescriptor: Uint8Array | null;
  readonly #reports = new Listeners<Parameters<ReportListener>>();
  readonly #lost = new Listeners<Parameters<ConnectionLostListener>>();
  protected closed = false;

  onReport(listener: ReportListener): () => void {
    return this.#reports.add(listener);
  }

  onLost(listener: ConnectionLostListener): () => void {
    return this.#lost.add(listener);
  }

  abstract close(): Promise<void>;

  protected report(report: Uint8Array): void {
    this.#reports.emit(report);
  }

  /** Closes and tells the listeners why; false (and nothing said) when it was closed already. */
  protected lose(detail: string): boolean {
    if (this.closed) return false;
    this.closed = true;
    this.#lost.emit(detail);
    return true;
  }
}
