import { err, ok, type Result } from '../../core/result.ts';
import { CODE_PAGE_WPC1252, encodeCp1252 } from './codepage.ts';
import { cmd, GS, LF, QR_MAX_BYTES } from './escpos.ts';
import type { ReceiptBlock, ReceiptLayout } from './layout.ts';
import { ImageError, imageToRaster, type Raster } from './raster.ts';

/** Font A is 12 dots wide: 48 columns on 80 mm paper (576 dots), 32 on 58 mm (384 dots). */
export const FONT_A_WIDTH = 12;
/** Raster images go out in bands so no single command is larger than a printer's buffer. */
const RASTER_BAND_ROWS = 128;

export interface EncodeOptions {
  paperDots: 576 | 384;
}

export interface LayoutError {
  block: number;
  message: string;
}

class Bytes {
  readonly #chunks: Uint8Array[] = [];
  #size = 0;
  push(bytes: ArrayLike<number>): void {
    const b = bytes instanceof Uint8Array ? bytes : Uint8Array.from(bytes);
    this.#chunks.push(b);
    this.#size += b.length;
  }
  done(): Uint8Array {
    const out = new Uint8Array(this.#size);
    let at = 0;
    for (const c of this.#chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

/** `GS v 0` for one raster, in bands. */
export function rasterCommands(r: Raster): Uint8Array {
  const out = new Bytes();
  for (let y = 0; y < r.height; y += RASTER_BAND_ROWS) {
    const rows = Math.min(RASTER_BAND_ROWS, r.height - y);
    out.push([GS, 0x76, 0x30, 0, r.widthBytes & 0xff, r.widthBytes >> 8, rows & 0xff, rows >> 8]);
    out.push(r.data.subarray(y * r.widthBytes, (y + rows) * r.widthBytes));
  }
  return out.done();
}

function fit(text: string, columns: number): string {
  return [...text].length > columns ? [...text].slice(0, columns).join('') : text;
}

function pairLine(left: string, right: string, columns: number): string {
  const r = fit(right, columns);
  const room = Math.max(0, columns - [...r].length - 1);
  const l = fit(left, room);
  return l + ' '.repeat(Math.max(1, columns - [...l].length - [...r].length)) + r;
}

/** Wraps at word boundaries to the printer's column count, so the printer never wraps mid-word. */
export function wrap(text: string, columns: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    let word = w;
    while ([...word].length > columns) {
      if (line) lines.push(line);
      line = '';
      lines.push([...word].slice(0, columns).join(''));
      word = [...word].slice(columns).join('');
    }
    if (!line) line = word;
    else if ([...line].length + 1 + [...word].length <= columns) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}

/**
 * Turns a receipt layout into ESC/POS: init, code page WPC1252, then each block. Images become
 * dithered `GS v 0` rasters at the paper width; QR codes use the printer's own `GS ( k` (model 2,
 * level M). Fails, before anything is sent, on an image that cannot be read or a QR too large.
 */
export async function encodeReceipt(layout: ReceiptLayout, options: EncodeOptions): Promise<Result<Uint8Array, LayoutError>> {
  const columns = options.paperDots / FONT_A_WIDTH;
  const out = new Bytes();
  out.push(cmd.init());
  out.push(cmd.codePage(CODE_PAGE_WPC1252));
  for (const [i, block] of layout.blocks.entries()) {
    const r = await encodeBlock(block, columns, options.paperDots, out);
    if (r !== null) return err({ block: i, message: r });
  }
  return ok(out.done());
}

async function encodeBlock(block: ReceiptBlock, columns: number, paperDots: number, out: Bytes): Promise<string | null> {
  switch (block.kind) {
    case 'text': {
      const double = block.size === 'double';
      out.push(cmd.align(block.align ?? 'left'));
      out.push(cmd.bold(block.bold ?? false));
      out.push(cmd.size(double));
      for (const line of wrap(block.text, double ? columns / 2 : columns)) {
        out.push(encodeCp1252(line));
        out.push([LF]);
      }
      out.push(cmd.size(false));
      out.push(cmd.bold(false));
      out.push(cmd.align('left'));
      return null;
    }
    case 'pair':
      out.push(encodeCp1252(pairLine(block.left, block.right, columns)));
      out.push([LF]);
      return null;
    case 'rule':
      out.push(encodeCp1252('-'.repeat(columns)));
      out.push([LF]);
      return null;
    case 'qr': {
      const data = new TextEncoder().encode(block.data);
      if (data.length === 0) return 'QR data is empty';
      if (data.length > QR_MAX_BYTES) return `QR data of ${data.length} bytes is more than ${QR_MAX_BYTES}`;
      out.push(cmd.align('center'));
      out.push(cmd.qrModel2());
      out.push(cmd.qrModuleSize(block.moduleSize ?? 6));
      out.push(cmd.qrErrorCorrection(49));
      out.push(cmd.qrStore(data));
      out.push(cmd.qrPrint());
      out.push([LF]);
      out.push(cmd.align('left'));
      return null;
    }
    case 'image': {
      try {
        out.push(rasterCommands(await imageToRaster(block.png, paperDots, block.align ?? 'center')));
      } catch (e) {
        if (e instanceof ImageError) return e.message;
        throw e;
      }
      return null;
    }
    case 'feed':
      out.push(cmd.feedLines(block.lines));
      return null;
    case 'cut':
      out.push(cmd.cut());
      return null;
  }
}
