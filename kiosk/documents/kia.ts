import type { DocumentContent, DocumentSignature } from '../../core/domain.ts';
import { numericDate } from './format.ts';
import { setFont, verificationText, type LabelRow } from './page-parts.ts';
import { drawQr } from './qr-draw.ts';
import { MM } from './pdf.ts';
import { CARD_H, CARD_MARGIN, CARD_W, PHOTO_PT, cardPage, centredText, fittedRows, provinceLine } from './card.ts';
import type { CardImages } from './ktp.ts';

type Kia = Extract<DocumentContent, { type: 'kia' }>;

const TINT = '#fbe1e8';
const BAND = '#f4b8c8';

/**
 * KIA (Permendagri 2/2016): the front with the child's data and, from age five, the photo; the back
 * with No. KK, head of family, birth certificate number, place of issue and the issuing official
 * with the QR. Returns false when the data does not fit at the smallest legible size.
 */
export function drawKia(doc: PDFKit.PDFDocument, c: Kia, signature: DocumentSignature, qrText: string, images: CardImages): boolean {
  const p = c.person;
  const a = p.address;
  const inner = CARD_W - 2 * CARD_MARGIN;
  cardPage(doc, TINT, BAND);
  let y = CARD_MARGIN - 0.5;
  y += centredText(doc, 'bold', 7, 'KARTU IDENTITAS ANAK', CARD_MARGIN, y, inner);
  centredText(doc, 'bold', 5.5, `${provinceLine(a.province)} - ${a.regency}`, CARD_MARGIN, y, inner);
  y = 8.6 * MM;
  const photoX = CARD_W - CARD_MARGIN - PHOTO_PT.width;
  const textW = (images.photo ? photoX - 3 : CARD_W - CARD_MARGIN) - CARD_MARGIN;
  setFont(doc, 'bold', 8.5).text(`NIK : ${p.nik}`, CARD_MARGIN, y, { width: textW, lineBreak: false });
  y += 11;
  const rows: LabelRow[] = [
    { label: 'Nama', value: p.name },
    { label: 'Tempat/Tgl Lahir', value: `${p.birthPlace}, ${numericDate(p.birthDate)}` },
    { label: 'Jenis Kelamin', value: p.sex },
    { label: 'Gol. Darah', value: p.bloodType },
    { label: 'Agama', value: p.religion },
    { label: 'Kewarganegaraan', value: p.nationality },
    { label: 'Alamat', value: `${a.street} RT ${a.rt}/RW ${a.rw}, ${a.village}, ${a.district}` },
    { label: 'Berlaku Hingga', value: numericDate(c.validUntil) },
  ];
  if (fittedRows(doc, rows, { x: CARD_MARGIN, y, width: textW, labelWidth: 52, size: 5.8, maxHeight: CARD_H - CARD_MARGIN - y }) === null) return false;
  if (images.photo) {
    doc.image(images.photo, photoX, y - 11, { width: PHOTO_PT.width, height: PHOTO_PT.height });
  }

  cardPage(doc, TINT, BAND);
  let by = CARD_MARGIN - 0.5;
  by += centredText(doc, 'bold', 6.5, 'KARTU IDENTITAS ANAK', CARD_MARGIN, by, inner);
  by = 8.6 * MM;
  const back: LabelRow[] = [
    { label: 'No. KK', value: c.kkNumber },
    { label: 'Nama Kepala Keluarga', value: c.headName },
    { label: 'No. Akta Kelahiran', value: c.birthAktaNumber },
  ];
  const qrSize = 25 * MM;
  const qrY = CARD_H - CARD_MARGIN - qrSize;
  if (fittedRows(doc, back, { x: CARD_MARGIN, y: by, width: inner, labelWidth: 72, size: 5.8, maxHeight: qrY - by - 1 }) === null) return false;
  drawQr(doc, qrText, CARD_MARGIN, qrY, qrSize);
  const tx = CARD_MARGIN + qrSize + 3;
  const tw = CARD_W - tx - CARD_MARGIN;
  let ty = qrY + 1;
  const line = (font: 'regular' | 'bold', size: number, text: string, underline = false): void => {
    setFont(doc, font, size);
    const h = doc.heightOfString(text, { width: tw, lineGap: 0 });
    doc.text(text, tx, ty, { width: tw, lineGap: 0, underline });
    ty += h;
  };
  line('regular', 5, `Dikeluarkan di ${c.office.city}, ${numericDate(c.issuedOn)}`);
  line('bold', 5, c.office.officialTitle);
  line('bold', 5, c.office.officialName, true);
  line('regular', 5, `NIP. ${c.office.officialNip}`);
  ty += 1.5;
  line('regular', 4.4, verificationText(signature, c.office));
  return ty <= CARD_H - 1;
}
