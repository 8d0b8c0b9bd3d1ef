import type { DocumentSignature, Office } from '../../core/domain.ts';
import { EMBLEM_COLOURS, EMBLEM_PATHS } from './emblem.ts';
import { drawQr } from './qr-draw.ts';
import { longDate } from './format.ts';
import type { FontName } from './pdf.ts';
import { documentFonts } from './fonts.ts';

/** Pieces every document page shares: the emblem, label/value rows, the signature block and the verification line. */

export function drawEmblem(doc: PDFKit.PDFDocument, x: number, y: number, size: number): void {
  doc.save().translate(x, y).scale(size / 100);
  doc.path(EMBLEM_PATHS.ring).fill(EMBLEM_COLOURS.ring, 'even-odd');
  doc.path(EMBLEM_PATHS.star).fill(EMBLEM_COLOURS.star);
  doc.path(EMBLEM_PATHS.book).fill(EMBLEM_COLOURS.book);
  doc.restore();
}

export function setFont(doc: PDFKit.PDFDocument, font: FontName, size: number): PDFKit.PDFDocument {
  return doc.font(documentFonts()[font].postscriptName).fontSize(size);
}

/** Height of `text` wrapped to `width` in the current font; one line when it fits, without a layout pass. */
export function textHeight(doc: PDFKit.PDFDocument, text: string, width: number): number {
  if (doc.widthOfString(text) <= width) return doc.currentLineHeight(true);
  return doc.heightOfString(text, { width, lineGap: 0 });
}

export interface LabelRow {
  label: string;
  value: string;
}

/**
 * `Label : value` rows with values wrapping in their column (never clipped); returns the height used.
 * With `draw: false` it only measures, so layouts can be planned before anything is drawn.
 */
export function labelRows(
  doc: PDFKit.PDFDocument,
  rows: readonly LabelRow[],
  at: { x: number; y: number; labelWidth: number; width: number; size: number; gap?: number; valueFont?: FontName; draw?: boolean },
): number {
  const gap = at.gap ?? 0;
  const valueX = at.x + at.labelWidth + at.size;
  const valueWidth = at.width - at.labelWidth - at.size;
  let y = at.y;
  for (const row of rows) {
    setFont(doc, 'regular', at.size);
    const labelH = textHeight(doc, row.label, at.labelWidth);
    if (at.draw !== false) {
      doc.text(row.label, at.x, y, { width: at.labelWidth, lineGap: 0 });
      doc.text(':', at.x + at.labelWidth + 1, y, { lineBreak: false });
    }
    setFont(doc, at.valueFont ?? 'regular', at.size);
    const valueH = textHeight(doc, row.value, valueWidth);
    if (at.draw !== false) doc.text(row.value, valueX, y, { width: valueWidth, lineGap: 0 });
    y += Math.max(labelH, valueH) + gap;
  }
  return y - at.y;
}

/** Printed beside the QR: who sealed the document, and how anyone checks it without a network. */
export function verificationText(signature: DocumentSignature, office: Office): string {
  const f = signature.fields;
  return (
    `Dokumen ini disegel secara elektronik oleh ${office.name} (kunci ${f.keyId}, revisi ${f.revision}). ` +
    `Kode QR memuat isi dokumen yang ditandatangani: pindai dengan halaman verifikasi Dukcapil atau adm verify, tanpa jaringan, ` +
    `dan bandingkan isinya dengan kertas ini.`
  );
}

/**
 * The issuing official's block: place and date, title, the QR that replaces the wet signature and
 * stamp, name and NIP. Returns its height; with `draw: false` it only measures.
 */
export function signatureBlock(
  doc: PDFKit.PDFDocument,
  qrText: string,
  office: Office,
  issuedOn: string,
  at: { x: number; y: number; width: number; size: number; qrSize: number; draw?: boolean },
): number {
  const draw = at.draw !== false;
  const opts = { width: at.width, align: 'center' as const, lineGap: 0 };
  let y = at.y;
  const line = (font: FontName, text: string, underline = false): void => {
    setFont(doc, font, at.size);
    const h = doc.heightOfString(text, opts);
    if (draw) doc.text(text, at.x, y, { ...opts, underline });
    y += h;
  };
  line('regular', `Dikeluarkan di ${office.city}, tanggal ${longDate(issuedOn)}`);
  line('bold', office.officialTitle);
  y += 2;
  if (at.qrSize > 0) {
    if (draw) drawQr(doc, qrText, at.x + (at.width - at.qrSize) / 2, y, at.qrSize);
    y += at.qrSize + 2;
  } else {
    // The seal stands elsewhere on the page (a KK's header); keep room for the official's name.
    line('regular', '(disegel secara elektronik: kode QR di kanan atas)');
    y += 14;
  }
  line('bold', office.officialName, true);
  line('regular', `NIP. ${office.officialNip}`);
  return y - at.y;
}
