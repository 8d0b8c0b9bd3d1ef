import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import QRCode from 'qrcode';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import type { DocumentContent } from '../../core/domain.ts';
import { base45Decode, base45Encode } from '../../kiosk/documents/seal/base45.ts';
import { makeSeal, openSeal } from '../../kiosk/documents/seal/node-seal.ts';
import { sealPayloadOf } from '../../kiosk/documents/seal/content-payload.ts';
import { sealRows } from '../../kiosk/documents/seal/rows.ts';
import { layOut, renderDocument } from '../../kiosk/documents/render.ts';
import { verifySealText } from '../../kiosk/documents/verify.ts';
import { checkTrustList, issueTrustList } from '../../kiosk/registry/trust-list.ts';
import type { TrustList } from '../../kiosk/registry/trust-list-format.ts';
import { SAMPLE_OFFICE, sampleKey } from '../../kiosk/documents/sample/office.ts';
import type { SampleDocument } from '../../kiosk/documents/sample/family.ts';
import { allDocuments, OTHER_KEY, OTHER_OFFICE } from '../fixtures/documents/documents.ts';
import { adm, workDir } from './tools.ts';

/** The document seal: base45, the COSE envelope, the trust list, and reading it back from paper. */

const ROOT = sampleKey('seal-test-national-root');
const sampleEntry = { officeCode: SAMPLE_OFFICE.code, officeName: SAMPLE_OFFICE.name, keyId: SAMPLE_OFFICE.keyId, publicKey: SAMPLE_OFFICE.publicKey, validFrom: '2020-01-01', validUntil: '2030-12-31' };
const otherEntry = { ...sampleEntry, keyId: OTHER_OFFICE.keyId, publicKey: OTHER_OFFICE.publicKey };
const LIST: TrustList = issueTrustList(ROOT.privateKey, '2026-01-01', [sampleEntry, otherEntry]);

let docs: Record<DocumentContent['type'], SampleDocument>;
let dir: string;
beforeAll(async () => {
  docs = await allDocuments(10);
  dir = workDir();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('base45 (RFC 9285)', () => {
  it('encodes and decodes the RFC examples', () => {
    const cases: Array<[string, string]> = [['AB', 'BB8'], ['Hello!!', '%69 VD92EX0'], ['base-45', 'UJCLQE7W581'], ['ietf!', 'QED8WEX0']];
    for (const [plain, enc] of cases) {
      expect(base45Encode(new TextEncoder().encode(plain))).toBe(enc);
      const back = base45Decode(enc);
      expect(back.ok && new TextDecoder().decode(back.value)).toBe(plain);
    }
  });

  it('refuses what is not base45: a foreign character, a 3n+1 length, a group above its range', () => {
    expect(base45Decode('GGW')).toMatchObject({ ok: false });
    expect(base45Decode('ab8')).toMatchObject({ ok: false });
    expect(base45Decode('BB8B')).toMatchObject({ ok: false });
    expect(base45Decode('::')).toMatchObject({ ok: false });
  });

  it('round-trips any bytes, and its text holds only the QR alphanumeric set', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      const text = base45Encode(bytes);
      expect(text).toMatch(/^[0-9A-Z $%*+\-./:]*$/);
      const back = base45Decode(text);
      expect(back.ok && Buffer.from(back.value).equals(Buffer.from(bytes))).toBe(true);
    }));
  });
});

