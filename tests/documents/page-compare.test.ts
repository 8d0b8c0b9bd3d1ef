import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentContent } from '../../core/domain.ts';
import { layOut } from '../../kiosk/documents/render.ts';
import { pdfText } from '../../kiosk/documents/preview.ts';
import { rowsMissingFromText } from '../../kiosk/documents/seal/compare-text.ts';
import { openSeal } from '../../kiosk/documents/seal/node-seal.ts';
import { sealPayloadOf } from '../../kiosk/documents/seal/content-payload.ts';
import { sealRows, type SealRow } from '../../kiosk/documents/seal/rows.ts';
import type { SampleDocument } from '../../kiosk/documents/sample/family.ts';
import { allDocuments } from '../fixtures/documents/documents.ts';
import { workDir } from './tools.ts';

/**
 * Every printed sealed field of every document type, changed on the page one at a time under the
 * genuine seal: the comparison of the page's text with the seal names exactly that field. The
 * genuine pages name nothing.
 */
let docs: Record<DocumentContent['type'], SampleDocument>;
let dir: string;
beforeAll(async () => {
  docs = await allDocuments(10);
  dir = workDir();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const clone = <T>(v: T): T => structuredClone(v);
const changed = (key: string, value: string): string => {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value.slice(0, 8)}${value.slice(8) === '11' ? '12' : '11'}`;
  if (key === 'sex') return value === 'LAKI-LAKI' ? 'PEREMPUAN' : 'LAKI-LAKI';
  if (/^\d+$/.test(value)) return value.slice(0, -1) + (value.endsWith('7') ? '8' : '7');
  if (/^\d{4}-[A-Z]{2}-\d{8}-\d{4}$/.test(value)) return value.slice(0, -1) + (value.endsWith('7') ? '8' : '7');
  return `${value}X`;
};

/** The content with the field a seal row names changed as a forger would print it; null when the row is not a content field. */
function alter(c: DocumentContent, path: string): DocumentContent | null {
  const x = clone(c) as DocumentContent;
  const m = /^members\[(\d+)\]\.(\w+)$/.exec(path);
  const set = (obj: Record<string, unknown>, key: string): DocumentContent => {
    obj[key] = typeof obj[key] === 'number' ? (obj[key] as number) + 1 : changed(key, String(obj[key]));
    return x;
  };
  switch (x.type) {
    case 'kk':
      if (m) return set(x.members[Number(m[1])] as unknown as Record<string, unknown>, m[2] ?? '');
      if (path.startsWith('address.')) return set(x.family.address as unknown as Record<string, unknown>, path.slice(8));
      if (path === 'head') return set(x.head as unknown as Record<string, unknown>, 'name');
      return null;
    case 'ktp':
    case 'kia':
      if (path.startsWith('address.')) return set(x.person.address as unknown as Record<string, unknown>, path.slice(8));
      if (x.type === 'kia' && (path === 'kkNumber' || path === 'headName' || path === 'birthAktaNumber' || path === 'validUntil')) return set(x as unknown as Record<string, unknown>, path);
      if (path in x.person && path !== 'nik') return set(x.person as unknown as Record<string, unknown>, path);
      return null;
    case 'akta-lahir':
      return path in x.birth && path !== 'aktaNumber' ? set(x.birth as unknown as Record<string, unknown>, path) : null;
    case 'akta-mati':
      return path in x.death && path !== 'nik' ? set(x.death as unknown as Record<string, unknown>, path) : null;
  }
}

async function differs(type: DocumentContent['type'], content: DocumentContent, name: string): Promise<string[]> {
  const r = await layOut(content, docs[type].signature, AbortSignal.timeout(10_000));
  if (!r.ok) throw new Error(r.error.message);
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, r.value.pdf);
  const text = await pdfText(file);
  if (!text.ok) throw new Error(text.error.message);
  const opened = openSeal(docs[type].signature.seal);
  if (!opened.ok) throw new Error(opened.error.message);
  return rowsMissingFromText(sealRows(opened.value.payload), text.value).map((row: SealRow) => row.path);
}

describe('a page compared with its seal names exactly the field that was changed', () => {
  it.each(['kk', 'ktp', 'kia', 'akta-lahir', 'akta-mati'] as const)('%s: every printed field, one at a time', async (type) => {
    expect(await differs(type, docs[type].content, `${type}-genuine`)).toEqual([]);
    const opened = openSeal(docs[type].signature.seal);
    if (!opened.ok) throw new Error(opened.error.message);
    const printed = sealRows(opened.value.payload).filter((r) => r.printed !== null);
    let tried = 0;
    for (const row of printed) {
      const altered = alter(docs[type].content, row.path);
      if (!altered) continue;
      tried++;
      // What the page now prints differently: this field, and any other sealed field that is the same datum (a KK's head is its first member).
      const now = sealRows(sealPayloadOf(altered, docs[type].signature.fields));
      const expected = printed.filter((r) => {
        const n = now.find((x) => x.path === r.path);
        return r.path === row.path || (n !== undefined && n.value !== r.value);
      }).map((r) => r.path);
      expect(expected).toContain(row.path);
      expect({ path: row.path, named: await differs(type, altered, `${type}-${tried}`) }).toEqual({ path: row.path, named: expected });
    }
    expect(tried).toBeGreaterThan(type === 'kk' ? 100 : 5);
  }, 120_000);
});
