import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { mmToPx, preparePhoto, prepareSignature } from '../../kiosk/documents/images.ts';
import { sampleSignature } from '../../kiosk/documents/sample/images.ts';
import { badImages, solidJpeg } from '../fixtures/documents/documents.ts';

let bad: Awaited<ReturnType<typeof badImages>>;
beforeAll(async () => {
  bad = await badImages();
});

const BOX = { widthMm: 21, heightMm: 28 };

describe('photos and signatures through sharp', () => {
  it('crops a landscape photo to the 3:4 card box at 300 dpi, as JPEG', async () => {
    const r = await preparePhoto(await solidJpeg(1600, 900), BOX);
    expect(r.ok).toBe(true);
    const meta = await sharp(r.ok ? r.value : Buffer.alloc(0)).metadata();
    expect(meta.format).toBe('jpeg');
    expect([meta.width, meta.height]).toEqual([mmToPx(21), mmToPx(28)]);
  });

  it('converts PNG and WebP input too', async () => {
    const png = await sharp({ create: { width: 300, height: 400, channels: 4, background: '#80808080' } }).png().toBuffer();
    const webp = await sharp({ create: { width: 300, height: 400, channels: 3, background: '#808080' } }).webp().toBuffer();
    for (const input of [png, webp]) expect((await preparePhoto(input, BOX)).ok).toBe(true);
  });

  it('turns a signature into ink on a transparent background that fits its box', async () => {
    const r = await prepareSignature(await sampleSignature(1), { widthMm: 19, heightMm: 7 });
    expect(r.ok).toBe(true);
    const img = sharp(r.ok ? r.value : Buffer.alloc(0));
    const meta = await img.metadata();
    expect(meta.channels).toBe(4);
    expect(meta.width).toBeLessThanOrEqual(mmToPx(19));
    expect(meta.height).toBeLessThanOrEqual(mmToPx(7));
    const { data } = await img.raw().toBuffer({ resolveWithObject: true });
    const alphas = [...data.filter((_, i) => i % 4 === 3)];
    expect(Math.min(...alphas)).toBe(0); // paper is transparent
    expect(Math.max(...alphas)).toBeGreaterThan(200); // strokes are dark
  });

  it.each([
    ['empty', 'image_empty'],
    ['garbage', 'image_unsupported'],
    ['truncatedJpeg', 'image_corrupt'],
    ['svg', 'image_unsupported'],
    ['huge', 'image_too_large'],
    ['tooManyBytes', 'image_too_large'],
  ] as const)('gives a typed error for a %s photo, and for the same signature', async (name, code) => {
    const photo = await preparePhoto(bad[name], BOX);
    expect(photo).toMatchObject({ ok: false, error: { code, image: 'photo' } });
    const sig = await prepareSignature(bad[name], BOX);
    expect(sig).toMatchObject({ ok: false, error: { code, image: 'signature' } });
  });
});
