import sharp from 'sharp';
import { emblemSvg } from '../emblem.ts';

/** Height of the logo band on the receipt, in printer dots (8 dots per mm at 203 dpi). */
export const LOGO_HEIGHT_DOTS = 120;

const cache = new Map<number, Promise<Buffer>>();

/**
 * The emblem in black, centred on a white band exactly as wide as the paper's printable dots, so the
 * encoder's PNG-to-raster step needs no scaling. Rendered once per width and kept.
 */
export function receiptLogo(paperWidthDots: number): Promise<Buffer> {
  let png = cache.get(paperWidthDots);
  if (!png) {
    const size = LOGO_HEIGHT_DOTS - 8;
    png = sharp({ create: { width: paperWidthDots, height: LOGO_HEIGHT_DOTS, channels: 3, background: '#ffffff' } })
      .composite([{ input: Buffer.from(emblemSvg(size, true)), top: 4, left: Math.round((paperWidthDots - size) / 2) }])
      .greyscale()
      .threshold(128)
      .png({ palette: true, colours: 2 })
      .toBuffer();
    cache.set(paperWidthDots, png);
    png.catch(() => cache.delete(paperWidthDots));
  }
  return png;
}
