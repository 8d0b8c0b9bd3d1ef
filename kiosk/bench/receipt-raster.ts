import QRCode from 'qrcode';
import { percentile, round, type Bench } from './bench.ts';
import { encodeReceipt } from '../../devices/receipt-printer/encoder.ts';
import { clearRasterCache } from '../../devices/receipt-printer/raster.ts';
import type { ReceiptLayout } from '../../devices/receipt-printer/layout.ts';
import { buildReceiptLayout, receiptQrText } from '../documents/receipt/layout.ts';
import { receiptLogo } from '../documents/receipt/logo.ts';
import { sampleFamily, signContent } from '../documents/sample/family.ts';

/** The receipt a citizen takes home, as the print pipeline builds it, with its reference QR. */
async function kioskReceipt(): Promise<{ layout: ReceiptLayout; qrText: string }> {
  const { signature } = signContent(sampleFamily({ members: 10 }));
  const input = {
    documentType: 'kk',
    documentNumber: signature.fields.number,
    printedAt: new Date('2026-11-23T03:31:00Z'),
    kioskId: 'ADM-3506-BENCH',
    location: 'Mal Pelayanan Publik Kabupaten Kediri',
    reference: 'LDG-BENCH',
  } as const;
  const layout = buildReceiptLayout({ ...input, logo: await receiptLogo(576) });
  return { layout, qrText: receiptQrText(input) };
}

async function time(layout: ReceiptLayout, runs: number, cold: boolean): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (cold) clearRasterCache();
    const t0 = performance.now();
    const r = await encodeReceipt(layout, { paperDots: 576 });
    samples.push(performance.now() - t0);
    if (!r.ok) throw new Error(r.error.message);
  }
  return samples;
}

/**
 * The receipt's raster work at 80 mm (576 dots): logo PNG → resize, grey, Floyd–Steinberg dither,
 * `GS v 0` bands, plus the QR as the printer's own `GS ( k`. Measured against sending the QR as a
 * rasterised image too (what a printer without `GS ( k` needs), in the same run.
 */
export const receiptRasterBench: Bench = {
  name: 'receipt raster',
  async run(ctx) {
    const { layout: native, qrText } = await kioskReceipt();
    const qrPng = new Uint8Array(await QRCode.toBuffer(qrText, { errorCorrectionLevel: 'M', scale: 4, margin: 2 }));
    const asImage: ReceiptLayout = { blocks: native.blocks.map((b) => (b.kind === 'qr' ? { kind: 'image', png: qrPng } : b)) };
    const runs = Math.max(20, Math.round(200 * ctx.scale));
    await time(native, 10, true);
    await time(asImage, 10, true);
    ctx.note(`receipt raster: ${runs} runs each`);
    const a = await time(native, runs, true);
    const b = await time(asImage, runs, true);
    const warm = await time(native, runs, false);
    const p50 = percentile(a, 50);
    return {
      figures: [
        { key: 'receipt_raster_ms_p50', value: round(p50), unit: 'ms', label: 'receipt raster 576 dots, logo + QR (GS ( k), logo converted every time, median (target < 10)' },
        { key: 'receipt_raster_ms_p95', value: round(percentile(a, 95)), unit: 'ms', label: 'receipt raster 576 dots, logo + QR, logo converted every time, p95' },
        { key: 'receipt_raster_cached_ms_p50', value: round(percentile(warm, 50), 3), unit: 'ms', label: 'same receipt with the logo raster cached (every receipt after the first), median' },
        { key: 'receipt_raster_cached_ms_p95', value: round(percentile(warm, 95), 3), unit: 'ms', label: 'same receipt with the logo raster cached, p95' },
        { key: 'receipt_raster_qr_image_ms_p50', value: round(percentile(b, 50)), unit: 'ms', label: 'same receipt with the QR sent as a raster image, median' },
        { key: 'receipt_raster_qr_image_ratio', value: round(percentile(b, 50) / p50), unit: 'x', label: 'QR as raster image vs printer-drawn QR (higher = native QR faster)' },
      ],
    };
  },
};
