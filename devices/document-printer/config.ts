import { z } from 'zod';
import { requireTls, requireWhenReal } from '../../core/config-rules.ts';

const ippPrinterSchema = z.strictObject({
  mode: z.enum(['simulated', 'ipp']).default('simulated'),
  /** e.g. `ipp://127.0.0.1:631/printers/a4` or `ipps://printer.local/ipp/print`. */
  uri: z.url({ protocol: /^ipps?$/ }).optional(),
  /** PWG self-describing media name. */
  media: z.string().min(1),
  pollIntervalMs: z.number().int().min(100).default(2000),
  /** How long a job may wait for a technician (paper out, jam, cover open) before it is canceled. */
  attentionTimeoutMs: z.number().int().min(1000).default(120000),
  /** At boot, how long to wait for a job still printing from before a restart before canceling it. */
  bootJobWaitMs: z.number().int().min(0).default(30000),
  /** Simulated mode: how long the file printer takes per job. */
  simulatedPrintMs: z.number().int().min(0).default(1500),
});

const printerFor = (media: string) =>
  ippPrinterSchema
    .extend({ media: z.string().min(1).default(media) })
    .superRefine(requireWhenReal('ipp', 'uri'))
    .superRefine(requireTls('uri', 'ipp', 'ipps', 'a printer (documents carry personal data)'));

/** `devices.a4Printer` and `devices.cardPrinter` in the kiosk configuration; docs/configuration.md explains each key. */
export const a4PrinterConfigSchema = printerFor('iso_a4_210x297mm');
export const cardPrinterConfigSchema = printerFor('iso_id-1_85.6x53.98mm');

export type DocumentPrinterConfig = z.output<typeof a4PrinterConfigSchema>;
