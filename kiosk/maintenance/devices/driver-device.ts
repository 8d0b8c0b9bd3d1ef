import type { DeviceId, DeviceStatus, DeviceSummary } from '../../../core/device-status.ts';
import { runChecks, type DeviceDetails, type MaintenanceDevice, type SelfTestCheck, type SelfTestReport } from './types.ts';

type SelfTestStep = () => Promise<SelfTestCheck> | SelfTestCheck;

/** What maintenance reads from a driver: its summary now, and its status as it changes. */
export interface StatusReporter {
  summary(): DeviceSummary;
  on(event: 'status', listener: (status: DeviceStatus) => void): unknown;
  off(event: 'status', listener: (status: DeviceStatus) => void): unknown;
}

/** A maintenance adapter whose summary and status changes come straight from its driver. */
export abstract class DriverDevice implements MaintenanceDevice {
  abstract readonly id: DeviceId;

  constructor(private readonly reporter: StatusReporter) {}

  summary(): DeviceSummary {
    return this.reporter.summary();
  }

  onStatus(listener: (status: DeviceStatus) => void): () => void {
    this.reporter.on('status', listener);
    return () => this.reporter.off('status', listener);
  }

  abstract details(): DeviceDetails;
  abstract selfTest(signal: AbortSignal): Promise<SelfTestReport>;

  /** A self-test of a device that reports itself: connected first (`what` names it), then `checks` in order. */
  protected reportedSelfTest(signal: AbortSignal, what: string, status: () => DeviceStatus, checks: SelfTestStep[]): Promise<SelfTestReport> {
    return runChecks(this.id, status, [() => connectedCheck(status(), what), ...checks], signal);
  }
}

/** The first check of a device that reports itself: online, or what its status says instead. */
export function connectedCheck(status: DeviceStatus, what: string): SelfTestCheck {
  const ok = status.device === 'online';
  return { name: 'connected', ok, detail: ok ? `${what} attached and reporting` : `${status.device}${status.reasons.length ? ` (${status.reasons.join(', ')})` : ''}${status.detail ? `: ${status.detail}` : ''}` };
}
