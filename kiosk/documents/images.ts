import sharp, { type Metadata, type Sharp } from 'sharp';
import { err, ok, type Result } from '../../core/result.ts';
import { documentError, type DocumentError } from './errors.ts';

/** Card printers print at 300 dpi; images are sized for that and no larger. */
export const PRINT_DPI = 300;
/** A passport-style photo from the registry is well under this; more is not a photo we asked for. */
export const MAX_IMAGE_BYTES = 8 * 1024 * 1024;
/** Refused before decoding, so a tiny file that claims a vast canvas cannot exhaust memory. */
export const MAX_IMAGE_PIXELS = 40_000_000;
const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp']);

export type ImageRole = 'photo' | 'signature';

export const mmToPx = (mm: number): number => Math.round((mm / 25.4) * PRINT_DPI);

async function checked(bytes: Uint8Array, role: ImageRole): Promise<Result<Sharp, DocumentError>> {
  if (bytes.length === 0) return err(documentError('image_empty', `the ${role} image is empty`, { image: role }));
  if (bytes.length > MAX_IMAGE_BYTES) {
    return err(documentError('image_too_large', `the ${role} image is ${bytes.length} bytes; at most ${MAX_IMAGE_BYTES}`, { image: role }));
  }
  const input = sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error' });
  let meta: Metadata;
  try {
    meta = await input.metadata();
  } catch (e) {
    const message = (e as Error).message;
    if (/pixel limit/i.test(message)) return err(documentError('image_too_large', `the ${role} image has too many pixels`, { image: role }));
    if (/unsupported image format/i.test(message)) return err(documentError('image_unsupported', `the ${role} image is not JPEG, PNG or WebP`, { image: role }));
    return err(documentError('image_corrupt', `the ${role} image cannot be read: ${message}`, { image: role }));
  }
  if (!meta.format || !ACCEPTED_FORMATS.has(meta.format)) {
    return err(documentError('image_unsupported', `the ${role} image is ${meta.format ?? 'of an unknown format'}, not JPEG, PNG or WebP`, { image: role }));
  }
  const { width = 0, height = 0 } = meta;
  if (width === 0 || height === 0) return err(documentError('image_empty', `the ${role} image has no pixels`, { image: role }));
  if (width * height > MAX_IMAGE_PIXELS) {
    return err(documentError('image_too_large', `the ${role} image is ${width}x${height} pixels; at most ${MAX_IMAGE_PIXELS}`, { image: role }));
  }
  return ok(input);
}

async function run<T>(role: ImageRole, work: () => Promise<T>): Promise<Result<T, DocumentError>> {
  try {
    return ok(await work());
  } catch (e) {
    // Headers can be fine while the pixel data is truncated or garbage: that shows only when decoding.
    return err(documentError('image_corrupt', `the ${role} image cannot be decoded: ${(e as Error).message}`, { image: role }));
  }
}

/**
 * A photo cropped to the card's photo box (centre crop to its aspect), at print resolution, as a
 * baseline JPEG that pdfkit embeds without re-encoding. EXIF orientation is applied; alpha becomes white.
 */
export async function preparePhoto(bytes: Uint8Array, box: { widthMm: number; heightMm: number }): Promise<Result<Buffer, DocumentError>> {
  const input = await checked(bytes, 'photo');
  if (!input.ok) return input;
  return run('photo', () =>
    input.value
      .rotate()
      .resize(mmToPx(box.widthMm), mmToPx(box.heightMm), { fit: 'cover', position: 'centre' })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .jpeg({ quality: 88, chromaSubsampling: '4:2:0' })
      .timeout({ seconds: 10 })
      .toBuffer(),
  );
}

/**
 * A handwritten signature as dark ink on a transparent background, so it prints cleanly over the
 * card's tint: the paper becomes transparent, the strokes keep their darkness as opacity.
 */
export async function prepareSignature(bytes: Uint8Array, box: { widthMm: number; heightMm: number }): Promise<Result<Buffer, DocumentError>> {
  const input = await checked(bytes, 'signature');
  if (!input.ok) return input;
  return run('signature', async () => {
    const { data, info } = await input.value
      .rotate()
      .flatten({ background: '#ffffff' })
      .greyscale()
      .resize(mmToPx(box.widthMm), mmToPx(box.heightMm), { fit: 'inside' })
      .negate({ alpha: false })
      .raw()
      .timeout({ seconds: 10 })
      .toBuffer({ resolveWithObject: true });
    const rgba = Buffer.alloc(info.width * info.height * 4);
    for (let i = 0, o = 0; i < data.length; i += info.channels, o += 4) {
      rgba[o] = 0x14;
      rgba[o + 1] = 0x1e;
      rgba[o + 2] = 0x3c;
      rgba[o + 3] = data[i] as number;
    }
    return sharp(rgba, { raw: { width: info.width, height: info.height, channels: 4 } }).png().toBuffer();
  });
}
