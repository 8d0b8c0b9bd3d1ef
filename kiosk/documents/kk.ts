import type { DocumentContent, DocumentSignature } from '../../core/domain.ts';
import { numericDate, orDash } from './format.ts';
import { drawEmblem, labelRows, setFont, signatureBlock, verificationText, type LabelRow } from './page-parts.ts';
import { planPages, type FlowBlock } from './page-flow.ts';
import { A4_LANDSCAPE } from './pdf.ts';
import { drawQr } from './qr-draw.ts';
import { drawRow, fitWidths, rowHeight, type TableStyle } from './table.ts';

type KkContent = Extract<DocumentContent, { type: 'kk' }>;

const [PAGE_W, PAGE_H] = A4_LANDSCAPE;
const MARGIN = 24;
const WIDTH = PAGE_W - 2 * MARGIN;
/** Page number and verification line at the foot of every page. */
const FOOT = 22;
const CELL = { size: 7, pad: 1.6 };
const HEAD = { size: 6.5, pad: 1.6 };
/** The seal of a ten-member KK is a version-20 QR (97 modules + quiet zone): 150 pt (53 mm) gives two dots a module at 100 dpi. */
const KK_QR_PT = 150;

const TABLE1 = ['No', 'Nama Lengkap', 'NIK', 'Jenis Kelamin', 'Tempat Lahir', 'Tanggal Lahir', 'Agama', 'Pendidikan', 'Jenis Pekerjaan', 'Golongan Darah'];
const TABLE1_W = fitWidths([16, 160, 74, 50, 86, 48, 54, 100, 120, 46], WIDTH);
const TABLE2_W = fitWidths([16, 70, 58, 92, 70, 78, 78, 156, 156], WIDTH);

export interface KkPlan {
  pages: number;
  draw(doc: PDFKit.PDFDocument): void;
}

/**
 * Lays out a KK (UU 24/2013 Pasal 61) on landscape A4: header block, the two member tables, and the
 * issue date, head of family and issuing official with the QR. Tables continue on further pages
 * with their headers repeated; returns null when a single row would not fit on a page.
 */
