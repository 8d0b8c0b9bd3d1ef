import type { CommonReason, DeviceError } from '../common/errors.ts';
import type { PaperState } from '../../core/device-status.ts';
import type { PrinterCondition } from './status-bits.ts';

export type { PrinterCondition };

export type ReceiptPrinterReason =
  | CommonReason
  | 'paperOut'
  | 'coverOpen'
  | 'cutterError'
  | 'printerFault'
  | 'badLayout';

/**
 * A known receipt failure. `stage` tells whether anything reached the paper: `beforeJob` means not
 * one byte of the receipt was sent; `duringJob` means it stopped part-way (and the printer's
 * buffers were cleared so the rest will not come out later).
 */
export type ReceiptPrinterError = DeviceError<ReceiptPrinterReason> & { stage: 'beforeJob' | 'duringJob' };

export interface PrintedJob {
  /** ESC/POS bytes sent for this receipt. */
  bytes: number;
  /** The `GS ( H` process ID the printer confirmed once everything had printed. */
  processId: string;
  /** Paper state after the job (`low` means: tell a technician soon). */
  paper: PaperState;
  durationMs: number;
}

export interface ReceiptPrinterEvents {
  lineNoise: [info: { reason: string; bytes: number }];
}
