import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReceiptLayout, receiptQrText, receiptTime, type ReceiptInput } from '../../kiosk/documents/receipt/layout.ts';
import { receiptLogo, LOGO_HEIGHT_DOTS } from '../../kiosk/documents/receipt/logo.ts';
import { makePrinterRig } from '../devices/receipt-printer/rigs.ts';
import { allDocuments } from '../fixtures/documents/documents.ts';
import { workDir } from './tools.ts';

let dir: string;
let input: ReceiptInput;
beforeAll(async () => {
  dir = workDir();
  const docs = await allDocuments(3);
  input = {
    documentType: 'ktp',
    documentNumber: docs.ktp.signature.fields.number,
    printedAt: new Date('2024-05-13T03:31:00Z'),
    kioskId: 'ADM-3506-SIM1',
    location: 'Mal Pelayanan Publik Kabupaten Kediri',
    reference: 'LDG-000123',
  };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const texts = (layout: ReturnType<typeof buildReceiptLayout>): string =>
  layout.blocks.map((b) => (b.kind === 'text' ? b.text : b.kind === 'pair' ? `${b.left}=${b.right}` : `[${b.kind}]`)).join('\n');

describe('receipt layout', () => {
  it('says what was printed, when, where, and a reference, also as a QR', async () => {
    const layout = buildReceiptLayout({ ...input, logo: await receiptLogo(576) });
    const t = texts(layout);
    expect(t).toContain('Dokumen=KTP-el');
    expect(t).toContain('Waktu=13-05-2024 10:31 WIB');
    expect(t).toContain('Kios=ADM-3506-SIM1');
    expect(t).toContain('Referensi=LDG-000123');
    expect(t).toContain('Mal Pelayanan Publik Kabupaten Kediri');
    expect(layout.blocks[0]?.kind).toBe('image');
    expect(layout.blocks.at(-1)?.kind).toBe('cut');
    const qr = layout.blocks.find((b) => b.kind === 'qr');
    expect(qr?.kind === 'qr' && qr.data).toBe('ADMRCPT1:ADM-3506-SIM1:LDG-000123:ktp');
    expect(receiptQrText(input)).toBe('ADMRCPT1:ADM-3506-SIM1:LDG-000123:ktp');
    // Printable on any code page: plain ASCII only.
    expect(/^[\x20-\x7e\n[\]=]*$/.test(t)).toBe(true);
  });

  it('masks the document number (NIK, No. KK, akta) in the text and the QR, as on the KTP-el and KIA', () => {
    const layout = buildReceiptLayout(input);
    const t = texts(layout);
    expect(t).toContain('Nomor=3506********0001');
    expect(t).not.toContain(input.documentNumber);
    // The receipt may be left at the kiosk: nothing on it, QR included, gives the NIK away.
    expect(JSON.stringify(layout)).not.toContain(input.documentNumber);
    const akta = buildReceiptLayout({ ...input, documentType: 'akta-lahir', documentNumber: '3506-LU-15032021-0042' });
    expect(texts(akta)).toContain('Nomor=3506-LU-********-0042');
    expect(JSON.stringify(akta)).not.toContain('15032021');
    const kk = buildReceiptLayout({ ...input, documentType: 'kk', documentNumber: '3506091305240001' });
    expect(texts(kk)).toContain('Nomor=3506********0001');
    expect(JSON.stringify(kk)).not.toContain('3506091305240001');
    // The receipt's QR stays the print reference, with no number in it.
    const qr = kk.blocks.find((b) => b.kind === 'qr');
    expect(qr?.kind === 'qr' && qr.data).toBe('ADMRCPT1:ADM-3506-SIM1:LDG-000123:kk');
  });

  it('writes the time in the kiosk zone: WIB, WITA, WIT', () => {
    const at = new Date('2024-05-13T23:59:00Z');
    expect(receiptTime(at, 'Asia/Jakarta')).toBe('14-05-2024 06:59 WIB');
    expect(receiptTime(at, 'Asia/Makassar')).toBe('14-05-2024 07:59 WITA');
    expect(receiptTime(at, 'Asia/Jayapura')).toBe('14-05-2024 08:59 WIT');
  });

  it('is the same layout for the same input', () => {
    expect(JSON.stringify(buildReceiptLayout(input))).toBe(JSON.stringify(buildReceiptLayout(input)));
  });
});

describe('the receipt on paper', () => {
  it('makes the logo exactly 576 dots wide for 80 mm paper and 384 for 58 mm', async () => {
    for (const w of [576, 384]) {
      const meta = await sharp(await receiptLogo(w)).metadata();
      expect([meta.width, meta.height]).toEqual([w, LOGO_HEIGHT_DOTS]);
    }
  });

  it.each([576, 384] as const)('prints through the ESC/POS encoder on %i dots: the simulator shows the text and zbarimg reads the QR', async (paperDots) => {
    const rig = await makePrinterRig('memory', { paperDots });
    try {
      const layout = buildReceiptLayout({ ...input, logo: await receiptLogo(paperDots) });
      const printed = await rig.printer.print(layout, AbortSignal.timeout(10_000));
      expect(printed.ok).toBe(true);
      const [receipt] = rig.sim.receipts();
      expect(receipt?.rasters).toBe(1);
      expect(receipt?.qrCodes).toEqual([receiptQrText(input)]);
      expect(receipt?.lines.join('\n')).toContain(input.reference);
      const png = join(dir, `receipt-${paperDots}.png`);
      writeFileSync(png, await (receipt as NonNullable<typeof receipt>).png());
      const z = spawnSync('zbarimg', ['--quiet', '--raw', png], { encoding: 'utf8' });
      expect(z.stdout.trim()).toBe(receiptQrText(input));
    } finally {
      await rig.close();
    }
  });
});
