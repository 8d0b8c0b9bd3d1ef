import type { CommonReason, DeviceError } from '../common/errors.ts';
import type { DeviceStatus } from '../../core/device-status.ts';
import type { PowerReading } from './protocol.ts';

export type { PowerReading };

/**
 * Why talking to upsd failed. `unknownUps`, `accessDenied`, `driverNotConnected` and `dataStale`
 * come from upsd's ERR answers; `refused` is any other ERR; `protocol` is an answer that is not
 * NUT's protocol at all.
 */
export type UpsReason =
  | CommonReason
  | 'unknownUps'
  | 'accessDenied'
  | 'varNotSupported'
  | 'driverNotConnected'
  | 'dataStale'
  | 'refused';

export type UpsError = DeviceError<UpsReason> & {
  /** The ERR code upsd sent, when it sent one. */
  readonly nutCode?: string;
};

/** What the UPS is, from its variables at connect time. */
export interface UpsInfo {
  name: string;
  manufacturer: string | null;
  model: string | null;
  driver: string | null;
}

export interface UpsEvents {
  status: [status: DeviceStatus];
  /** A fresh reading from upsd, after every successful poll. */
  reading: [reading: PowerReading];
  /** upsd could not give a reading (link down, stale data, driver gone): a device fault, not a power event. */
  readingLost: [error: UpsError];
}
