import { err, ok, type Result } from '../../core/result.ts';
import { DOCUMENT_MEDIA, type DocumentContent, type DocumentSignature, type DocumentType, type SignedFields } from '../../core/domain.ts';
import type { KioskLogger } from '../log/logger.ts';
import { drawAktaLahir, drawAktaMati } from './akta.ts';
import { PHOTO_MM, SIGNATURE_MM } from './card.ts';
import { documentError, type DocumentError } from './errors.ts';
import { parseIsoDate } from './format.ts';
import { ageOn } from '../registry/identifiers/dates.ts';
import { preparePhoto, prepareSignature } from './images.ts';
import { drawKia } from './kia.ts';
import { planKk } from './kk.ts';
import { drawKtp, type CardImages } from './ktp.ts';
import { A4_LANDSCAPE, abortError, finishPdf, newPdf } from './pdf.ts';
import { openSeal, sealSignatureValid } from './seal/node-seal.ts';
import { sealPayloadOf } from './seal/content-payload.ts';
import { sealRows } from './seal/rows.ts';
import { SEAL_MAX_TEXT } from './seal/text.ts';
import { DOCUMENT_TITLES } from './titles.ts';

export interface RenderOptions {
  signal?: AbortSignal;
  /** Default 10 s; a KK renders in milliseconds, so this only catches a wedged image decoder. */
  timeoutMs?: number;
  log?: KioskLogger;
}

export interface RenderedDocument {
  type: DocumentType;
  /** Which printer it goes to: A4 (KK, akta) or the card printer (KTP-el, KIA). */
  media: 'a4' | 'card';
  pdf: Buffer;
  pages: number;
  /** The text in the document's QR code: its seal (kiosk/documents/seal/). */
  qrText: string;
}

/** Longest printed value accepted; Dukcapil's own fields are far shorter, and this keeps every row within a page. */
export const MAX_FIELD_LENGTH = 200;
const DATE_KEY = /(Date|On|Until)$/;
const SKIP_KEYS = new Set(['photo', 'signature', 'publicKey']);

/** Every printed string is bounded and free of control characters, and every date is a real date. */
function checkStrings(value: unknown, path: string): DocumentError | null {
  if (value === null || value === undefined || typeof value === 'number' || typeof value === 'boolean') return null;
  if (typeof value === 'string') {
    if (value.length > MAX_FIELD_LENGTH) return documentError('invalid_content', `${path} is longer than ${MAX_FIELD_LENGTH} characters`);
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
    if (/[\u0000-\u001f\u007f]/.test(value)) return documentError('invalid_content', `${path} contains a control character`);
    if (DATE_KEY.test(path) && !parseIsoDate(value)) return documentError('invalid_content', `${path} is not a date YYYY-MM-DD`);
    return null;
  }
  if (value instanceof Uint8Array) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const e = checkStrings(value[i], `${path}[${i}]`);
      if (e) return e;
    }
    return null;
  }
  if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (SKIP_KEYS.has(k)) continue;
      const e = checkStrings(v, path ? `${path}.${k}` : k);
      if (e) return e;
    }
  }
  return null;
}

/** What the signature must say for this content. */
function expectedFields(c: DocumentContent): Omit<SignedFields, 'keyId' | 'revision'> {
  const base = { type: c.type, issuedOn: c.issuedOn, officeCode: c.office.code };
  switch (c.type) {
    case 'kk':
      return { ...base, number: c.family.kkNumber, nik: c.head.nik };
    case 'ktp':
    case 'kia':
      return { ...base, number: c.person.nik, nik: c.person.nik };
    case 'akta-lahir':
      return { ...base, number: c.birth.aktaNumber, nik: c.birth.childNik };
    case 'akta-mati':
      return { ...base, number: c.death.aktaNumber, nik: c.death.nik };
  }
}

function checkContent(c: DocumentContent, signature: DocumentSignature): DocumentError | null {
  const bad = checkStrings(c, '');
  if (bad) return bad;
  if (c.type === 'kk' && c.members.length === 0) return documentError('invalid_content', 'a KK needs at least one member');
  const want = expectedFields(c);
  for (const key of ['type', 'number', 'nik', 'issuedOn', 'officeCode'] as const) {
    if (signature.fields[key] !== want[key]) return documentError('signature_mismatch', `the signature's ${key} does not match the document`);
  }
  if (signature.fields.keyId !== c.office.keyId) return documentError('signature_mismatch', "the signature's key is not the issuing office's key");
  return null;
}

/**
 * The seal must carry exactly this content and these fields, signed by the issuing office's key: the
 * kiosk never prints a QR that would not verify, nor one that says something else than the page.
 */
