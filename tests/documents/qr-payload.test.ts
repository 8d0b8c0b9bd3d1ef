import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeQrPayload, parseQrPayload, QR_MAX_LENGTH } from '../../kiosk/documents/qr-payload.ts';
import { verifyQrText } from '../../kiosk/documents/verify.ts';
import { SAMPLE_OFFICE } from '../../kiosk/documents/sample/office.ts';
import type { SampleDocument } from '../../kiosk/documents/sample/family.ts';
import type { DocumentContent } from '../../kiosk/registry/types.ts';
import { allDocuments, OTHER_OFFICE } from '../fixtures/documents/documents.ts';

let docs: Record<DocumentContent['type'], SampleDocument>;
const qrOf = (d: SampleDocument): string => {
  const r = encodeQrPayload(d.signature);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

beforeAll(async () => {
  docs = await allDocuments(3);
});

describe('QR payload', () => {
  it('round-trips every document type and verifies offline with the office key', () => {
    for (const d of Object.values(docs)) {
      const text = qrOf(d);
      expect(text.length).toBeLessThan(200);
      expect(text.startsWith(`ADM1:${d.signature.fields.type}:`)).toBe(true);
      const parsed = parseQrPayload(text);
      expect(parsed).toEqual({ ok: true, value: d.signature });
      const v = verifyQrText(`${text}\n`, [SAMPLE_OFFICE]);
      expect(v.ok && v.value.fields).toEqual(d.signature.fields);
    }
  });

  it('rejects a payload with any one character changed, wherever it is', () => {
    const text = qrOf(docs.kk);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_:.';
    fc.assert(
      fc.property(fc.nat({ max: text.length - 1 }), fc.constantFrom(...alphabet), (pos, ch) => {
        fc.pre(text[pos] !== ch);
        const tampered = text.slice(0, pos) + ch + text.slice(pos + 1);
        expect(verifyQrText(tampered, [SAMPLE_OFFICE]).ok).toBe(false);
      }),
      { numRuns: 400, seed: 6 },
    );
  });

  it('rejects the last signature character changed in its two spare bits (a lax base64 decoder would not notice)', () => {
    const text = qrOf(docs['akta-lahir']);
    const last = text.at(-1) as string;
    const table = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sibling = table[table.indexOf(last) ^ 1] as string;
    const r = verifyQrText(text.slice(0, -1) + sibling, [SAMPLE_OFFICE]);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatchObject({ code: 'malformed', field: 'signature' });
  });

  it.each([
    ['not ours', 'https://example.test/x', 'version'],
    ['too few parts', 'ADM1:kk:3506091305240001', 'payload'],
    ['unknown type', 'ADM1:sim:3506091305240001:3506092806750001:2024-05-13:3506:K1:' + 'A'.repeat(86), 'type'],
    ['short KK number', 'ADM1:kk:35060913052400:3506092806750001:2024-05-13:3506:K1:' + 'A'.repeat(86), 'number'],
    ['akta number of the wrong kind', 'ADM1:akta-mati:3506-LU-15032021-0042:3506092806750001:2024-05-13:3506:K1:' + 'A'.repeat(86), 'number'],
    ['NIK with a letter', 'ADM1:ktp:350609280675000X:350609280675000X:2024-05-13:3506:K1:' + 'A'.repeat(86), 'number'],
    ['impossible date', 'ADM1:kk:3506091305240001:3506092806750001:2024-02-30:3506:K1:' + 'A'.repeat(86), 'issuedOn'],
    ['office code', 'ADM1:kk:3506091305240001:3506092806750001:2024-05-13:35A6:K1:' + 'A'.repeat(86), 'officeCode'],
    ['key id', 'ADM1:kk:3506091305240001:3506092806750001:2024-05-13:3506:K 1:' + 'A'.repeat(86), 'keyId'],
    ['short signature', 'ADM1:kk:3506091305240001:3506092806750001:2024-05-13:3506:K1:AAAA', 'signature'],
    ['oversized', 'ADM1:' + 'x'.repeat(QR_MAX_LENGTH), 'payload'],
  ])('refuses %s with a typed error naming the field', (_name, text, field) => {
    const r = parseQrPayload(text);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatchObject({ code: 'malformed', field });
  });

  it('says unknown_key for a key no office holds, and for a key claimed by the wrong office', () => {
    const text = qrOf(docs.ktp);
    expect(verifyQrText(text, [OTHER_OFFICE])).toMatchObject({ ok: false, error: { code: 'unknown_key' } });
    expect(verifyQrText(text, [{ ...SAMPLE_OFFICE, code: '3572' }])).toMatchObject({ ok: false, error: { code: 'unknown_key' } });
  });

  it('says bad_signature when the key id is right but the key is not the one that signed', () => {
    const text = qrOf(docs.ktp);
    const r = verifyQrText(text, [{ ...SAMPLE_OFFICE, publicKey: OTHER_OFFICE.publicKey }]);
    expect(r).toMatchObject({ ok: false, error: { code: 'bad_signature' } });
  });

  it('refuses to encode fields that would not parse back', () => {
    const s = docs.kk.signature;
    expect(encodeQrPayload({ ...s, fields: { ...s.fields, keyId: 'a:b' } })).toMatchObject({ ok: false, error: { field: 'keyId' } });
  });
});
