import { createHash } from 'node:crypto';
import sharp, { type OutputInfo } from 'sharp';

/** A 1-bit image, rows of `widthBytes` bytes, most significant bit leftmost, 1 = black dot. */
export interface Raster {
  widthBytes: number;
  height: number;
  data: Uint8Array;
}

export class ImageError extends Error {
  override readonly name = 'ImageError';
}

/**
 * Floyd–Steinberg error diffusion from 8-bit grey to 1 bit: thermal heads have no grey, and a
 * plain threshold turns photos and soft logos into blobs.
 */
export function ditherToRaster(grey: Uint8Array, width: number, height: number, canvasWidth: number, offsetX: number): Raster {
  const widthBytes = Math.ceil(canvasWidth / 8);
  const data = new Uint8Array(widthBytes * height);
  let cur = new Float32Array(width + 2);
  let next = new Float32Array(width + 2);
  for (let x = 0; x < width; x++) cur[x + 1] = grey[x] as number;
  for (let y = 0; y < height; y++) {
    if (y + 1 < height) {
      const row = (y + 1) * width;
      for (let x = 0; x < width; x++) next[x + 1] = grey[row + x] as number;
    }
    for (let x = 0; x < width; x++) {
      const old = cur[x + 1] as number;
      const black = old < 128;
      const error = old - (black ? 0 : 255);
      if (black) {
        const px = x + offsetX;
        data[y * widthBytes + (px >> 3)] = (data[y * widthBytes + (px >> 3)] as number) | (0x80 >> (px & 7));
      }
      cur[x + 2] = (cur[x + 2] as number) + (error * 7) / 16;
      next[x] = (next[x] as number) + (error * 3) / 16;
      next[x + 1] = (next[x + 1] as number) + (error * 5) / 16;
      next[x + 2] = (next[x + 2] as number) + error / 16;
    }
    [cur, next] = [next, cur];
    next.fill(0);
  }
  return { widthBytes, height, data };
}

/**
 * Every receipt carries the same logo: its raster is kept (by content hash) so only the first
 * receipt pays for decoding, resizing and dithering. Small and bounded.
 */
const CACHE_SIZE = 8;
const cache = new Map<string, Raster>();

export function clearRasterCache(): void {
  cache.clear();
}

/**
 * A PNG (or any image sharp reads) as a raster the full paper width: scaled down to fit (never
 * up), flattened on white, grey, dithered, and placed left or centred. Rasters are shared from the
 * cache and must not be modified.
 */
export async function imageToRaster(image: Uint8Array, paperDots: number, align: 'left' | 'center' = 'center'): Promise<Raster> {
  const key = `${paperDots}:${align}:${createHash('sha1').update(image).digest('base64')}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const raster = await convert(image, paperDots, align);
  cache.set(key, raster);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return raster;
}

async function convert(image: Uint8Array, paperDots: number, align: 'left' | 'center'): Promise<Raster> {
  let out: { data: Buffer; info: OutputInfo };
  try {
    out = await sharp(image, { limitInputPixels: 16_000_000 })
      .flatten({ background: '#ffffff' })
      .resize({ width: paperDots, withoutEnlargement: true, fit: 'inside', kernel: 'lanczos3' })
      .greyscale()
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (e) {
    throw new ImageError(`image cannot be read: ${(e as Error).message}`);
  }
  const { width, height, channels } = out.info;
  let grey = new Uint8Array(out.data.buffer, out.data.byteOffset, out.data.byteLength);
  if (channels !== 1) grey = Uint8Array.from({ length: width * height }, (_, i) => grey[i * channels] as number);
  const offset = align === 'center' ? Math.floor((paperDots - width) / 2) : 0;
  return ditherToRaster(grey, width, height, paperDots, offset);
}
