import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import sharp from 'sharp';
import { encodeReceipt, wrap } from '../../../devices/receipt-printer/encoder.ts';
import { decodeCp1252, encodeCp1252 } from '../../../devices/receipt-printer/codepage.ts';
import { clearRasterCache, ditherToRaster, imageToRaster } from '../../../devices/receipt-printer/raster.ts';

describe('ESC/POS encoder', () => {
  it('starts with ESC @ and code page WPC1252 and ends a cut with GS V 66', async () => {
    const r = await encodeReceipt({ blocks: [{ kind: 'text', text: 'Halo' }, { kind: 'cut' }] }, { paperDots: 576 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect([...r.value.subarray(0, 5)]).toEqual([0x1b, 0x40, 0x1b, 0x74, 16]);
    expect([...r.value.subarray(-4)]).toEqual([0x1d, 0x56, 66, 0]);
  });

  it('stores QR data with GS ( k and the right length', async () => {
    const r = await encodeReceipt({ blocks: [{ kind: 'qr', data: 'ABC' }] }, { paperDots: 384 });
    if (!r.ok) throw new Error('encode failed');
    const hex = Buffer.from(r.value).toString('hex');
    expect(hex).toContain('1d286b0600315030414243');
    expect(hex).toContain('1d286b0300315130');
  });

  it('refuses an empty or oversized QR, and names the block', async () => {
    expect(await encodeReceipt({ blocks: [{ kind: 'rule' }, { kind: 'qr', data: '' }] }, { paperDots: 576 })).toMatchObject({ ok: false, error: { block: 1 } });
    expect(await encodeReceipt({ blocks: [{ kind: 'qr', data: 'x'.repeat(3000) }] }, { paperDots: 576 })).toMatchObject({ ok: false });
  });

  it('wraps words to the column count', () => {
    expect(wrap('Terima kasih telah menggunakan ADM', 12)).toEqual(['Terima kasih', 'telah', 'menggunakan', 'ADM']);
    fc.assert(fc.property(fc.string({ maxLength: 200 }), fc.integer({ min: 4, max: 48 }), (s, cols) => wrap(s, cols).every((l) => [...l].length <= cols)));
  });

  it('code page round-trips Latin text and replaces what it lacks', () => {
    expect(decodeCp1252(encodeCp1252('Rp 10.000 – café “ok” €'))).toBe('Rp 10.000 – café “ok” €');
    expect(decodeCp1252(encodeCp1252('日本'))).toBe('??');
  });

  it('dithers grey to about the right share of black dots', () => {
    const grey = new Uint8Array(64 * 64).fill(128);
    const r = ditherToRaster(grey, 64, 64, 64, 0);
    let black = 0;
    for (const b of r.data) for (let i = 0; i < 8; i++) if (b & (1 << i)) black++;
    expect(black / (64 * 64)).toBeGreaterThan(0.4);
    expect(black / (64 * 64)).toBeLessThan(0.6);
  });

  it('scales a wide image down to the paper and centres a narrow one', async () => {
    const wide = new Uint8Array(await sharp({ create: { width: 1200, height: 100, channels: 3, background: '#000' } }).png().toBuffer());
    const r = await imageToRaster(wide, 576);
    expect(r.widthBytes).toBe(72);
    expect(r.height).toBe(48);
    const narrow = new Uint8Array(await sharp({ create: { width: 80, height: 10, channels: 3, background: '#000' } }).png().toBuffer());
    const n = await imageToRaster(narrow, 576);
    expect(n.data[0]).toBe(0); // left margin is white
    expect(n.data[36]).toBe(0xff); // middle is black
  });

  it('keeps the raster of an image it has seen (the logo), per width and alignment', async () => {
    clearRasterCache();
    const png = new Uint8Array(await sharp({ create: { width: 100, height: 20, channels: 3, background: '#777' } }).png().toBuffer());
    const a = await imageToRaster(png, 576);
    expect(await imageToRaster(Uint8Array.from(png), 576)).toBe(a);
    expect(await imageToRaster(png, 576, 'left')).not.toBe(a);
    expect(await imageToRaster(png, 384)).not.toBe(a);
    clearRasterCache();
    const b = await imageToRaster(png, 576);
    expect(b).not.toBe(a);
    expect(Buffer.from(b.data).equals(Buffer.from(a.data))).toBe(true);
  });
});
