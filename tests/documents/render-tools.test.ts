import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDocument, type RenderedDocument } from '../../kiosk/documents/render.ts';
import type { DocumentContent } from '../../core/domain.ts';
import { SAMPLE_OFFICE } from '../../kiosk/documents/sample/office.ts';
import type { SampleDocument } from '../../kiosk/documents/sample/family.ts';
import { allDocuments } from '../fixtures/documents/documents.ts';
import { adm, decodeQrCodes, pdffonts, pdfinfo, pdftext, savePdf, workDir } from './tools.ts';

/** Every document type, checked with the tools any reader has: poppler for the PDF, zbar for the QR, `adm verify` for the signature. */

const dmy = (iso: string): string => iso.split('-').reverse().join('-');

function expectedValues(c: DocumentContent): string[] {
  const office = [c.office.officialName, c.office.officialNip, c.office.city];
  switch (c.type) {
    case 'kk': {
      const a = c.family.address;
      return [
        c.family.kkNumber, c.head.name, a.street, `${a.rt}/${a.rw}`, a.village, a.district, a.regency, a.postalCode, a.province, dmy(c.issuedOn), ...office,
        ...c.members.flatMap((m) => [
          m.name, m.nik, m.sex, m.birthPlace, dmy(m.birthDate), m.religion, m.education, m.occupation, m.bloodType,
          m.maritalStatus, m.marriageDate ? dmy(m.marriageDate) : '-', m.relation, m.nationality, m.fatherName, m.motherName,
        ]),
      ];
    }
    case 'ktp': {
      const p = c.person;
      const a = p.address;
      return [p.nik, p.name, p.birthPlace, dmy(p.birthDate), p.sex, p.bloodType, a.street, `${a.rt}/${a.rw}`, a.village, a.district, a.province, a.regency,
        p.religion, p.maritalStatus, p.occupation, p.nationality, 'SEUMUR HIDUP', c.office.city, dmy(c.issuedOn)];
    }
    case 'kia': {
      const p = c.person;
      const a = p.address;
      return [p.nik, p.name, p.birthPlace, dmy(p.birthDate), p.sex, p.bloodType, p.religion, p.nationality, a.street, a.village, a.district,
        dmy(c.validUntil), c.kkNumber, c.headName, c.birthAktaNumber, ...office, dmy(c.issuedOn)];
    }
    case 'akta-lahir': {
      const b = c.birth;
      return [b.aktaNumber, b.childNik, b.childName, b.sex, b.birthPlace, dmy(b.birthDate), String(b.childOrder), b.fatherName, b.motherName, dmy(b.registeredOn), ...office];
    }
    case 'akta-mati': {
      const d = c.death;
      return [d.aktaNumber, d.nik, d.name, d.sex, d.placeOfDeath, dmy(d.dateOfDeath), dmy(d.birthDate), dmy(d.registeredOn), ...office];
    }
  }
}

const PAGE: Record<DocumentContent['type'], { w: number; h: number; pages: number }> = {
  kk: { w: 841.89, h: 595.28, pages: 1 },
  'akta-lahir': { w: 595.28, h: 841.89, pages: 1 },
  'akta-mati': { w: 595.28, h: 841.89, pages: 1 },
  ktp: { w: 242.65, h: 153.01, pages: 2 },
  kia: { w: 242.65, h: 153.01, pages: 2 },
};

let dir: string;
let officesFile: string;
let docs: Record<DocumentContent['type'], SampleDocument>;
const rendered = new Map<string, { doc: RenderedDocument; path: string }>();

beforeAll(async () => {
  dir = workDir();
  officesFile = join(dir, 'offices.json');
  writeFileSync(officesFile, JSON.stringify([SAMPLE_OFFICE]));
  docs = await allDocuments();
  for (const [type, d] of Object.entries(docs)) {
    const r = await renderDocument(d.content, d.signature);
    if (!r.ok) throw new Error(`${type}: ${r.error.code} ${r.error.message}`);
    rendered.set(type, { doc: r.value, path: savePdf(dir, type, r.value.pdf) });
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(Object.keys(PAGE) as Array<DocumentContent['type']>)('%s', (type) => {
  const get = (): { doc: RenderedDocument; path: string } => rendered.get(type) as { doc: RenderedDocument; path: string };

  it('has the page size and page count of the real document (pdfinfo)', () => {
    const info = pdfinfo(get().path);
    expect(info.pages).toBe(PAGE[type].pages);
    expect(get().doc.pages).toBe(PAGE[type].pages);
    expect(info.widthPt).toBeCloseTo(PAGE[type].w, 1);
    expect(info.heightPt).toBeCloseTo(PAGE[type].h, 1);
    expect(info.raw).toMatch(/^Keywords:\s+ADM2:/m);
  });

  it('embeds every font it uses (pdffonts)', () => {
    const fonts = pdffonts(get().path);
    expect(fonts.length).toBeGreaterThan(0);
    for (const f of fonts) {
      expect(f.embedded, `${f.name} embedded`).toBe(true);
      expect(f.name).toMatch(/^[A-Z]{6}\+DejaVuSansCondensed/);
    }
  });

  it('shows every field value (pdftotext)', () => {
    const text = pdftext(get().path);
    const missing = expectedValues(docs[type].content).filter((v) => !text.includes(v));
    expect(missing).toEqual([]);
  });

  it('carries a QR that decodes (pdftoppm + zbarimg), verifies with adm verify, and fails with one character changed', () => {
    const codes = decodeQrCodes(get().path, dir, type === 'ktp' || type === 'kia' ? 400 : 150);
    expect(codes).toEqual([get().doc.qrText]);
    const qr = codes[0] as string;
    // Bare office keys and no registry: genuine as issued, status not checked (exit 4).
    const ok = adm(['verify', qr, '--offices', officesFile, '--offline']);
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toContain('SEGEL SAH / GENUINE SEAL');
    expect(ok.stdout).toContain(docs[type].signature.fields.number);
    expect(ok.stdout).toContain('status not checked');
    expect(ok.code).toBe(4);
    // The PDF itself: its QR read from the page, and every sealed value found on the page.
    const file = adm(['verify', get().path, '--offices', officesFile, '--offline']);
    expect(file.stdout).toContain('(QR code on the page)');
    expect(file.stdout).not.toContain('ALTERED');
    expect(file.code).toBe(4);

    // Change one character in the middle: only the seal's checks can catch it.
    const at = Math.floor(qr.length / 2);
    const tampered = qr.slice(0, at) + (qr[at] === '7' ? '8' : '7') + qr.slice(at + 1);
    expect(tampered).not.toBe(qr);
    const bad = adm(['verify', tampered, '--offices', officesFile]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('TIDAK SAH / NOT VALID');
  });
});