describe('the seal carries the content and refuses every change', () => {
  it('a ten-member KK: every member sealed, verified against the trust list; the QR is version 20 at level M', () => {
    const kk = docs.kk;
    const v = verifySealText(kk.signature.seal, LIST);
    if (!v.ok) throw new Error(v.error.message);
    const content = kk.content as Extract<DocumentContent, { type: 'kk' }>;
    expect(v.value.payload.body.type === 'kk' && v.value.payload.body.members.map((m) => [m.nik, m.name, m.fatherName, m.motherName]))
      .toEqual(content.members.map((m) => [m.nik, m.name, m.fatherName, m.motherName]));
    expect(v.value.key.officeCode).toBe('3506');
    const qr = QRCode.create([{ data: kk.signature.seal, mode: 'alphanumeric' }], { errorCorrectionLevel: 'M' });
    expect(qr.version).toBeLessThanOrEqual(20);
  });

  it('every one-character change of the QR text is refused (fast-check over positions and replacement characters)', () => {
    for (const type of ['kk', 'ktp', 'akta-mati'] as const) {
      const text = docs[type].signature.seal;
      fc.assert(
        fc.property(fc.nat({ max: text.length - 1 }), fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:a\n'), (at, c) => {
          fc.pre(text[at] !== c);
          const mutated = text.slice(0, at) + c + text.slice(at + 1);
          expect(verifySealText(mutated, LIST).ok).toBe(false);
        }),
        { numRuns: 1500 },
      );
    }
  });

  it('every one-character change of an akta seal, all of them, is refused', () => {
    const text = docs['akta-mati'].signature.seal;
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
    let tried = 0;
    for (let at = 0; at < text.length; at++) {
      for (const c of alphabet) {
        if (c === text[at]) continue;
        tried++;
        if (verifySealText(text.slice(0, at) + c + text.slice(at + 1), LIST).ok) throw new Error(`accepted a change at ${at} to "${c}"`);
      }
    }
    expect(tried).toBe(text.length * (alphabet.length - 1));
  });

  it('refuses a key outside the list, a revoked key, a key outside its validity, and a list the root did not sign', () => {
    const foreign = sampleKey('not-on-any-list');
    const p = openSeal(docs.kk.signature.seal);
    if (!p.ok) throw new Error(p.error.message);
    expect(verifySealText(makeSeal({ ...p.value.payload, keyId: 'ROGUE-3506-1' }, foreign.privateKey), LIST)).toMatchObject({ ok: false, error: { code: 'unknown_key' } });
    // A seal naming a trusted key id, signed by another key: the signature catches it.
    expect(verifySealText(makeSeal(p.value.payload, foreign.privateKey), LIST)).toMatchObject({ ok: false, error: { code: 'bad_signature' } });
    const revoked = issueTrustList(ROOT.privateKey, '2026-02-01', [sampleEntry, otherEntry], [{ keyId: SAMPLE_OFFICE.keyId, revokedOn: '2026-01-20', reason: 'key compromised' }]);
    expect(verifySealText(docs.kk.signature.seal, revoked)).toMatchObject({ ok: false, error: { code: 'revoked' } });
    const expired = issueTrustList(ROOT.privateKey, '2026-02-01', [{ ...sampleEntry, validUntil: '2023-12-31' }]);
    expect(verifySealText(docs.kk.signature.seal, expired)).toMatchObject({ ok: false, error: { code: 'key_not_valid' } });
    // The other office's key signs for SAMPLE's seal: refused (kid names SAMPLE, signature is OTHER's).
    expect(verifySealText(makeSeal(p.value.payload, OTHER_KEY.privateKey), LIST)).toMatchObject({ ok: false, error: { code: 'bad_signature' } });

    expect(checkTrustList(LIST, ROOT.publicKeyB64).ok).toBe(true);
    const swapped = { ...LIST, keys: LIST.keys.map((k, i) => (i === 0 ? { ...k, publicKey: foreign.publicKeyB64 } : k)) };
    expect(checkTrustList(swapped, ROOT.publicKeyB64)).toMatchObject({ ok: false, error: { code: 'bad_signature' } });
    const dropped = { ...revoked, revoked: [] };
    expect(checkTrustList(dropped, ROOT.publicKeyB64)).toMatchObject({ ok: false, error: { code: 'bad_signature' } });
    expect(checkTrustList(LIST, foreign.publicKeyB64)).toMatchObject({ ok: false, error: { code: 'bad_signature' } });
    expect(checkTrustList({ ...LIST, extra: 1 }, ROOT.publicKeyB64)).toMatchObject({ ok: false, error: { code: 'malformed' } });
  });

  it('sealing is deterministic from the content: the same content gives the same payload', () => {
    const a = sealPayloadOf(docs.kia.content, docs.kia.signature.fields);
    const b = openSeal(docs.kia.signature.seal);
    if (!b.ok) throw new Error(b.error.message);
    expect(sealRows(b.value.payload)).toEqual(sealRows(a));
    expect(sealRows(a).find((r) => r.path === 'photoDigest')?.value).toMatch(/^[0-9a-f]{32}$/);
  });
});

