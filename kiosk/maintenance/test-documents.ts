import type { ReceiptLayout } from '../../devices/receipt-printer/layout.ts';
import { renderDocument, type RenderedDocument } from '../documents/render.ts';
import { sampleDocuments } from '../documents/sample/family.ts';
import { samplePhoto, sampleSignature } from '../documents/sample/images.ts';
import type { DocumentError } from '../documents/errors.ts';
import type { Result } from '../../core/result.ts';

/**
 * What a technician's test print puts on paper: the documents area's sample household (signed with
 * the SAMPLE office key, so its QR verifies as a sample and never as a real document), a KK on the
 * A4 printer and a KTP-el on the card printer; and a short test receipt.
 */
export type TestDocumentKind = 'a4' | 'card';

const cache = new Map<TestDocumentKind, RenderedDocument>();

export async function testDocument(kind: TestDocumentKind, signal: AbortSignal): Promise<Result<RenderedDocument, DocumentError>> {
  const hit = cache.get(kind);
  if (hit) return { ok: true, value: hit };
  const samples = sampleDocuments({ photo: await samplePhoto(), signature: await sampleSignature() });
  const sample = kind === 'a4' ? samples.kk : samples.ktp;
  const rendered = await renderDocument(sample.content, sample.signature, { signal });
  // Rendering is deterministic: one copy serves every later test print.
  if (rendered.ok) cache.set(kind, rendered.value);
  return rendered;
}

/** The test receipt: who and when, every text style, a rule, a QR and a cut. */
export function testReceipt(kioskId: string, at: Date): ReceiptLayout {
  const when = at.toISOString().replace('T', ' ').slice(0, 19);
  return {
    blocks: [
      { kind: 'text', text: 'ANJUNGAN DUKCAPIL MANDIRI', align: 'center', bold: true },
      { kind: 'text', text: 'STRUK UJI', align: 'center', size: 'double' },
      { kind: 'text', text: 'Test receipt', align: 'center' },
      { kind: 'rule' },
      { kind: 'pair', left: 'Kios / Kiosk', right: kioskId },
      { kind: 'pair', left: 'Waktu / Time (UTC)', right: when },
      { kind: 'text', text: 'Huruf tebal / Bold', bold: true },
      { kind: 'text', text: 'Rata kanan / Right', align: 'right' },
      { kind: 'text', text: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789' },
      { kind: 'qr', data: `ADM-TEST ${kioskId} ${when}`, moduleSize: 4 },
      { kind: 'text', text: 'Bukan dokumen resmi. Not an official document.', align: 'center' },
      { kind: 'feed', lines: 2 },
      { kind: 'cut' },
    ],
  };
}
