import type { ReceiptPrinter } from '../../devices/receipt-printer/driver.ts';
import type { ReceiptLayout } from '../../devices/receipt-printer/layout.ts';
import { buildReceiptLayout } from '../documents/receipt/layout.ts';
import { receiptLogo } from '../documents/receipt/logo.ts';
import { err, ok } from '../../core/result.ts';
import type { ReceiptSink } from './journey-ports.ts';

export interface ReceiptSinkOptions {
  kioskId: string;
  location: string;
  paperWidthMm: 58 | 80;
  now(): Date;
}

/** What a receipt says when nobody can tell whether the document came out. */
const UNKNOWN_NOTE: ReceiptLayout['blocks'] = [
  { kind: 'rule' },
  { kind: 'text', text: 'PENCETAKAN TERHENTI', align: 'center', bold: true },
  { kind: 'text', text: 'Simpan struk ini. Petugas akan memeriksa apakah dokumen sudah tercetak.', align: 'left' },
  { kind: 'text', text: 'Printing stopped. Keep this receipt; staff will check whether the document was printed.', align: 'left' },
  { kind: 'rule' },
];

/**
 * The receipt for a print, laid out by the documents area and printed on the thermal printer:
 * for a printed document the usual receipt; for one whose outcome is unknown, the same with a note
 * to keep it for the technician.
 */
export function receiptSink(printer: ReceiptPrinter, options: ReceiptSinkOptions): ReceiptSink {
  const dots = options.paperWidthMm === 58 ? 384 : 576;
  let logo: Promise<Buffer | null> | null = null;
  return async (request, signal) => {
    logo ??= receiptLogo(dots).catch(() => null);
    const pkg = request.claimed.pkg;
    const layout = buildReceiptLayout({
      documentType: pkg.application.type,
      documentNumber: pkg.application.documentNumber,
      printedAt: options.now(),
      kioskId: options.kioskId,
      location: options.location,
      reference: request.handle.ledgerId,
      ...((await logo) ? { logo: (await logo) as Buffer } : {}),
    });
    if (request.outcome === 'unknown') {
      const at = layout.blocks.findIndex((b) => b.kind === 'rule');
      layout.blocks.splice(at < 0 ? layout.blocks.length : at, 0, ...UNKNOWN_NOTE);
    }
    const printed = await printer.print(layout, signal);
    return printed.ok ? ok(undefined) : err({ detail: `${printed.error.reason}: ${printed.error.message}` });
  };
}
