import PDFDocument from 'pdfkit';
import { err, ok, type Result } from '../../core/result.ts';
import { documentError, type DocumentError } from './errors.ts';
import { documentFonts } from './fonts.ts';

/** Points per millimetre. */
export const MM = 72 / 25.4;
export const A4_PORTRAIT: [number, number] = [595.28, 841.89];
export const A4_LANDSCAPE: [number, number] = [841.89, 595.28];
/** ID-1 (CR80), 85.60 x 53.98 mm. */
export const ID1_CARD: [number, number] = [85.6 * MM, 53.98 * MM];

export type FontName = 'regular' | 'bold';

export interface PdfMeta {
  title: string;
  author: string;
  subject: string;
  /** The QR payload: `pdfinfo` shows it and `adm verify FILE.pdf` reads it from here. */
  keywords: string;
  /** The issue date: fixed metadata dates keep the bytes (and the file id) the same for the same input. */
  date: Date;
}

/** A pdfkit document with the embedded fonts registered and deterministic metadata; pages are added by the caller. */
export function newPdf(meta: PdfMeta): PDFKit.PDFDocument {
  const fonts = documentFonts();
  const doc = new PDFDocument({
    autoFirstPage: false,
    compress: true,
    pdfVersion: '1.7',
    lang: 'id-ID',
    displayTitle: true,
    // A parsed fontkit font instead of a file name: pdfkit's default (Helvetica) is never set, so
    // no unembedded font can slip in, and the font is not parsed again for every document.
    font: fonts.regular as unknown as string,
    info: {
      Title: meta.title,
      Author: meta.author,
      Subject: meta.subject,
      Keywords: meta.keywords,
      Creator: 'ADM kiosk',
      Producer: 'ADM kiosk (pdfkit)',
      CreationDate: meta.date,
      ModDate: meta.date,
    },
  });
  // Registered under their PostScript names: pdfkit caches the default font under that name, so
  // `doc.font(name)` finds it at once instead of building (and comparing) a new font object per call.
  doc.registerFont(fonts.regular.postscriptName, fonts.regular as unknown as string);
  doc.registerFont(fonts.bold.postscriptName, fonts.bold as unknown as string);
  for (const font of [fonts.bold, fonts.regular]) shareLayoutCache(doc, font.postscriptName);
  return doc;
}

/** Words laid out by fontkit, per font, shared by every document (same parsed font, same scale). */
const layoutCaches = new Map<string, Record<string, unknown>>();
/** Distinct words kept before a cache starts afresh: names and addresses vary without end. */
const LAYOUT_CACHE_WORDS = 20_000;

/**
 * pdfkit shapes text word by word and caches each word's glyph run, but per document, so every
 * KK shaped its column headers and values again (about a fifth of its render time). A run holds
 * only glyph ids and scaled positions of the shared font; each document still subsets what it uses.
 */
function shareLayoutCache(doc: PDFKit.PDFDocument, fontName: string): void {
  // pdfkit exposes neither the embedded font object nor its cache in its types.
  const embedded = (doc.font(fontName) as unknown as { _font?: { layoutCache?: Record<string, unknown> } })._font;
  if (!embedded?.layoutCache) return;
  let shared = layoutCaches.get(fontName);
  if (shared === undefined || Object.keys(shared).length > LAYOUT_CACHE_WORDS) {
    shared = Object.create(null) as Record<string, unknown>;
    layoutCaches.set(fontName, shared);
  }
  embedded.layoutCache = shared;
}

/** `timeout` when the signal fired because time ran out, `aborted` when someone cancelled. */
export function abortError(signal: AbortSignal): DocumentError {
  const reason: unknown = signal.reason;
  const timeout = reason instanceof DOMException && reason.name === 'TimeoutError';
  return documentError(timeout ? 'timeout' : 'aborted', timeout ? 'rendering took too long' : 'rendering was cancelled');
}

/** Ends the document and collects its bytes; a signal that fires first wins with a typed error. */
export function finishPdf(doc: PDFKit.PDFDocument, signal?: AbortSignal): Promise<Result<Buffer, DocumentError>> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const onAbort = (): void => resolve(err(abortError(signal as AbortSignal)));
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => {
      signal?.removeEventListener('abort', onAbort);
      resolve(ok(Buffer.concat(chunks)));
    });
    doc.end();
  });
}
