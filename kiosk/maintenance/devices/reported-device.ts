import type { DeviceId, DeviceStatus, DeviceSummary } from '../../../core/device-status.ts';
import { runChecks, type DeviceDetails, type MaintenanceDevice, type SelfTestReport } from './types.ts';

/**
 * A device known only from the device board's summary (its driver was wired without a maintenance
 * adapter). Its status is shown; its self-test can only read that status, and says so.
 */
export class ReportedDevice implements MaintenanceDevice {
  constructor(
    readonly id: DeviceId,
    private readonly read: () => DeviceSummary | undefined,
  ) {}

  summary(): DeviceSummary {
    return this.read() ?? { id: this.id, mode: 'unknown', status: { device: 'noDevice', reasons: ['not-wired'], since: new Date(0).toISOString() } };
  }

  onStatus(): () => void {
    // Summaries are polled; there is nothing to subscribe to.
    return () => {};
  }

  details(): DeviceDetails {
    return { source: 'device board summary only' };
  }

  selfTest(signal: AbortSignal): Promise<SelfTestReport> {
    return runChecks(
      this.id,
      (): DeviceStatus => this.summary().status,
      [
        () => {
          const s = this.summary().status;
          return { name: 'reported status', ok: s.device === 'online', detail: `${s.device}${s.reasons.length ? ` (${s.reasons.join(', ')})` : ''}; no driver is attached to maintenance for a deeper test` };
        },
      ],
      signal,
    );
  }
}
