import sharp from 'sharp';
import QRCode from 'qrcode';
import { percentile, round, type Bench } from './bench.ts';
import { encodeReceipt } from '../../devices/receipt-printer/encoder.ts';
import { clearRasterCache } from '../../devices/receipt-printer/raster.ts';
import type { ReceiptLayout } from '../../devices/receipt-printer/layout.ts';

const QR_TEXT = 'ADM1.kk.3506010101200001.2026-11-23.K3506-2026.5mW0pQq3hXo1yVb4Jk7mZ9sT2cR8dL6eF0gH1iJ2kL3mN4oP5qR6sT7uV8wX9yZ';

/** A logo as kiosks have: a soft round emblem (needs dithering) and dark lettering, 480×160, with transparency. */
async function logo(): Promise<Uint8Array> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="160">
    <defs><radialGradient id="g"><stop offset="0" stop-color="#123"/><stop offset="1" stop-color="#9ab"/></radialGradient></defs>
    <circle cx="80" cy="80" r="74" fill="url(#g)"/>
    <rect x="170" y="40" width="290" height="34" fill="#111"/><rect x="170" y="92" width="200" height="22" fill="#555"/></svg>`;
  return new Uint8Array(await sharp(Buffer.from(svg)).png().toBuffer());
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
    const png = await logo();
    const qrPng = new Uint8Array(await QRCode.toBuffer(QR_TEXT, { errorCorrectionLevel: 'M', scale: 6, margin: 2 }));
    const native: ReceiptLayout = { blocks: [{ kind: 'image', png }, { kind: 'qr', data: QR_TEXT, moduleSize: 6 }, { kind: 'cut' }] };
    const asImage: ReceiptLayout = { blocks: [{ kind: 'image', png }, { kind: 'image', png: qrPng }, { kind: 'cut' }] };
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
