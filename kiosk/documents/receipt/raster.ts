import sharp from 'sharp';
import type { ReceiptLayout } from '../../../devices/receipt-printer/layout.ts';
import { QR_QUIET_MODULES, qrMatrix } from '../qr-draw.ts';

/**
 * 1-bit rasters as a thermal head prints them (and as ESC/POS `GS v 0` carries them): rows of
 * `bytesPerRow` bytes, most significant bit first, 1 = black dot.
 */
export interface Raster {
  widthDots: number;
  heightDots: number;
  bytesPerRow: number;
  data: Uint8Array;
}

function blank(widthDots: number, heightDots: number): Raster {
  const bytesPerRow = Math.ceil(widthDots / 8);
  return { widthDots, heightDots, bytesPerRow, data: new Uint8Array(bytesPerRow * heightDots) };
}

function setDot(r: Raster, x: number, y: number): void {
  const i = y * r.bytesPerRow + (x >> 3);
  r.data[i] = (r.data[i] as number) | (0x80 >> (x & 7));
}

/** A PNG at the paper width (scaled down when wider, never up), thresholded to black and white. */
export async function pngToRaster(png: Uint8Array, paperWidthDots: number): Promise<Raster> {
  const { data, info } = await sharp(png)
    .flatten({ background: '#ffffff' })
    .greyscale()
    .resize({ width: paperWidthDots, withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const r = blank(info.width, info.height);
  for (let y = 0; y < info.height; y++) {
    for (let x = 0; x < info.width; x++) if ((data[(y * info.width + x) * info.channels] as number) < 128) setDot(r, x, y);
  }
  return r;
}

/** The QR centred on the paper width, `moduleDots` dots per module, with its quiet zone. */
export function qrToRaster(text: string, paperWidthDots: number, moduleDots: number): Raster {
  const m = qrMatrix(text);
  const side = (m.size + 2 * QR_QUIET_MODULES) * moduleDots;
  if (side > paperWidthDots) throw new RangeError(`a ${m.size}-module QR at ${moduleDots} dots per module is wider than ${paperWidthDots} dots`);
  const r = blank(paperWidthDots, side);
  const left = Math.floor((paperWidthDots - side) / 2) + QR_QUIET_MODULES * moduleDots;
  const top = QR_QUIET_MODULES * moduleDots;
  for (let row = 0; row < m.size; row++) {
    for (let col = 0; col < m.size; col++) {
      if (!m.dark(row, col)) continue;
      for (let dy = 0; dy < moduleDots; dy++) for (let dx = 0; dx < moduleDots; dx++) setDot(r, left + col * moduleDots + dx, top + row * moduleDots + dy);
    }
  }
  return r;
}

/**
 * The graphic parts of a receipt (logo and QR) as rasters at the paper width: what a printer without
 * native QR (`GS ( k`) receives, what the simulated printer shows, and what the benchmark times.
 */
export async function receiptGraphics(layout: ReceiptLayout, paperWidthDots: number): Promise<Raster[]> {
  const out: Raster[] = [];
  for (const b of layout.blocks) {
    if (b.kind === 'image') out.push(await pngToRaster(b.png, paperWidthDots));
    else if (b.kind === 'qr') out.push(qrToRaster(b.data, paperWidthDots, b.moduleSize ?? 4));
  }
  return out;
}

/** A raster as a PNG, for previews and for checking with zbarimg. */
export function rasterToPng(r: Raster): Promise<Buffer> {
  const grey = Buffer.alloc(r.widthDots * r.heightDots, 255);
  for (let y = 0; y < r.heightDots; y++) {
    for (let x = 0; x < r.widthDots; x++) if (((r.data[y * r.bytesPerRow + (x >> 3)] as number) & (0x80 >> (x & 7))) !== 0) grey[y * r.widthDots + x] = 0;
  }
  return sharp(grey, { raw: { width: r.widthDots, height: r.heightDots, channels: 1 } }).png().toBuffer();
}