export function planKk(doc: PDFKit.PDFDocument, content: KkContent, signature: DocumentSignature, qrText: string): KkPlan | null {
  const { family, members, head, office } = content;
  const a = family.address;
  const colW = WIDTH / 2 - 12;
  // The seal's QR stands at the header's right, like a stamp: the right column gives way to it.
  const rightW = colW - KK_QR_PT - 8;
  const left: LabelRow[] = [
    { label: 'Nama Kepala Keluarga', value: head.name },
    { label: 'Alamat', value: a.street },
    { label: 'RT/RW', value: `${a.rt}/${a.rw}` },
    { label: 'Desa/Kelurahan', value: a.village },
  ];
  const right: LabelRow[] = [
    { label: 'Kecamatan', value: a.district },
    { label: 'Kabupaten/Kota', value: a.regency },
    { label: 'Kode Pos', value: a.postalCode },
    { label: 'Provinsi', value: a.province },
  ];
  const rowsAt = (rows: LabelRow[], x: number, y: number, draw: boolean, width = colW): number =>
    labelRows(doc, rows, { x, y, labelWidth: 92, width, size: 8.5, gap: 0.5, valueFont: 'bold', draw });
  const titleH = 42;
  const headerBlock: FlowBlock = {
    height: Math.max(KK_QR_PT, titleH + Math.max(rowsAt(left, 0, 0, false), rowsAt(right, 0, 0, false, rightW))) + 6,
    draw(y) {
      drawEmblem(doc, MARGIN, y, 40);
      setFont(doc, 'bold', 16).text('KARTU KELUARGA', MARGIN, y, { width: WIDTH, align: 'center' });
      setFont(doc, 'bold', 11).text(`No. ${family.kkNumber}`, MARGIN, y + 20, { width: WIDTH, align: 'center' });
      rowsAt(left, MARGIN, y + titleH, true);
      rowsAt(right, MARGIN + WIDTH / 2 + 12, y + titleH, true, rightW);
      drawQr(doc, qrText, MARGIN + WIDTH - KK_QR_PT, y, KK_QR_PT);
    },
  };

  const head1: TableStyle = { x: MARGIN, widths: TABLE1_W, ...HEAD, font: 'bold', align: 'center' };
  const body1: TableStyle = { x: MARGIN, widths: TABLE1_W, ...CELL, font: 'regular' };
  const numbers1 = TABLE1.map((_, i) => (i === 0 ? '' : `(${i})`));
  const t1HeadH = rowHeight(doc, TABLE1, head1);
  const t1NumH = rowHeight(doc, numbers1, head1);
  const table1Header: FlowBlock = {
    height: t1HeadH + t1NumH,
    keepWithNext: true,
    draw(y) {
      drawRow(doc, TABLE1, y, t1HeadH, head1, '#e8eef7');
      drawRow(doc, numbers1, y + t1HeadH, t1NumH, head1);
    },
  };

  // Table 2 has a two-level header: immigration documents and parents' names each span two columns.
  const head2: TableStyle = { x: MARGIN, widths: TABLE2_W, ...HEAD, font: 'bold', align: 'center' };
  const body2: TableStyle = { x: MARGIN, widths: TABLE2_W, ...CELL, font: 'regular' };
  const [w0, w1, w2, w3, w4, w5, w6, w7, w8] = TABLE2_W as [number, number, number, number, number, number, number, number, number];
  const topLabels = ['No', 'Status Perkawinan', 'Tanggal Perkawinan', 'Status Hubungan Dalam Keluarga', 'Kewarganegaraan', 'Dokumen Imigrasi', 'Nama Orang Tua'];
  const topWidths = [w0, w1, w2, w3, w4, w5 + w6, w7 + w8];
  const subLabels = ['No. Paspor', 'No. KITAP', 'Ayah', 'Ibu'];
  const subStyle: TableStyle = { ...head2, x: MARGIN + w0 + w1 + w2 + w3 + w4, widths: [w5, w6, w7, w8] };
  const topH = rowHeight(doc, topLabels.slice(5), { ...head2, widths: topWidths.slice(5) });
  const leftH = rowHeight(doc, topLabels.slice(0, 5), { ...head2, widths: topWidths.slice(0, 5) });
  const subH = Math.max(rowHeight(doc, subLabels, subStyle), leftH - topH);
  const numbers2 = TABLE2_W.map((_, i) => (i === 0 ? '' : `(${i + TABLE1.length - 1})`));
  const t2NumH = rowHeight(doc, numbers2, head2);
  const table2Header: FlowBlock = {
    height: topH + subH + t2NumH,
    keepWithNext: true,
    draw(y) {
      drawRow(doc, topLabels.slice(0, 5), y, topH + subH, { ...head2, widths: topWidths.slice(0, 5) }, '#e8eef7');
      drawRow(doc, topLabels.slice(5), y, topH, { ...head2, x: subStyle.x, widths: topWidths.slice(5) }, '#e8eef7');
      drawRow(doc, subLabels, y + topH, subH, subStyle, '#e8eef7');
      drawRow(doc, numbers2, y + topH + subH, t2NumH, head2);
    },
  };

  const rowBlock = (cells: string[], style: TableStyle, header: FlowBlock): FlowBlock => {
    const height = rowHeight(doc, cells, style);
    return { height, header, draw: (y) => drawRow(doc, cells, y, height, style) };
  };
  const rows1 = members.map((m, i) =>
    rowBlock([String(i + 1), m.name, m.nik, m.sex, m.birthPlace, numericDate(m.birthDate), m.religion, m.education, m.occupation, m.bloodType], body1, table1Header),
  );
  const rows2 = members.map((m, i) =>
    rowBlock(
      [String(i + 1), m.maritalStatus, m.marriageDate ? numericDate(m.marriageDate) : '-', m.relation, m.nationality, orDash(m.passportNo), orDash(m.kitapNo), m.fatherName, m.motherName],
      body2,
      table2Header,
    ),
  );

  const sigW = 300;
  const sigX = MARGIN + WIDTH - sigW;
  const sigH = signatureBlock(doc, qrText, office, content.issuedOn, { x: sigX, y: 0, width: sigW, size: 7, qrSize: 0, draw: false });
  const footer: FlowBlock = {
    height: sigH + 6,
    draw(y) {
      const top = y + 6;
      setFont(doc, 'regular', 8).text(`Dikeluarkan Tanggal : ${numericDate(content.issuedOn)}`, MARGIN, top, { width: 220 });
      const midX = MARGIN + 250;
      setFont(doc, 'bold', 8).text('KEPALA KELUARGA', midX, top, { width: 220, align: 'center' });
      setFont(doc, 'bold', 8).text(head.name, midX, top + 44, { width: 220, align: 'center', underline: true });
      signatureBlock(doc, qrText, office, content.issuedOn, { x: sigX, y: top, width: sigW, size: 7, qrSize: 0 });
    },
  };
  const gap: FlowBlock = { height: 6, draw: () => undefined };

  const blocks = [headerBlock, table1Header, ...rows1, gap, table2Header, ...rows2, footer];
  const continued = 20;
  const plan = planPages(blocks, { firstTop: MARGIN, nextTop: MARGIN + continued, bottom: PAGE_H - MARGIN - FOOT });
  if ('tooTall' in plan) return null;
  const verification = verificationText(signature, office);
  return {
    pages: plan.length,
    draw(d) {
      plan.forEach((placed, i) => {
        // The caller added the first page before planning (pdfkit measures text against a page).
        if (i > 0) {
          d.addPage({ size: A4_LANDSCAPE, margin: 0 });
          setFont(d, 'bold', 10).text(`KARTU KELUARGA No. ${family.kkNumber} (lanjutan)`, MARGIN, MARGIN, { width: WIDTH });
        }
        for (const p of placed) p.block.draw(p.y);
        const footY = PAGE_H - MARGIN - FOOT + 6;
        setFont(d, 'regular', 5.5).text(verification, MARGIN, footY, { width: WIDTH - 90, lineGap: 0 });
        setFont(d, 'regular', 7).text(`Halaman ${i + 1} dari ${plan.length}`, MARGIN + WIDTH - 80, footY, { width: 80, align: 'right' });
      });
    },
  };
}
