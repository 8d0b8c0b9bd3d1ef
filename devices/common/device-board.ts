import type { DeviceSummary } from '../../core/device-status.ts';

/** Device summaries for health, maintenance and the fleet; each device area adds its own source. */
export class DeviceBoard {
  readonly #sources: Array<() => DeviceSummary> = [];

  add(source: () => DeviceSummary): void {
    this.#sources.push(source);
  }

  summaries(): DeviceSummary[] {
    return this.#sources.map((s) => s());
  }
}
