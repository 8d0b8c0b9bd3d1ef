import sharp from 'sharp';
import type { ReceiptLayout } from '../../../devices/receipt-printer/layout.ts';

/** A logo-like PNG: dark text block and a soft gradient disc on transparency. */
export async function logoPng(width = 360, height = 120): Promise<Uint8Array> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><radialGradient id="g"><stop offset="0" stop-color="#000"/><stop offset="1" stop-color="#ccc"/></radialGradient></defs>
    <circle cx="${height / 2}" cy="${height / 2}" r="${height / 2 - 4}" fill="url(#g)"/>
    <rect x="${height + 10}" y="30" width="${width - height - 20}" height="24" fill="#000"/>
    <rect x="${height + 10}" y="66" width="${(width - height - 20) / 2}" height="16" fill="#444"/>
  </svg>`;
  return new Uint8Array(await sharp(Buffer.from(svg)).png().toBuffer());
}

export async function sampleReceipt(qr = 'ADM1.kk.3506010101200001.2026-11-23'): Promise<ReceiptLayout> {
  return {
    blocks: [
      { kind: 'image', png: await logoPng() },
      { kind: 'text', text: 'ANJUNGAN DUKCAPIL MANDIRI', align: 'center', bold: true },
      { kind: 'text', text: 'BUKTI CETAK', align: 'center', size: 'double' },
      { kind: 'rule' },
      { kind: 'pair', left: 'Dokumen', right: 'Kartu Keluarga' },
      { kind: 'pair', left: 'Waktu', right: '23-11-2026 10:15' },
      { kind: 'text', text: 'Terima kasih. Simpan bukti ini. Thank you, please keep this receipt.' },
      { kind: 'qr', data: qr, moduleSize: 6 },
      { kind: 'feed', lines: 2 },
      { kind: 'cut' },
    ],
  };
}
