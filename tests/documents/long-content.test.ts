import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDocument } from '../../kiosk/documents/render.ts';
import { signContent } from '../../kiosk/documents/sample/family.ts';
import type { DocumentContent } from '../../core/domain.ts';
import { LONG_NAME, LONG_STREET, longFamily, underFiveKia, allDocuments } from '../fixtures/documents/documents.ts';
import { decodeQrCodes, pdfinfo, pdftext, savePdf, workDir } from './tools.ts';

let dir: string;
beforeAll(() => {
  dir = workDir();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Whitespace-free text, so a value wrapped inside its cell still counts as shown. */
const squash = (s: string): string => s.replace(/\s+/g, '');
/** Also without hyphens: pdftotext joins a line that ends in a hyphen and drops the hyphen. */
const squashHyphens = (s: string): string => squash(s).replace(/-/g, '');

async function renderKk(members: number): Promise<{ path: string; content: Extract<DocumentContent, { type: 'kk' }>; qrText: string; pages: number }> {
  const content = longFamily(members);
  const r = await renderDocument(content, signContent(content).signature);
  if (!r.ok) throw new Error(r.error.message);
  return { path: savePdf(dir, `kk-${members}`, r.value.pdf), content, qrText: r.value.qrText, pages: r.value.pages };
}

describe('long content stays legible and is never clipped', () => {
  it('a 12-member KK with long names and a long address shows every name, NIK and the whole address', async () => {
    const kk = await renderKk(12);
    const text = squash(pdftext(kk.path));
    expect(text).toContain(squash(LONG_STREET));
    for (const m of kk.content.members) {
      expect(text).toContain(squash(m.name));
      expect(text).toContain(m.nik);
      expect(text).toContain(squash(m.fatherName));
    }
    expect(pdfinfo(kk.path).pages).toBe(kk.pages);
  });

  it('a 30-member KK continues on further pages with the table headers repeated and page numbers', async () => {
    const kk = await renderKk(30);
    const info = pdfinfo(kk.path);
    expect(info.pages).toBeGreaterThanOrEqual(2);
    const text = pdftext(kk.path);
    expect(text).toContain(`KARTU KELUARGA No. ${kk.content.family.kkNumber} (lanjutan)`);
    expect(text).toContain(`Halaman ${info.pages} dari ${info.pages}`);
    expect(text.split('Nama Lengkap').length - 1).toBeGreaterThanOrEqual(2);
    const flat = squash(text);
    for (const m of kk.content.members) expect(flat).toContain(m.nik);
    expect(text).toContain(LONG_NAME.split(' ')[0] as string);
    // One QR, on the page with the official's block, and it decodes.
    expect(decodeQrCodes(kk.path, dir, 150)).toEqual([kk.qrText]);
  });

  it('a KTP-el with a long name and address shrinks its text to fit and still shows all of it', async () => {
    const docs = await allDocuments(3);
    const ktp = docs.ktp.content as Extract<DocumentContent, { type: 'ktp' }>;
    const c: Extract<DocumentContent, { type: 'ktp' }> = { ...ktp, person: { ...ktp.person, name: LONG_NAME, address: { ...ktp.person.address, street: LONG_STREET } } };
    const r = await renderDocument(c, signContent(c).signature);
    expect(r.ok).toBe(true);
    const path = savePdf(dir, 'ktp-long', r.ok ? r.value.pdf : Buffer.alloc(0));
    const text = squashHyphens(pdftext(path));
    expect(text).toContain(squashHyphens(LONG_NAME));
    expect(text).toContain(squashHyphens(LONG_STREET));
  });

  it('a KIA for a child under five has no photo, from five it has one', async () => {
    const young = await underFiveKia();
    const r = await renderDocument(young.content, young.signature);
    expect(r.ok).toBe(true);
    const docs = await allDocuments(10);
    const kia = docs.kia.content as Extract<DocumentContent, { type: 'kia' }>;
    const older: Extract<DocumentContent, { type: 'kia' }> = { ...kia, person: { ...kia.person, birthDate: '2015-02-03', nik: '3506094302150009' } };
    const o = await renderDocument(older, signContent(older).signature);
    expect(o.ok).toBe(true);
    const images = (pdf: Buffer): number => (pdf.toString('latin1').match(/\/Subtype \/Image/g) ?? []).length;
    expect(images(r.ok ? r.value.pdf : Buffer.alloc(0))).toBe(0);
    expect(images(o.ok ? o.value.pdf : Buffer.alloc(0))).toBe(1);
    const noPhoto: Extract<DocumentContent, { type: 'kia' }> = { ...older, person: { ...older.person, photo: null } };
    expect(await renderDocument(noPhoto, signContent(noPhoto).signature)).toMatchObject({ ok: false, error: { code: 'invalid_content' } });
  });
});
