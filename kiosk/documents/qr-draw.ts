import QRCode from 'qrcode';

/** Medium error correction: survives a smudge or a fold on plain paper without growing the code much. */
export const QR_ERROR_CORRECTION = 'M';
/** White modules kept around the code, as the QR standard asks (4) — readers need it on tinted cards. */
export const QR_QUIET_MODULES = 4;

export interface QrMatrix {
  size: number;
  dark(row: number, col: number): boolean;
}

export function qrMatrix(text: string): QrMatrix {
  // A seal is base45, every character in the alphanumeric set (5.5 bits each): one alphanumeric
  // segment, skipping qrcode's segment optimiser. Anything else (a receipt's reference) goes as bytes.
  const alnum = /^[0-9A-Z $%*+\-./:]*$/.test(text);
  const { modules } = QRCode.create([alnum ? { data: text, mode: 'alphanumeric' } : { data: Buffer.from(text, 'utf8'), mode: 'byte' }], { errorCorrectionLevel: QR_ERROR_CORRECTION });
  return { size: modules.size, dark: (r, c) => modules.get(r, c) === 1 };
}

/**
 * Draws the QR as vector squares (sharp at any printer resolution, and cheaper than an image):
 * a white square with the quiet zone, then each row's dark runs as rectangles in one fill.
 * `sizePt` includes the quiet zone.
 */
export function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, sizePt: number): void {
  const m = qrMatrix(text);
  const unit = sizePt / (m.size + 2 * QR_QUIET_MODULES);
  doc.save();
  doc.rect(x, y, sizePt, sizePt).fill('#ffffff');
  // In module units, every rectangle is small whole numbers: a version-20 seal is thousands of
  // runs, and short integers are quicker to write and compress than scaled decimals.
  doc.transform(unit, 0, 0, unit, x + QR_QUIET_MODULES * unit, y + QR_QUIET_MODULES * unit);
  for (let r = 0; r < m.size; r++) {
    let c = 0;
    while (c < m.size) {
      if (!m.dark(r, c)) {
        c++;
        continue;
      }
      const start = c;
      while (c < m.size && m.dark(r, c)) c++;
      doc.rect(start, r, c - start, 1);
    }
  }
  doc.fill('#000000');
  doc.restore();
}
