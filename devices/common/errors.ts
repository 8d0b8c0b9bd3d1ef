import type { CompletionCode } from './completion.ts';
import type { DeviceId, ErrorAction } from '../../core/device-status.ts';

/**
 * A known device failure, returned in a `Result`, never thrown. `reason` is the device class's own
 * specific code (e.g. `cardRemoved`, `paperOut`); `completion` is the XFS4IoT class it falls in.
 * `message` is for technicians and logs: it never holds personal data.
 */
export interface DeviceError<R extends string = string> {
  readonly device: DeviceId;
  readonly completion: CompletionCode;
  readonly reason: R;
  readonly message: string;
  /** What a technician must do, when a person has to act. */
  readonly action?: ErrorAction;
}

/** Reasons every device class shares. */
export type CommonReason = 'disconnected' | 'timeout' | 'canceled' | 'protocol' | 'busy';

/** Which XFS4IoT class a reason falls in, and what a technician must do about it, if anything. */
export interface ErrorKind {
  readonly completion: CompletionCode;
  readonly action?: ErrorAction;
}

/** The kinds of the shared reasons; each class's own table starts from these. */
export const COMMON_KINDS: Readonly<Record<CommonReason, ErrorKind>> = {
  disconnected: { completion: 'deviceNotReady' },
  timeout: { completion: 'timeOut' },
  canceled: { completion: 'canceled' },
  protocol: { completion: 'hardwareError', action: 'reset' },
  busy: { completion: 'sequenceError' },
};

export function deviceError<R extends string>(
  device: DeviceId,
  reason: R,
  completion: CompletionCode,
  message: string,
  action?: ErrorAction,
): DeviceError<R> {
  return action === undefined ? { device, reason, completion, message } : { device, reason, completion, message, action };
}

/** Why opening a byte channel (a serial port, a pty, an in-memory cable) failed. */
export interface ChannelError {
  readonly reason: 'notFound' | 'permission' | 'busy' | 'openFailed' | 'canceled';
  readonly message: string;
}
