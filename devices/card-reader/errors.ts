import { COMMON_KINDS, deviceError, type ErrorKind } from '../common/errors.ts';
import type { CardReaderError, CardReaderReason } from './types.ts';

const KIND: Record<CardReaderReason, ErrorKind> = {
  ...COMMON_KINDS,
  noCard: { completion: 'commandErrorCode' },
  cardRemoved: { completion: 'userError' },
  noSam: { completion: 'hardwareError', action: 'maintenance' },
  authFailed: { completion: 'commandErrorCode' },
  attemptsExhausted: { completion: 'commandErrorCode' },
  badCard: { completion: 'invalidData' },
  sensorError: { completion: 'hardwareError', action: 'maintenance' },
  unsupported: { completion: 'unsupportedCommand' },
};

export function readerError(reason: CardReaderReason, message: string): CardReaderError {
  const k = KIND[reason];
  return deviceError('cardReader', reason, k.completion, message, k.action);
}
