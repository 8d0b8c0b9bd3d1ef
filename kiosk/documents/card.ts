import { labelRows, setFont, type LabelRow } from './page-parts.ts';
import { ID1_CARD, MM } from './pdf.ts';

/** What KTP-el and KIA faces share: the ID-1 page, the tinted background and rows that shrink to fit. */

export const [CARD_W, CARD_H] = ID1_CARD;
export const CARD_MARGIN = 2.2 * MM;
/** The photo box: 3:4 pas foto, 21 x 28 mm. */
export const PHOTO_MM = { widthMm: 21, heightMm: 28 } as const;
export const PHOTO_PT = { width: PHOTO_MM.widthMm * MM, height: PHOTO_MM.heightMm * MM };
export const SIGNATURE_MM = { widthMm: 19, heightMm: 7 } as const;
/** Below this a card printer's 300 dpi no longer renders the text legibly. */
export const MIN_CARD_TEXT_PT = 4.4;

export function cardPage(doc: PDFKit.PDFDocument, tint: string, band: string): void {
  doc.addPage({ size: ID1_CARD, margin: 0 });
  doc.rect(0, 0, CARD_W, CARD_H).fill(tint);
  // A soft band behind the heading, as the printed blanko has.
  doc.rect(0, 0, CARD_W, 7.5 * MM).fill(band);
  doc.fillColor('#000000');
}

/**
 * Draws label/value rows at the largest size (from `size` down to the legible minimum) at which
 * they fit `maxHeight`; returns the size used, or null when even the minimum does not fit.
 */
export function fittedRows(
  doc: PDFKit.PDFDocument,
  rows: readonly LabelRow[],
  at: { x: number; y: number; width: number; labelWidth: number; size: number; maxHeight: number },
): number | null {
  for (let size = at.size; size >= MIN_CARD_TEXT_PT - 1e-9; size -= 0.2) {
    const scale = size / at.size;
    const opts = { x: at.x, y: at.y, width: at.width, labelWidth: at.labelWidth * scale, size, gap: 0.3 * scale, valueFont: 'bold' as const };
    if (labelRows(doc, rows, { ...opts, draw: false }) <= at.maxHeight) {
      labelRows(doc, rows, opts);
      return size;
    }
  }
  return null;
}

export function centredText(doc: PDFKit.PDFDocument, font: 'regular' | 'bold', size: number, text: string, x: number, y: number, width: number): number {
  setFont(doc, font, size);
  const h = doc.heightOfString(text, { width, align: 'center', lineGap: 0 });
  doc.text(text, x, y, { width, align: 'center', lineGap: 0 });
  return h;
}

export const provinceLine = (province: string): string => (/^PROVINSI\b/.test(province) ? province : `PROVINSI ${province}`);
