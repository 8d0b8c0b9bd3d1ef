import type { ReceiptBlock, ReceiptLayout } from '../../../devices/receipt-printer/layout.ts';
import { maskDocumentNumber } from '../../../core/nik-mask.ts';
import type { DocumentType } from '../../../core/domain.ts';

/** What the receipt says about one print. */
export interface ReceiptInput {
  documentType: DocumentType;
  /** No. KK, NIK or akta number; printed masked (the receipt may be left at the kiosk). */
  documentNumber: string;
  printedAt: Date;
  /** IANA zone of the kiosk; decides WIB, WITA or WIT. Default Asia/Jakarta. */
  timeZone?: string;
  kioskId: string;
  /** Where the kiosk stands, e.g. `Mal Pelayanan Publik Kabupaten Kediri`. */
  location: string;
  /** The print's reference (the ledger id), for a technician or the Dinas to find it. */
  reference: string;
  /** From `receiptLogo(paperWidthDots)`; omitted, the receipt starts with the heading. */
  logo?: Uint8Array;
}

/** Short names that fit a 58 mm line (32 columns); plain ASCII for every code page. */
const RECEIPT_TITLES: Record<DocumentType, string> = {
  kk: 'Kartu Keluarga',
  ktp: 'KTP-el',
  kia: 'Kartu Identitas Anak',
  'akta-lahir': 'Akta Kelahiran',
  'akta-mati': 'Akta Kematian',
};

const ZONE_NAMES: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

/** `13-05-2024 10:31 WIB`, in the kiosk's zone whatever the machine's clock zone is. */
export function receiptTime(at: Date, timeZone = 'Asia/Jakarta'): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.day}-${parts.month}-${parts.year} ${parts.hour}:${parts.minute} ${ZONE_NAMES[timeZone] ?? timeZone}`;
}

/**
 * The receipt's QR: the print reference and nothing personal (`ADMRCPT1:<kiosk>:<reference>:<type>`).
 * The document's own QR carries the signed NIK; the receipt may be left behind, so its QR must not.
 */
export function receiptQrText(input: Pick<ReceiptInput, 'kioskId' | 'reference' | 'documentType'>): string {
  return `ADMRCPT1:${input.kioskId}:${input.reference}:${input.documentType}`;
}

/**
 * The receipt handed over with a printed document: what was printed, when, where, and a reference
 * (also as a QR). Bahasa Indonesia first, English second. Pure: same input, same layout.
 */
export function buildReceiptLayout(input: ReceiptInput): ReceiptLayout {
  // The receipt may be left at the kiosk: every number is masked (NIK, No. KK, akta), as on the KTP-el and KIA.
  const number = maskDocumentNumber(input.documentNumber);
  const blocks: ReceiptBlock[] = [];
  if (input.logo) blocks.push({ kind: 'image', png: input.logo, align: 'center' });
  blocks.push(
    { kind: 'text', text: 'ANJUNGAN DUKCAPIL MANDIRI', align: 'center', bold: true },
    { kind: 'text', text: input.location, align: 'center' },
    { kind: 'rule' },
    { kind: 'text', text: 'BUKTI CETAK', align: 'center', bold: true, size: 'double' },
    { kind: 'text', text: 'Print receipt', align: 'center' },
    { kind: 'rule' },
    { kind: 'pair', left: 'Dokumen', right: RECEIPT_TITLES[input.documentType] },
    { kind: 'pair', left: 'Nomor', right: number },
    { kind: 'pair', left: 'Waktu', right: receiptTime(input.printedAt, input.timeZone) },
    { kind: 'pair', left: 'Kios', right: input.kioskId },
    { kind: 'pair', left: 'Referensi', right: input.reference },
    { kind: 'rule' },
    { kind: 'text', text: 'Keaslian dokumen: pindai kode QR pada dokumen.', align: 'center' },
    { kind: 'text', text: 'To check the document, scan the QR on the document.', align: 'center' },
    { kind: 'qr', data: receiptQrText(input), moduleSize: 4 },
    { kind: 'text', text: 'Kode QR ini: nomor referensi untuk petugas.', align: 'center' },
    { kind: 'text', text: 'This QR: the print reference, for staff.', align: 'center' },
    { kind: 'text', text: 'Dokumen ini hanya dapat dicetak satu kali.', align: 'center' },
    { kind: 'text', text: 'This document prints only once.', align: 'center' },
    { kind: 'text', text: 'Terima kasih / Thank you', align: 'center', bold: true },
    { kind: 'feed', lines: 3 },
    { kind: 'cut' },
  );
  return { blocks };
}
