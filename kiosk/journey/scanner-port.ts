import { err, ok, type Result } from '../../core/result.ts';
import type { ScannerDriver } from '../../devices/scanner/driver.ts';
import type { ScanFailure, ScannerPort } from '../../flows/ports.ts';

/**
 * The next accepted scan as text, for the journey's `ScannerPort.next`. Rejected scans (cut off,
 * garbage) and repeats are skipped, as a citizen simply scans again; it fails only when the scanner
 * is not there or goes away while waiting. Bounded by the caller's signal (the journey's own timers).
 */
export async function nextScanText(driver: ScannerDriver, op: { signal: AbortSignal }): Promise<Result<string, ScanFailure>> {
  const notReady = () => err<ScanFailure>({ code: 'scanner_fault', detail: `scanner ${driver.status.device}: ${driver.status.reasons.join(', ') || 'no reason given'}` });
  if (driver.status.device !== 'online' && driver.status.device !== 'starting') return notReady();
  const gone = new AbortController();
  const onStatus = () => {
    if (driver.status.device !== 'online' && driver.status.device !== 'starting') gone.abort();
  };
  driver.on('status', onStatus);
  const signal = AbortSignal.any([op.signal, gone.signal]);
  try {
    for (;;) {
      const r = await driver.nextScan({ signal, timeoutMs: Number.POSITIVE_INFINITY });
      if (r.ok) return ok(r.value.text);
      if (r.error.code === 'rejected') continue;
      if (gone.signal.aborted || r.error.code === 'closed') return notReady();
      return err({ code: 'scanner_fault', detail: r.error.code });
    }
  } finally {
    driver.off('status', onStatus);
  }
}

/** The journey's ScannerPort over the scanner: a fresh purpose forgets the last scan, so the same QR counts again. */
export function scannerPort(driver: ScannerDriver): ScannerPort {
  return {
    next: (op) => {
      if (op.fresh) driver.forgetLastScan();
      return nextScanText(driver, op);
    },
  };
}
