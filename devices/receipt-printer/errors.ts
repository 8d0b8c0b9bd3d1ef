import { COMMON_KINDS, type ErrorKind } from '../common/errors.ts';
import type { ReceiptPrinterError, ReceiptPrinterReason } from './types.ts';

const KIND: Record<ReceiptPrinterReason, ErrorKind> = {
  ...COMMON_KINDS,
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
