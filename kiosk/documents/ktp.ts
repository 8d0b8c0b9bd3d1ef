import type { DocumentContent, DocumentSignature } from '../../core/domain.ts';
import { numericDate } from './format.ts';
import { setFont, verificationText, type LabelRow } from './page-parts.ts';
import { drawQr } from './qr-draw.ts';
import { MM } from './pdf.ts';
import { CARD_H, CARD_MARGIN, CARD_W, PHOTO_PT, cardPage, centredText, fittedRows, provinceLine } from './card.ts';

type Ktp = Extract<DocumentContent, { type: 'ktp' }>;

export interface CardImages {
  /** JPEG cut to the photo box; null where the card has none. */
  photo: Buffer | null;
  /** PNG, ink on transparent; null when the holder has no recorded signature. */
  signature: Buffer | null;
}

const TINT = '#dcecf8';
const BAND = '#b9d7f0';

/**
 * KTP-el: the front with the data of UU 24/2013, photo, place and date of issue and the holder's
 * signature; the back (blank on a real card) carries the QR signature and its verification line.
 * Returns false when the data does not fit at the smallest legible size.
 */
export function drawKtp(doc: PDFKit.PDFDocument, c: Ktp, signature: DocumentSignature, qrText: string, images: CardImages): boolean {
  const p = c.person;
  const a = p.address;
  cardPage(doc, TINT, BAND);
  const inner = CARD_W - 2 * CARD_MARGIN;
  let y = CARD_MARGIN - 0.5;
  y += centredText(doc, 'bold', 7, provinceLine(a.province), CARD_MARGIN, y, inner);
  centredText(doc, 'bold', 7, a.regency, CARD_MARGIN, y, inner);
  y = 8.6 * MM;

  const photoX = CARD_W - CARD_MARGIN - PHOTO_PT.width;
  const textW = photoX - CARD_MARGIN - 3;
  setFont(doc, 'bold', 8.5).text(`NIK : ${p.nik}`, CARD_MARGIN, y, { width: textW, lineBreak: false });
  y += 11;
  const rows: LabelRow[] = [
    { label: 'Nama', value: p.name },
    { label: 'Tempat/Tgl Lahir', value: `${p.birthPlace}, ${numericDate(p.birthDate)}` },
    { label: 'Jenis Kelamin', value: `${p.sex}    Gol. Darah : ${p.bloodType}` },
    { label: 'Alamat', value: a.street },
    { label: '   RT/RW', value: `${a.rt}/${a.rw}` },
    { label: '   Kel/Desa', value: a.village },
    { label: '   Kecamatan', value: a.district },
    { label: 'Agama', value: p.religion },
    { label: 'Status Perkawinan', value: p.maritalStatus },
    { label: 'Pekerjaan', value: p.occupation },
    { label: 'Kewarganegaraan', value: p.nationality },
    { label: 'Berlaku Hingga', value: 'SEUMUR HIDUP' },
  ];
  const used = fittedRows(doc, rows, { x: CARD_MARGIN, y, width: textW, labelWidth: 52, size: 5.6, maxHeight: CARD_H - CARD_MARGIN - y });
  if (used === null) return false;

  const photoY = 8.6 * MM;
  if (images.photo) doc.image(images.photo, photoX, photoY, { width: PHOTO_PT.width, height: PHOTO_PT.height });
  let below = photoY + PHOTO_PT.height + 1.5;
  below += centredText(doc, 'regular', 5, c.office.city, photoX - 4, below, PHOTO_PT.width + 8);
  below += centredText(doc, 'regular', 5, numericDate(c.issuedOn), photoX - 4, below, PHOTO_PT.width + 8);
  if (images.signature) {
    doc.image(images.signature, photoX, below + 0.5, { fit: [PHOTO_PT.width, CARD_H - below - 2], align: 'center', valign: 'center' });
  }

  cardPage(doc, TINT, BAND);
  let by = CARD_MARGIN - 0.5;
  by += centredText(doc, 'bold', 6.5, 'KARTU TANDA PENDUDUK ELEKTRONIK', CARD_MARGIN, by, inner);
  centredText(doc, 'regular', 5.5, 'REPUBLIK INDONESIA', CARD_MARGIN, by, inner);
  const qrSize = 27 * MM;
  const qrY = CARD_H - CARD_MARGIN - qrSize;
  drawQr(doc, qrText, CARD_MARGIN, qrY, qrSize);
  const tx = CARD_MARGIN + qrSize + 3;
  const tw = CARD_W - tx - CARD_MARGIN;
  setFont(doc, 'bold', 5.2).text(`NIK ${p.nik}`, tx, qrY + 2, { width: tw });
  setFont(doc, 'regular', 4.6).text(verificationText(signature, c.office), tx, qrY + 10, { width: tw, lineGap: 0 });
  setFont(doc, 'regular', 4.6).text(
    'Kartu ini milik Pemerintah Republik Indonesia. Bila menemukan kartu ini, mohon serahkan ke kantor Dinas Kependudukan dan Pencatatan Sipil terdekat.',
    tx,
    doc.y + 3,
    { width: tw, lineGap: 0 },
  );
  return true;
}
