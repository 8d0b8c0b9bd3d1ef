import { beforeAll, describe, expect, it } from 'vitest';
import { renderDocument } from '../../kiosk/documents/render.ts';
import { signContent, type SampleDocument } from '../../kiosk/documents/sample/family.ts';
import { signSample } from '../../kiosk/documents/sample/office.ts';
import type { DocumentContent } from '../../core/domain.ts';
import { createLogger } from '../../kiosk/log/logger.ts';
import { Writable } from 'node:stream';
import { allDocuments, badImages, longFamily, OTHER_KEY } from '../fixtures/documents/documents.ts';

type Ktp = Extract<DocumentContent, { type: 'ktp' }>;
let docs: Record<DocumentContent['type'], SampleDocument>;
beforeAll(async () => {
  docs = await allDocuments(4);
});

describe('render failures come back typed, and nothing is rendered', () => {
  it('signature_mismatch when the signature describes another document', async () => {
    const r = await renderDocument(docs.ktp.content, docs.kia.signature);
    expect(r).toMatchObject({ ok: false, error: { code: 'signature_mismatch' } });
    const wrongDate = signSample(docs.kk.content, { ...docs.kk.signature.fields, issuedOn: '2024-05-14' });
    expect(await renderDocument(docs.kk.content, wrongDate)).toMatchObject({ ok: false, error: { code: 'signature_mismatch' } });
  });

  it('signature_mismatch when the seal carries other content than the page would print (one member renamed)', async () => {
    const kk = docs.kk.content as Extract<DocumentContent, { type: 'kk' }>;
    const renamed = { ...kk, members: kk.members.map((m, i) => (i === 1 ? { ...m, name: 'NAMA LAIN' } : m)) };
    const sealOfOther = signSample(renamed, docs.kk.signature.fields);
    expect(await renderDocument(kk, sealOfOther)).toMatchObject({ ok: false, error: { code: 'signature_mismatch', message: expect.stringContaining('members[1].name') } });
  });

  it('content_too_long when the seal would not fit one QR code (a household far beyond any real KK)', async () => {
    const huge = signContent(longFamily(100));
    expect(huge.signature.seal.length).toBeGreaterThan(3391);
    expect(await renderDocument(huge.content, huge.signature)).toMatchObject({ ok: false, error: { code: 'content_too_long', message: expect.stringContaining('one QR code') } });
  });

  it('bad_signature when the seal is not a seal', async () => {
    expect(await renderDocument(docs.kk.content, { ...docs.kk.signature, seal: 'ADM1:kk:whatever' })).toMatchObject({ ok: false, error: { code: 'bad_signature' } });
  });

  it('bad_signature when the office key did not sign it', async () => {
    const forged = signSample(docs.kk.content, docs.kk.signature.fields, undefined, OTHER_KEY.privateKey);
    expect(await renderDocument(docs.kk.content, forged)).toMatchObject({ ok: false, error: { code: 'bad_signature' } });
  });

  it('invalid_content for a control character, an over-long value, a bad date or a KK without members', async () => {
    const ktp = docs.ktp.content as Ktp;
    const cases: DocumentContent[] = [
      { ...ktp, person: { ...ktp.person, name: 'BUDI\u0007' } },
      { ...ktp, person: { ...ktp.person, occupation: 'X'.repeat(201) } },
      { ...ktp, person: { ...ktp.person, birthDate: '1975-13-40' } },
      { ...(docs.kk.content as Extract<DocumentContent, { type: 'kk' }>), members: [] },
    ];
    for (const c of cases) {
      const r = await renderDocument(c, signContent(c).signature);
      expect(r).toMatchObject({ ok: false, error: { code: 'invalid_content' } });
    }
  });

  it('invalid_content for a KTP-el without a photo', async () => {
    const ktp = docs.ktp.content as Ktp;
    const c: Ktp = { ...ktp, person: { ...ktp.person, photo: null } };
    expect(await renderDocument(c, signContent(c).signature)).toMatchObject({ ok: false, error: { code: 'invalid_content' } });
  });

  it('an image error for a corrupt photo or signature, naming which', async () => {
    const bad = await badImages();
    const ktp = docs.ktp.content as Ktp;
    const photo: Ktp = { ...ktp, person: { ...ktp.person, photo: bad.truncatedJpeg } };
    expect(await renderDocument(photo, signContent(photo).signature)).toMatchObject({ ok: false, error: { code: 'image_corrupt', image: 'photo' } });
    const sig: Ktp = { ...ktp, person: { ...ktp.person, signature: bad.huge } };
    expect(await renderDocument(sig, signContent(sig).signature)).toMatchObject({ ok: false, error: { code: 'image_too_large', image: 'signature' } });
  });

  it('content_too_long when a card value cannot fit even at the smallest legible size', async () => {
    const ktp = docs.ktp.content as Ktp;
    const word = 'SANGAT PANJANG SEKALI ';
    const p = { ...ktp.person, address: { ...ktp.person.address, street: word.repeat(9).trim(), village: word.repeat(9).trim(), district: word.repeat(9).trim() } };
    const c: Ktp = { ...ktp, person: { ...p, name: word.repeat(9).trim(), occupation: word.repeat(9).trim() } };
    expect(await renderDocument(c, signContent(c).signature)).toMatchObject({ ok: false, error: { code: 'content_too_long' } });
  });

  it('aborted when cancelled, timeout when time runs out', async () => {
    const ac = new AbortController();
    ac.abort();
    expect(await renderDocument(docs.kk.content, docs.kk.signature, { signal: ac.signal })).toMatchObject({ ok: false, error: { code: 'aborted' } });
    const slow = await renderDocument(docs.ktp.content, docs.ktp.signature, { timeoutMs: 0 });
    expect(slow).toMatchObject({ ok: false, error: { code: 'timeout' } });
  });

  it('logs rendered and render_failed events without personal data', async () => {
    const lines: string[] = [];
    const log = await createLogger({ level: 'info', pretty: false, destination: new Writable({ write: (c, _e, cb) => { lines.push(String(c)); cb(); } }) });
    await renderDocument(docs.kk.content, docs.kk.signature, { log });
    await renderDocument(docs.ktp.content, docs.kia.signature, { log });
    const events = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events.map((e) => e.event)).toEqual(['documents.rendered', 'documents.render_failed']);
    expect(events[0]).toMatchObject({ type: 'kk', pages: 1 });
    expect(events[1]).toMatchObject({ code: 'signature_mismatch' });
    const all = lines.join('');
    const kk = docs.kk.content as Extract<DocumentContent, { type: 'kk' }>;
    for (const m of kk.members) {
      expect(all).not.toContain(m.nik);
      expect(all).not.toContain(m.name);
    }
  });
});
