import type { DeviceId, DeviceStatus, DeviceSummary } from '../../../core/device-status.ts';
import type { Result } from '../../../core/result.ts';
import type { ConsumableId } from '../../store/consumables.ts';

/** One thing a self-test looked at, with what it found in words a technician reads. */
export interface SelfTestCheck {
  name: string;
  ok: boolean;
  detail: string;
}

/** A self-test always ends with a report; a device that did not answer fails its checks. */
export interface SelfTestReport {
  device: DeviceId;
  passed: boolean;
  checks: SelfTestCheck[];
  /** The device status right after the test. */
  status: DeviceStatus;
  durationMs: number;
}

export interface TestPrintDone {
  device: DeviceId;
  /** What came out, for the screen and the audit trail (job id, sheets, process id). */
  detail: string;
  /** What it used, so the counters stay right. */
  used: { consumable: ConsumableId; count: number }[];
}

/**
 * Why a test print did not come out.
 * - `not_ready`: the printer refused before anything was sent (paper out, jam, cover open…); `reasons` say which.
 * - `failed`: the printer took the job and did not finish it (aborted, canceled, paper ran out mid-way).
 * - `timeout`: the job did not finish in time (it was canceled).
 * - `unavailable`: the printer is not connected or did not answer.
 * - `render_failed`: the sample document could not be made.
 * - `canceled`: the technician left or the kiosk is stopping.
 */
export type TestPrintErrorCode = 'not_ready' | 'failed' | 'timeout' | 'unavailable' | 'render_failed' | 'canceled';

export interface TestPrintError {
  code: TestPrintErrorCode;
  message: string;
  reasons?: string[];
}

/** Technician-side counters kept per device (persisted; see MaintenanceDeviceLog). */
export type DeviceDetails = Record<string, string | number | boolean | null>;

/**
 * What maintenance needs of a device: its summary and status changes, device-specific facts
 * (toner, trays, firmware, paper left), a self-test that asks the device itself, and for printers a
 * test print. Adapters over each driver live beside this file.
 */
export interface MaintenanceDevice {
  readonly id: DeviceId;
  summary(): DeviceSummary;
  onStatus(listener: (status: DeviceStatus) => void): () => void;
  details(): DeviceDetails;
  selfTest(signal: AbortSignal): Promise<SelfTestReport>;
  /** Printers only. */
  testPrint?(signal: AbortSignal): Promise<Result<TestPrintDone, TestPrintError>>;
}

/** Runs checks in order, timing the whole, and reads the status afterwards. */
export async function runChecks(
  id: DeviceId,
  status: () => DeviceStatus,
  steps: Array<() => Promise<SelfTestCheck> | SelfTestCheck>,
  signal: AbortSignal,
): Promise<SelfTestReport> {
  const t0 = performance.now();
  const checks: SelfTestCheck[] = [];
  for (const step of steps) {
    if (signal.aborted) {
      checks.push({ name: 'canceled', ok: false, detail: 'the self-test was stopped before it finished' });
      break;
    }
    try {
      checks.push(await step());
    } catch (e) {
      // A driver that throws is a defect, but a technician's self-test must still report, not crash.
      checks.push({ name: 'error', ok: false, detail: `unexpected error: ${(e as Error).message}` });
    }
  }
  return { device: id, passed: checks.length > 0 && checks.every((c) => c.ok), checks, status: status(), durationMs: Math.round(performance.now() - t0) };
}
