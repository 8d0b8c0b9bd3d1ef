import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layOut } from '../../kiosk/documents/render.ts';
import { SAMPLE_OFFICE, sampleKey } from '../../kiosk/documents/sample/office.ts';
import type { SampleDocument } from '../../kiosk/documents/sample/family.ts';
import { issueTrustList } from '../../kiosk/registry/trust-list.ts';
import type { DocumentContent } from '../../core/domain.ts';
import { allDocuments } from '../fixtures/documents/documents.ts';
import { ADM, adm, decodeQrCodes } from '../documents/tools.ts';
import { launchChromium } from './support/browser.ts';

/**
 * The verifier page in real Chromium, as `adm verify --serve` serves it and as the one file
 * `--out` writes: a clerk types the QR text as a keyboard-mode scanner would; WebCrypto Ed25519
 * checks it against the trust list the page carries. Genuine, forged, revoked; and a KK whose
 * paper was altered shows the sealed name beside the verdict.
 */
const ROOT = sampleKey('verifier-page-test-root');
const entry = { officeCode: SAMPLE_OFFICE.code, officeName: SAMPLE_OFFICE.name, keyId: SAMPLE_OFFICE.keyId, publicKey: SAMPLE_OFFICE.publicKey, validFrom: '2020-01-01', validUntil: '2030-12-31' };

let dir: string;
let browser: Browser;
let server: ChildProcess;
let url: string;
let docs: Record<DocumentContent['type'], SampleDocument>;

function trustFile(name: string, revoked = false): string {
  const list = issueTrustList(ROOT.privateKey, '2026-06-01', [entry], revoked ? [{ keyId: SAMPLE_OFFICE.keyId, revokedOn: '2026-05-30', reason: 'key compromised' }] : []);
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(list));
  return path;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'adm-verifier-page-'));
  docs = await allDocuments(10);
  browser = await launchChromium();
  server = spawn(process.execPath, [ADM, 'verify', '--serve', '--port', '0', '--trust-list', trustFile('trust.json'), '--root-key', ROOT.publicKeyB64], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ADM_CONFIG: '' } });
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /verifier page at (http:\/\/\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    server.once('exit', (code) => reject(new Error(`adm verify --serve exited ${code}: ${out}`)));
  });
}, 60_000);
afterAll(async () => {
  server?.kill('SIGTERM');
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function check(page: Page, text: string): Promise<{ verdict: string; text: string }> {
  await page.waitForSelector('body[data-ready=true]');
  const box = page.locator('#seal');
  await box.fill('');
  await box.focus();
  // A USB scanner in keyboard mode: the characters, then Enter.
  await page.keyboard.type(text, { delay: 0 });
  await page.keyboard.press('Enter');
  const verdict = page.locator('#result [data-verdict]');
  await verdict.waitFor();
  return { verdict: (await verdict.getAttribute('data-verdict')) ?? '', text: await page.locator('#result').innerText() };
}

describe('the verifier page (adm verify --serve), offline, in Chromium', () => {
  it('a genuine seal: the sealed content, office and verdict in Bahasa Indonesia and English; it loads nothing from anywhere', async () => {
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(url);
    const r = await check(page, docs.kk.signature.seal);
    expect(r.verdict).toBe('genuine');
    expect(r.text).toContain('SAH — segel asli / Genuine seal: Kartu Keluarga (Family card)');
    expect(r.text).toContain('DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL KABUPATEN KEDIRI (3506)');
    expect(r.text).toContain('kunci / key SAMPLE-3506-1');
    const kk = docs.kk.content as Extract<DocumentContent, { type: 'kk' }>;
    for (const m of kk.members) expect(r.text).toContain(m.nik);
    expect(requests).toEqual([url]);
    await page.close();
  });

  it('a forged seal (one character changed) and an old-format text are refused', async () => {
    const page = await browser.newPage();
    await page.goto(url);
    const s = docs.ktp.signature.seal;
    const at = Math.floor(s.length / 2);
    const changed = s.slice(0, at) + (s[at] === 'Q' ? 'R' : 'Q') + s.slice(at + 1);
    const r = await check(page, changed);
    expect(r.verdict).toBe('invalid');
    expect(r.text).toContain('TIDAK SAH / Not valid');
    expect((await check(page, 'ADM1:kk:3506091305240001:3506092806750001:2024-05-13:3506:SAMPLE-3506-1:x')).verdict).toBe('invalid');
    await page.close();
  });

  it('a KK with a member renamed on paper under its genuine seal: the page shows the sealed name beside the verdict', async () => {
    const kk = docs.kk.content as Extract<DocumentContent, { type: 'kk' }>;
    const sealedName = kk.members[2]?.name as string;
    const forged = await layOut({ ...kk, members: kk.members.map((m, i) => (i === 2 ? { ...m, name: 'SUSI SUSANTI' } : m)) }, docs.kk.signature, AbortSignal.timeout(10_000));
    if (!forged.ok) throw new Error(forged.error.message);
    const file = join(dir, 'kk-forged.pdf');
    writeFileSync(file, forged.value.pdf);
    const [qr] = decodeQrCodes(file, dir, 200);
    const page = await browser.newPage();
    await page.goto(url);
    const r = await check(page, qr as string);
    expect(r.verdict).toBe('genuine');
    const row = page.locator('[data-testid=sealed] tr[data-path="members[2].name"]');
    expect(await row.locator('th').innerText()).toBe('Anggota 3: Nama / Member 3: Name');
    expect(await row.locator('td').innerText()).toBe(sealedName);
    expect(r.text).not.toContain('SUSI SUSANTI');
    await page.close();
  });

  it('the shipped single file, opened from disk with a trust list that revokes the key: refused as revoked', async () => {
    const out = join(dir, 'verifier.html');
    const w = adm(['verify', '--serve', '--out', out, '--trust-list', trustFile('revoked.json', true), '--root-key', ROOT.publicKeyB64]);
    expect(w.code).toBe(0);
    const page = await browser.newPage();
    await page.goto(`file://${out}`);
    const r = await check(page, docs.kk.signature.seal);
    expect(r.verdict).toBe('revoked');
    expect(r.text).toContain('KUNCI DICABUT');
    await page.close();
  });

  it('a trust list the root did not sign makes the page trust nothing', async () => {
    const bad = join(dir, 'bad.json');
    const list = issueTrustList(ROOT.privateKey, '2026-06-01', [entry]);
    writeFileSync(bad, JSON.stringify({ ...list, keys: list.keys.map((k) => ({ ...k, validUntil: '2099-12-31' })) }));
    expect(adm(['verify', '--serve', '--out', join(dir, 'x.html'), '--trust-list', bad, '--root-key', ROOT.publicKeyB64]).code).toBe(2);
  });
});
