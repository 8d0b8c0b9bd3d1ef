import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDocument } from '../../kiosk/documents/render.ts';
import type { SampleDocument } from '../../kiosk/documents/sample/family.ts';
import type { DocumentContent } from '../../core/domain.ts';
import { allDocuments } from '../fixtures/documents/documents.ts';
import { adm, pdftext, savePdf, workDir } from './tools.ts';

/**
 * Same input, same bytes: fixed metadata dates and ids, fonts subset the same way, images encoded
 * the same way. The golden files hold each document's text layout as pdftotext -layout sees it;
 * regenerate them with UPDATE_GOLDEN=1 after an intended layout change and review the diff.
 */
const GOLDEN = fileURLToPath(new URL('./golden/', import.meta.url));
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

let dir: string;
let docs: Record<DocumentContent['type'], SampleDocument>;
beforeAll(async () => {
  dir = workDir();
  docs = await allDocuments(10);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function pdfOf(d: SampleDocument): Promise<Buffer> {
  const r = await renderDocument(d.content, d.signature);
  if (!r.ok) throw new Error(r.error.message);
  return r.value.pdf;
}

describe('deterministic output', () => {
  it.each(['kk', 'ktp', 'kia', 'akta-lahir', 'akta-mati'] as const)('%s renders to identical bytes twice, and matches its golden text layout', async (type) => {
    const a = await pdfOf(docs[type]);
    const b = await pdfOf(docs[type]);
    expect(sha(a)).toBe(sha(b));
    const text = pdftext(savePdf(dir, type, a), true);
    const golden = join(GOLDEN, `${type}.txt`);
    if (process.env.UPDATE_GOLDEN === '1' || !existsSync(golden)) writeFileSync(golden, text);
    expect(text).toBe(readFileSync(golden, 'utf8'));
  });

  it('renders the same bytes in another process (adm render --package)', async () => {
    const d = docs.ktp;
    const pkg = JSON.stringify(d, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer' ? Buffer.from((v as { data: number[] }).data).toString('base64') : v));
    writeFileSync(join(dir, 'ktp.json'), pkg);
    const r = adm(['render', '--package', join(dir, 'ktp.json'), '--out', join(dir, 'ktp-cli.pdf')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(sha(readFileSync(join(dir, 'ktp-cli.pdf')))).toBe(sha(await pdfOf(d)));
  });
});
