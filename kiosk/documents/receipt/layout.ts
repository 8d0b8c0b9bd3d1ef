import type { ReceiptBlock, ReceiptLayout } from '../../../devices/receipt-printer/layout.ts';
import { maskNik } from '../../privacy/nik-mask.ts';
import type { DocumentType } from '../../registry/types.ts';

/** What the receipt says about one print. */
export interface ReceiptInput {
  documentType: DocumentType;
  /** No. KK, NIK or akta number; a NIK is printed masked (the receipt may be left at the kiosk). */
  documentNumber: string;
  printedAt: Date;
  /** IANA zone of the kiosk; decides WIB, WITA or WIT. Default Asia/Jakarta. */
  timeZone?: string;
  kioskId: string;
  /** Where the kiosk stands, e.g. `Mal Pelayanan Publik Kabupaten Kediri`. */
  location: string;
  /** The print's reference (the ledger id), for a technician or the Dinas to find it. */
  reference: string;
  /** The document's QR text: scanning the receipt checks the document just as scanning the document does. */
  qrText: string;
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
 * The receipt handed over with a printed document: what was printed, when, where, a reference,
 * and the document's QR. Bahasa Indonesia first, English second. Pure: same input, same layout.
 */
export function buildReceiptLayout(input: ReceiptInput): ReceiptLayout {
  const number = input.documentType === 'ktp' || input.documentType === 'kia' ? maskNik(input.documentNumber) : input.documentNumber;
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
    { kind: 'text', text: 'Pindai kode QR untuk memeriksa keaslian dokumen.', align: 'center' },
    { kind: 'text', text: 'Scan the QR code to check the document.', align: 'center' },
    { kind: 'qr', data: input.qrText, moduleSize: 4 },
    { kind: 'text', text: 'Dokumen ini hanya dapat dicetak satu kali.', align: 'center' },
    { kind: 'text', text: 'This document prints only once.', align: 'center' },
    { kind: 'text', text: 'Terima kasih / Thank you', align: 'center', bold: true },
    { kind: 'feed', lines: 3 },
    { kind: 'cut' },
  );
  return { blocks };
}
