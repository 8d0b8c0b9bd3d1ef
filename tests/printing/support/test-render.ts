import PDFDocument from 'pdfkit';
import { err, ok } from '../../../core/result.ts';
import type { RenderFn } from '../../../kiosk/printing/types.ts';

/** A small real one-page A4 PDF naming the document number, for the pipeline tests and the crash harness. */
export const renderTestPdf: RenderFn = (pkg, signal) =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve(err({ code: 'aborted', message: 'render aborted' }));
    const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: 'ADM test print' } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(ok({ pdf: Buffer.concat(chunks), pages: 1 })));
    doc.fontSize(16).text('AKTA KEMATIAN (CETAK UJI)');
    doc.fontSize(11).text(`Nomor: ${pkg.application.documentNumber}`).text(`Ledger: ${pkg.ledgerId}`);
    doc.end();
  });

/** A render that fails like a real renderer refusing bad content. */
export const failingRender: RenderFn = async () => err({ code: 'invalid_content', message: 'content refused by the test renderer' });
