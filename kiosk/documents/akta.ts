import type { DocumentContent, DocumentSignature, Office } from '../../core/domain.ts';
import { dateInWords, numberInWords, numericDate } from './format.ts';
import { drawEmblem, labelRows, setFont, signatureBlock, verificationText, type LabelRow } from './page-parts.ts';
import { A4_PORTRAIT } from './pdf.ts';

type AktaLahir = Extract<DocumentContent, { type: 'akta-lahir' }>;
type AktaMati = Extract<DocumentContent, { type: 'akta-mati' }>;

const [PAGE_W, PAGE_H] = A4_PORTRAIT;
const MARGIN = 56;
const WIDTH = PAGE_W - 2 * MARGIN;

interface AktaSpec {
  kind: 'lahir' | 'mati';
  nik: string;
  number: string;
  /** Where and when the birth or death happened: the statement's first two rows. */
  event: { place: string; date: string };
  /** The rest of the statement. */
  statement: LabelRow[];
  /** When the register recorded it, and whether that was past the reporting deadline. */
  registered: { on: string; late: boolean };
}

const upperWords = (iso: string): string => dateInWords(iso).toUpperCase();

const HEADING = {
  lahir: { title: 'KUTIPAN AKTA KELAHIRAN', subtitle: 'Birth Certificate', akta: 'Akta Kelahiran', event: 'Kelahiran' },
  mati: { title: 'KUTIPAN AKTA KEMATIAN', subtitle: 'Death Certificate', akta: 'Akta Kematian', event: 'Kematian' },
} as const;

/**
 * One portrait page of a kutipan akta: heading, number and NIK, the statement as label/value rows
 * (values wrap in their column), and the official's block with the QR. Returns false when the
 * content would run into the signature block (the caller reports it; nothing is clipped).
 */
function drawAkta(doc: PDFKit.PDFDocument, issued: { office: Office; issuedOn: string }, spec: AktaSpec, signature: DocumentSignature, qrText: string): boolean {
  doc.addPage({ size: A4_PORTRAIT, margin: 0 });
  let y = MARGIN - 16;
  drawEmblem(doc, PAGE_W / 2 - 28, y, 56);
  y += 62;
  const centred = (font: 'regular' | 'bold', size: number, text: string, after = 2): void => {
    setFont(doc, font, size);
    const h = doc.heightOfString(text, { width: WIDTH, align: 'center' });
    doc.text(text, MARGIN, y, { width: WIDTH, align: 'center' });
    y += h + after;
  };
  centred('bold', 12, 'REPUBLIK INDONESIA');
  centred('bold', 11, 'PENCATATAN SIPIL');
  centred('regular', 9, issued.office.name, 18);
  centred('bold', 17, HEADING[spec.kind].title, 0);
  centred('regular', 9, HEADING[spec.kind].subtitle, 14);
  y += labelRows(doc, [{ label: 'NIK', value: spec.nik }, { label: 'Nomor', value: spec.number }], { x: MARGIN + 90, y, labelWidth: 60, width: WIDTH - 180, size: 11, gap: 3, valueFont: 'bold' }) + 18;
  setFont(doc, 'regular', 11);
  const intro = `Berdasarkan ${HEADING[spec.kind].akta} Nomor ${spec.number}, Pejabat Pencatatan Sipil menerangkan:`;
  const introH = doc.heightOfString(intro, { width: WIDTH, align: 'left' });
  doc.text(intro, MARGIN, y, { width: WIDTH, align: 'left' });
  y += introH + 10;
  const { place, date } = spec.event;
  const statement = [{ label: 'bahwa di', value: place }, { label: 'pada tanggal', value: `${numericDate(date)} (${upperWords(date)})` }, ...spec.statement];
  y += labelRows(doc, statement, { x: MARGIN + 20, y, labelWidth: 140, width: WIDTH - 20, size: 11, gap: 5, valueFont: 'bold' }) + 10;
  setFont(doc, 'regular', 10);
  const closing =
    `${HEADING[spec.kind].event} ini dicatat pada tanggal ${numericDate(spec.registered.on)}` +
    (spec.registered.late ? ', melampaui batas waktu pelaporan (pencatatan terlambat).' : '.') +
    ` Kutipan ini sesuai dengan register ${HEADING[spec.kind].akta.toLowerCase()}.`;
  const closingH = doc.heightOfString(closing, { width: WIDTH });
  doc.text(closing, MARGIN, y, { width: WIDTH });
  y += closingH + 16;

  const sigW = 260;
  const block = { x: MARGIN + WIDTH - sigW, width: sigW, size: 9, qrSize: 136 };
  const sigH = signatureBlock(doc, qrText, issued.office, issued.issuedOn, { ...block, y: 0, draw: false });
  const footTop = PAGE_H - MARGIN + 10;
  const sigY = Math.max(y, footTop - 12 - sigH);
  if (sigY + sigH > footTop) return false;
  signatureBlock(doc, qrText, issued.office, issued.issuedOn, { ...block, y: sigY });
  setFont(doc, 'regular', 6.5).text(verificationText(signature, issued.office), MARGIN, footTop, { width: WIDTH });
  return true;
}

export function drawAktaLahir(doc: PDFKit.PDFDocument, c: AktaLahir, signature: DocumentSignature, qrText: string): boolean {
  const b = c.birth;
  return drawAkta(
    doc,
    c,
    {
      kind: 'lahir',
      nik: b.childNik,
      number: b.aktaNumber,
      event: { place: b.birthPlace, date: b.birthDate },
      statement: [
        { label: 'telah lahir', value: b.childName },
        { label: 'jenis kelamin', value: b.sex },
        { label: 'anak ke', value: `${b.childOrder} (${numberInWords(b.childOrder).toUpperCase()})` },
        { label: 'dari ayah', value: b.fatherName },
        { label: 'dan ibu', value: b.motherName },
      ],
      registered: { on: b.registeredOn, late: b.lateRegistration },
    },
    signature,
    qrText,
  );
}

export function drawAktaMati(doc: PDFKit.PDFDocument, c: AktaMati, signature: DocumentSignature, qrText: string): boolean {
  const d = c.death;
  return drawAkta(
    doc,
    c,
    {
      kind: 'mati',
      nik: d.nik,
      number: d.aktaNumber,
      event: { place: d.placeOfDeath, date: d.dateOfDeath },
      statement: [
        { label: 'telah meninggal dunia', value: d.name },
        { label: 'NIK', value: d.nik },
        { label: 'jenis kelamin', value: d.sex },
        { label: 'tanggal lahir', value: numericDate(d.birthDate) },
      ],
      registered: { on: d.registeredOn, late: false },
    },
    signature,
    qrText,
  );
}
