import type { FontName } from './pdf.ts';
import { setFont, textHeight } from './page-parts.ts';

/** Bordered table rows whose cells wrap (never clip) and whose height follows the tallest cell. */

export interface TableStyle {
  x: number;
  /** Column widths in points. */
  widths: readonly number[];
  size: number;
  pad: number;
  font: FontName;
  align?: 'left' | 'center';
}

export function rowHeight(doc: PDFKit.PDFDocument, cells: readonly string[], style: TableStyle): number {
  setFont(doc, style.font, style.size);
  let h = 0;
  cells.forEach((text, i) => {
    h = Math.max(h, textHeight(doc, text, (style.widths[i] ?? 0) - 2 * style.pad));
  });
  return h + 2 * style.pad;
}

export function drawRow(doc: PDFKit.PDFDocument, cells: readonly string[], y: number, height: number, style: TableStyle, fill?: string): void {
  setFont(doc, style.font, style.size);
  let x = style.x;
  if (fill) {
    const total = style.widths.reduce((a, b) => a + b, 0);
    doc.rect(x, y, total, height).fill(fill);
    doc.fillColor('#000000');
  }
  // Borders first and stroked at once: a PDF path must be painted before any text operator.
  const xs: number[] = [];
  for (const w of style.widths) {
    xs.push(x);
    doc.rect(x, y, w, height);
    x += w;
  }
  doc.lineWidth(0.5).stroke('#000000');
  cells.forEach((text, i) => {
    const w = style.widths[i] ?? 0;
    doc.text(text, (xs[i] ?? 0) + style.pad, y + style.pad, { width: w - 2 * style.pad, align: style.align ?? 'left', lineGap: 0 });
  });
}

/** Scales relative widths to fill `total` points. */
export function fitWidths(relative: readonly number[], total: number): number[] {
  const sum = relative.reduce((a, b) => a + b, 0);
  return relative.map((w) => (w * total) / sum);
}
