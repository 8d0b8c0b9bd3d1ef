import { z } from 'zod';
import { requireWhenReal } from '../../core/config-rules.ts';
import { serialDeviceSchema } from '../common/serial-config.ts';

/** `devices.receiptPrinter` in the kiosk configuration; docs/configuration.md explains each key. */
export const receiptPrinterConfigSchema = serialDeviceSchema
  .extend({
    paperWidthMm: z.union([z.literal(80), z.literal(58)]).default(80),
    /** One receipt, first byte to the printer's "printed" answer. */
    jobTimeoutMs: z.number().int().min(1000).default(20000),
  })
  .superRefine(requireWhenReal('serial', 'path'));

export type ReceiptPrinterConfig = z.output<typeof receiptPrinterConfigSchema>;
