import PDFDocument from 'pdfkit';

/** A small real PDF (A4 or ID-1 card) made with pdfkit, as the renderers make them. */
export function samplePdf(kind: 'a4' | 'card' = 'a4', label = 'ADM test'): Promise<Buffer> {
  // ID-1 is 85.60 × 53.98 mm = 242.65 × 153.01 pt.
  const doc = new PDFDocument(kind === 'a4' ? { size: 'A4' } : { size: [242.65, 153.01], margin: 8 });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.fontSize(kind === 'a4' ? 14 : 8).text(label);
  doc.end();
  return done;
}
