import sharp from 'sharp';
import QRCode from 'qrcode';

/** What the simulated head put on paper, in order; rendered to PNG on demand. */
export type PrintedItem =
  | { kind: 'line'; align: number; segments: Array<{ text: string; bold: boolean; widthMul: number; heightMul: number }>; dots: number }
  | { kind: 'raster'; widthBytes: number; data: Uint8Array; height: number }
  | { kind: 'qr'; data: Uint8Array; moduleSize: number; ecc: 'L' | 'M' | 'Q' | 'H'; align: number; dots: number }
  | { kind: 'feed'; dots: number };

export const FONT_W = 12;
export const FONT_H = 24;

const escapeMarkup = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The QR module matrix for the stored bytes, as the printer would build it. */
export function qrMatrix(data: Uint8Array, ecc: 'L' | 'M' | 'Q' | 'H'): { size: number; get(r: number, c: number): boolean } {
  const code = QRCode.create([{ data: Buffer.from(data), mode: 'byte' }], { errorCorrectionLevel: ecc });
  return { size: code.modules.size, get: (r, c) => Boolean(code.modules.get(r, c)) };
}

async function textInk(text: string, bold: boolean, widthMul: number, heightMul: number): Promise<{ w: number; h: number; ink: Uint8Array }> {
  const px = 20 * Math.max(widthMul, heightMul);
  const { data, info } = await sharp({
    text: { text: escapeMarkup(text), font: `DejaVu Sans Mono${bold ? ' Bold' : ''} ${px}`, dpi: 72 },
  })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { w: info.width, h: info.height, ink: new Uint8Array(data.buffer, data.byteOffset, info.width * info.height) };
}

/**
 * Draws the items on a white strip `paperDots` wide, one dot per pixel (203 dpi), as a person
 * would see the receipt: text in a 12×24 monospace cell, rasters bit for bit, QR codes module by
 * module at the module size the host chose.
 */
export async function renderPaper(items: readonly PrintedItem[], paperDots: number): Promise<Buffer> {
  const heightOf = (it: PrintedItem) => (it.kind === 'raster' ? it.height : it.dots);
  const height = Math.max(1, items.reduce((n, it) => n + heightOf(it), 0));
  const page = new Uint8Array(paperDots * height).fill(255);
  const dot = (x: number, y: number) => {
    if (x >= 0 && x < paperDots && y >= 0 && y < height) page[y * paperDots + x] = 0;
  };
  let y = 0;
  for (const it of items) {
    if (it.kind === 'raster') {
      for (let r = 0; r < it.height; r++) {
        for (let xb = 0; xb < it.widthBytes; xb++) {
          const byte = it.data[r * it.widthBytes + xb] as number;
          if (byte === 0) continue;
          for (let bit = 0; bit < 8; bit++) if (byte & (0x80 >> bit)) dot(xb * 8 + bit, y + r);
        }
      }
    } else if (it.kind === 'qr') {
      const m = qrMatrix(it.data, it.ecc);
      const side = m.size * it.moduleSize;
      const x0 = it.align === 1 ? Math.floor((paperDots - side) / 2) : it.align === 2 ? paperDots - side : 0;
      const y0 = y + Math.floor((it.dots - side) / 2);
      for (let r = 0; r < m.size; r++)
        for (let c = 0; c < m.size; c++)
          if (m.get(r, c)) for (let dy = 0; dy < it.moduleSize; dy++) for (let dx = 0; dx < it.moduleSize; dx++) dot(x0 + c * it.moduleSize + dx, y0 + r * it.moduleSize + dy);
    } else if (it.kind === 'line') {
      const width = it.segments.reduce((n, s) => n + [...s.text].length * FONT_W * s.widthMul, 0);
      let x = it.align === 1 ? Math.floor((paperDots - width) / 2) : it.align === 2 ? paperDots - width : 0;
      const lineH = Math.max(...it.segments.map((s) => FONT_H * s.heightMul), FONT_H);
      for (const s of it.segments) {
        if (s.text.trim().length > 0) {
          const g = await textInk(s.text, s.bold, s.widthMul, s.heightMul);
          const top = y + (lineH - g.h);
          for (let gy = 0; gy < g.h; gy++) for (let gx = 0; gx < g.w; gx++) if ((g.ink[gy * g.w + gx] as number) > 110) dot(x + gx, top + gy);
        }
        x += [...s.text].length * FONT_W * s.widthMul;
      }
    }
    y += heightOf(it);
  }
  return sharp(Buffer.from(page.buffer, page.byteOffset, page.byteLength), { raw: { width: paperDots, height, channels: 1 } }).png().toBuffer();
}
