import { COMMON_KINDS, deviceError, type ErrorKind } from '../common/errors.ts';
import type { NutErrorCode } from './protocol.ts';
import type { UpsError, UpsReason } from './types.ts';

const KIND: Record<UpsReason, ErrorKind> = {
  ...COMMON_KINDS,
  unknownUps: { completion: 'invalidData', action: 'maintenance' },
  accessDenied: { completion: 'commandErrorCode', action: 'maintenance' },
  varNotSupported: { completion: 'unsupportedCommand' },
  driverNotConnected: { completion: 'hardwareError', action: 'maintenance' },
  dataStale: { completion: 'hardwareError', action: 'maintenance' },
  refused: { completion: 'commandErrorCode' },
};

export function upsError(reason: UpsReason, message: string, nutCode?: string): UpsError {
  const k = KIND[reason];
  const e = deviceError('ups', reason, k.completion, message, k.action);
  return nutCode === undefined ? e : { ...e, nutCode };
}

const BY_CODE: Partial<Record<NutErrorCode, UpsReason>> = {
  'UNKNOWN-UPS': 'unknownUps',
  'ACCESS-DENIED': 'accessDenied',
  'INVALID-PASSWORD': 'accessDenied',
  'INVALID-USERNAME': 'accessDenied',
  'USERNAME-REQUIRED': 'accessDenied',
  'PASSWORD-REQUIRED': 'accessDenied',
  'VAR-NOT-SUPPORTED': 'varNotSupported',
  'DRIVER-NOT-CONNECTED': 'driverNotConnected',
  'DATA-STALE': 'dataStale',
};

/** An `ERR CODE` answer as a typed error, saying which command upsd refused. */
export function fromNutError(code: string, command: string): UpsError {
  const reason = BY_CODE[code as NutErrorCode] ?? 'refused';
  return upsError(reason, `upsd answered ERR ${code.slice(0, 40)} to ${command}`, code.slice(0, 40));
}
