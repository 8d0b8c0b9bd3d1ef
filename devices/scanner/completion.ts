import type { CompletionCode } from '../common/completion.ts';
import type { NextScanError } from './driver.ts';

/** The XFS4IoT completion class of a wait that ended without a scan, for flows that react by kind. */
export function completionOf(e: NextScanError): CompletionCode {
  switch (e.code) {
    case 'timeOut':
      return 'timeOut';
    case 'canceled':
      return 'canceled';
    case 'closed':
      return 'deviceNotReady';
    case 'rejected':
      // Bad input from the outside world (a damaged or foreign code), not a device fault.
      return e.error.code === 'malformedReport' ? 'hardwareError' : 'invalidData';
  }
}
