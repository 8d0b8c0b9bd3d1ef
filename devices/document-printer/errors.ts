import type { CompletionCode } from '../common/completion.ts';
import type { PrinterStatus } from './types.ts';

/**
 * Known failures of a printer operation.
 * - `unreachable`: connection refused or reset, DNS failure: the printer is off or unplugged.
 * - `timeout`: the printer took longer than the call's timeout (hung, or a stopped process).
 * - `canceled`: the caller's AbortSignal fired.
 * - `busy`: a job is already running on this printer (ours, or `server-error-busy`).
 * - `not_ready`: the printer cannot print now (paper out, jam, cover open, stopped); `status` says why.
 * - `rejected`: the printer refused the request (`client-error-*`), e.g. unsupported media.
 * - `not_found`: the job is unknown to the printer (history lost, or another printer).
 * - `bad_response`: the answer was not IPP, too large, or a server error.
 */
export type PrinterErrorCode = 'unreachable' | 'timeout' | 'canceled' | 'busy' | 'not_ready' | 'rejected' | 'not_found' | 'bad_response';

export interface PrinterError {
  code: PrinterErrorCode;
  /** For logs and technicians; never personal data. */
  message: string;
  /** The IPP status-code name when the printer answered one, e.g. `server-error-busy`. */
  ippStatus?: string;
  status?: PrinterStatus;
  /**
   * Set by `submit` when Print-Job went out but its answer was lost (timeout, reset, garbled): the
   * printer may hold the job. Look for it with `findJobs(name)` before deciding it was not printed.
   */
  maybeAccepted?: true;
  /** Set by `watch` when its deadline passed while the printer still reported the job running. */
  stillRunning?: true;
}

/** The XFS4IoT completion code of each failure whose class does not depend on the printer's status. */
const COMPLETION: Record<Exclude<PrinterError['code'], 'not_ready'>, CompletionCode> = {
  timeout: 'timeOut',
  canceled: 'canceled',
  busy: 'sequenceError',
  unreachable: 'deviceNotReady',
  rejected: 'invalidData',
  not_found: 'invalidData',
  bad_response: 'hardwareError',
};

/** The XFS4IoT completion code of a printer failure, for flows that react by kind across devices. */
export function printerCompletion(e: PrinterError): CompletionCode {
  // Paper out, jam, cover open: a person must act; a stopped printer is a hardware matter.
  if (e.code === 'not_ready') return e.status?.device === 'hardwareError' ? 'hardwareError' : e.status ? 'userError' : 'deviceNotReady';
  return COMPLETION[e.code];
}
