import type { CompletionCode } from '../common/completion.ts';
import type { ErrorAction } from '../../core/device-status.ts';
import type { ReceiptPrinterError, ReceiptPrinterReason } from './types.ts';

const KIND: Record<ReceiptPrinterReason, { completion: CompletionCode; action?: ErrorAction }> = {
  disconnected: { completion: 'deviceNotReady' },
  timeout: { completion: 'timeOut' },
  canceled: { completion: 'canceled' },
  protocol: { completion: 'hardwareError', action: 'reset' },
  busy: { completion: 'sequenceError' },
  paperOut: { completion: 'deviceNotReady', action: 'clear' },
  coverOpen: { completion: 'userError', action: 'clear' },
  cutterError: { completion: 'hardwareError', action: 'clear' },
  printerFault: { completion: 'hardwareError', action: 'maintenance' },
  badLayout: { completion: 'invalidData' },
};

export function printerError(reason: ReceiptPrinterReason, message: string, stage: 'beforeJob' | 'duringJob' = 'beforeJob'): ReceiptPrinterError {
  const k = KIND[reason];
  const base = { device: 'receiptPrinter' as const, reason, completion: k.completion, message, stage };
  return k.action === undefined ? base : { ...base, action: k.action };
}