function checkSeal(c: DocumentContent, signature: DocumentSignature): DocumentError | null {
  if (signature.seal.length > SEAL_MAX_TEXT) return documentError('content_too_long', `the seal (${signature.seal.length} characters) does not fit one QR code (${SEAL_MAX_TEXT})`);
  const opened = openSeal(signature.seal);
  if (!opened.ok) return documentError('bad_signature', `the seal is malformed (${opened.error.field}): ${opened.error.message}`);
  const sealed = sealRows(opened.value.payload);
  const wanted = sealRows(sealPayloadOf(c, signature.fields));
  const differs = wanted.find((w, i) => sealed[i]?.path !== w.path || sealed[i]?.value !== w.value) ?? (sealed.length !== wanted.length ? wanted[0] : undefined);
  if (differs) return documentError('signature_mismatch', `the seal does not carry this document's ${differs.path}`);
  if (!sealSignatureValid(opened.value, c.office.publicKey)) return documentError('bad_signature', "the seal is not signed by the issuing office's key");
  return null;
}

async function cardImages(c: DocumentContent): Promise<Result<CardImages, DocumentError>> {
  if (c.type !== 'ktp' && c.type !== 'kia') return ok({ photo: null, signature: null });
  const p = c.person;
  // A KIA for a child under five carries no photo (Permendagri 2/2016); from five it must.
  const wantsPhoto = c.type === 'ktp' || ageOn(p.birthDate, c.issuedOn) >= 5;
  if (wantsPhoto && !p.photo) return err(documentError('invalid_content', `a ${c.type === 'ktp' ? 'KTP-el' : 'KIA from age five'} needs the holder's photo`));
  let photo: Buffer | null = null;
  if (wantsPhoto && p.photo) {
    const r = await preparePhoto(p.photo, PHOTO_MM);
    if (!r.ok) return r;
    photo = r.value;
  }
  let signature: Buffer | null = null;
  if (c.type === 'ktp' && p.signature) {
    const r = await prepareSignature(p.signature, SIGNATURE_MM);
    if (!r.ok) return r;
    signature = r.value;
  }
  return ok({ photo, signature });
}

/**
 * Renders one approved document to PDF: checks that the signature belongs to this content and
 * verifies with the issuing office's key (the kiosk never prints a QR that would not verify), then
 * lays the document out. Same input, same bytes.
 */
export async function renderDocument(content: DocumentContent, signature: DocumentSignature, options: RenderOptions = {}): Promise<Result<RenderedDocument, DocumentError>> {
  const t0 = performance.now();
  const result = await render(content, signature, options);
  if (result.ok) {
    options.log?.event('documents.rendered', { type: content.type, pages: result.value.pages, bytes: result.value.pdf.length, ms: Math.round(performance.now() - t0) });
  } else {
    options.log?.event('documents.render_failed', { type: content.type, code: result.error.code, reason: result.error.message });
  }
  return result;
}

async function render(content: DocumentContent, signature: DocumentSignature, options: RenderOptions): Promise<Result<RenderedDocument, DocumentError>> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 10_000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const problem = checkContent(content, signature);
  if (problem) return err(problem);
  const sealProblem = checkSeal(content, signature);
  if (sealProblem) return err(sealProblem);
  return layOut(content, signature, signal);
}

/**
 * Draws the document with the seal it is given, checking nothing: only `render` above calls it for
 * printing. Tests call it to make what a forger would (altered text under a genuine seal), which
 * `adm verify FILE.pdf` and the verifier page must catch.
 */
export async function layOut(content: DocumentContent, signature: DocumentSignature, signal: AbortSignal): Promise<Result<RenderedDocument, DocumentError>> {
  const qr = { value: signature.seal };
  const images = await cardImages(content);
  if (!images.ok) return images;
  if (signal.aborted) return err(abortError(signal));

  const doc = newPdf(meta(content, signature, qr.value));
  let pages = 1;
  let fits = true;
  switch (content.type) {
    case 'kk': {
      doc.addPage({ size: A4_LANDSCAPE, margin: 0 });
      const plan = planKk(doc, content, signature, qr.value);
      if (!plan) {
        fits = false;
        break;
      }
      plan.draw(doc);
      pages = plan.pages;
      break;
    }
    case 'akta-lahir':
      fits = drawAktaLahir(doc, content, signature, qr.value);
      break;
    case 'akta-mati':
      fits = drawAktaMati(doc, content, signature, qr.value);
      break;
    case 'ktp':
      fits = drawKtp(doc, content, signature, qr.value, images.value);
      pages = 2;
      break;
    case 'kia':
      fits = drawKia(doc, content, signature, qr.value, images.value);
      pages = 2;
      break;
  }
  if (!fits) {
    doc.end();
    return err(documentError('content_too_long', `the ${content.type} content does not fit its layout at a legible size`));
  }
  const pdf = await finishPdf(doc, signal);
  if (!pdf.ok) return pdf;
  return ok({ type: content.type, media: DOCUMENT_MEDIA[content.type], pdf: pdf.value, pages, qrText: qr.value });
}

function meta(content: DocumentContent, signature: DocumentSignature, qrText: string): Parameters<typeof newPdf>[0] {
  const f = signature.fields;
  return {
    title: `${DOCUMENT_TITLES[content.type].id} ${f.number}`,
    author: content.office.name,
    subject: `${DOCUMENT_TITLES[content.type].id} / ${DOCUMENT_TITLES[content.type].en}`,
    keywords: qrText,
    date: new Date(`${f.issuedOn}T00:00:00Z`),
  };
}