function zbar(png: string): string[] {
  try {
    return execFileSync('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Sqrcode.enable', png], { encoding: 'utf8' }).split('\n').filter((l) => l.length > 0);
  } catch {
    return [];
  }
}

describe('the seal reads back from paper with zbarimg', () => {
  it('a ten-member KK from the page rendered at 100 dpi, and from a 200 dpi scan with blur, noise and a slight tilt', async () => {
    const r = await renderDocument(docs.kk.content, docs.kk.signature);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.pages).toBe(1);
    const pdf = join(dir, 'kk.pdf');
    writeFileSync(pdf, r.value.pdf);
    execFileSync('pdftoppm', ['-png', '-r', '100', '-singlefile', pdf, join(dir, 'kk-100')]);
    expect(zbar(join(dir, 'kk-100.png'))).toEqual([docs.kk.signature.seal]);

    execFileSync('pdftoppm', ['-png', '-gray', '-r', '200', '-singlefile', pdf, join(dir, 'kk-200')]);
    const { data, info } = await sharp(readFileSync(join(dir, 'kk-200.png'))).rotate(1.2, { background: '#ffffff' }).blur(0.8).greyscale().raw().toBuffer({ resolveWithObject: true });
    let seed = 7;
    for (let i = 0; i < data.length; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      data[i] = Math.max(0, Math.min(255, (data[i] ?? 0) + ((seed >>> 16) % 61) - 30));
    }
    const scan = join(dir, 'kk-scan.png');
    await sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }).png().toFile(scan);
    expect(zbar(scan)).toEqual([docs.kk.signature.seal]);
  });

  it.each(['kk', 'ktp', 'kia', 'akta-lahir', 'akta-mati'] as const)('%s: decodes from the printed PDF at 300 dpi and verifies', async (type) => {
    const r = await renderDocument(docs[type].content, docs[type].signature);
    if (!r.ok) throw new Error(r.error.message);
    const pdf = join(dir, `${type}.pdf`);
    writeFileSync(pdf, r.value.pdf);
    execFileSync('pdftoppm', ['-png', '-r', '300', pdf, join(dir, `${type}-300`)]);
    const pngs = execFileSync('sh', ['-c', `ls ${join(dir, `${type}-300`)}*.png`], { encoding: 'utf8' }).trim().split('\n');
    const codes = pngs.flatMap(zbar);
    expect(codes).toEqual([docs[type].signature.seal]);
    expect(verifySealText(codes[0] as string, LIST).ok).toBe(true);
  });
});

describe('a genuine seal on an altered page', () => {
  it('a KK with one member renamed, drawn under its original seal: adm verify FILE.pdf names the field and exits non-zero', async () => {
    const kk = docs.kk.content as Extract<DocumentContent, { type: 'kk' }>;
    const original = kk.members[2]?.name as string;
    const altered = { ...kk, members: kk.members.map((m, i) => (i === 2 ? { ...m, name: 'SUSI SUSANTI' } : m)) };
    const forged = await layOut(altered, docs.kk.signature, AbortSignal.timeout(10_000));
    if (!forged.ok) throw new Error(forged.error.message);
    const file = join(dir, 'kk-forged.pdf');
    writeFileSync(file, forged.value.pdf);
    const officesFile = join(dir, 'offices.json');
    writeFileSync(officesFile, JSON.stringify([SAMPLE_OFFICE]));
    const v = adm(['verify', file, '--offices', officesFile, '--offline']);
    expect(v.stdout).toContain('GENUINE SEAL, ALTERED PAGE');
    expect(v.stdout).toContain(`members[2].name (Anggota 3: Nama / Member 3: Name): sealed "${original}"`);
    // Only that field: the same name printed elsewhere does not hide it, and nothing else is blamed.
    expect(v.stdout.match(/^ {2}members\[\d+\]\.\w+ \(/gm)).toEqual(['  members[2].name (']);
    expect(v.code).toBe(1);
    // The genuine page under the same seal passes.
    const genuine = join(dir, 'kk-genuine.pdf');
    const r = await renderDocument(kk, docs.kk.signature);
    if (!r.ok) throw new Error(r.error.message);
    writeFileSync(genuine, r.value.pdf);
    expect(adm(['verify', genuine, '--offices', officesFile, '--offline']).code).toBe(4);
  });
});
