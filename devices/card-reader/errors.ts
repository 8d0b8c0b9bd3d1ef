import type { CompletionCode } from '../common/completion.ts';
import { deviceError } from '../common/errors.ts';
import type { ErrorAction } from '../../core/device-status.ts';
import type { CardReaderError, CardReaderReason } from './types.ts';

const KIND: Record<CardReaderReason, { completion: CompletionCode; action?: ErrorAction }> = {
  disconnected: { completion: 'deviceNotReady' },
  timeout: { completion: 'timeOut' },
  canceled: { completion: 'canceled' },
  protocol: { completion: 'hardwareError', action: 'reset' },
  busy: { completion: 'sequenceError' },
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
