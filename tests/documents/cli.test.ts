import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbeddedRegistry } from '../../kiosk/registry/embedded/embedded-registry.ts';
import { seedRegistry } from '../../kiosk/registry/seed/seed.ts';
import { DEMO_NUMBERS } from '../../kiosk/registry/demo/demo-set.ts';
import { simulatedOffices } from '../../kiosk/registry/seed/offices-table.ts';
import { publicOffice } from '../../kiosk/registry/embedded/rows.ts';
import type { DocumentContent } from '../../core/domain.ts';
import { adm, decodeQrCodes, pdfinfo, pdftext, workDir } from './tools.ts';
import { serveRegistry } from '../registry/helpers/serve.ts';

/** `adm render` and `adm verify` against an embedded registry holding the registry's own demo set. */

let dir: string;
let registry: string;
let ktpNik: string;
let kiaNik: string;

beforeAll(async () => {
  dir = workDir();
  registry = join(dir, 'registry.sqlite');
  const opened = openEmbeddedRegistry({ path: registry });
  if (!opened.ok) throw new Error(opened.error.message);
  const seeded = await seedRegistry(opened.value, { families: 0, seed: 'documents-cli-test', today: '2026-12-01', demo: true });
  if (!seeded.ok) throw new Error(seeded.error.message);
  const kk = opened.value.renderPackage('kk', DEMO_NUMBERS.kkA, '2026-12-01');
  if (!kk.ok) throw new Error(kk.error.message);
  const content = kk.value.content as Extract<DocumentContent, { type: 'kk' }>;
  ktpNik = content.head.nik;
  const child = content.members.find((m) => m.relation === 'ANAK' && m.birthDate > '2010-01-01');
  kiaNik = child?.nik ?? '';
  await opened.value.close();
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('adm render from the embedded registry', () => {
  it.each([
    ['kk', (): string => DEMO_NUMBERS.kkA, 1],
    ['akta-lahir', (): string => DEMO_NUMBERS.aktaAhmad, 1],
    ['akta-mati', (): string => DEMO_NUMBERS.aktaSuparman, 1],
    ['ktp', (): string => ktpNik, 2],
    ['kia', (): string => kiaNik, 2],
  ] as const)('renders %s to a PDF and a PNG preview; adm verify accepts the file and its QR', (type, id, pages) => {
    const out = join(dir, `${type}.pdf`);
    const png = join(dir, `${type}.png`);
    const r = adm(['render', type, '--id', id(), '--registry', registry, '--out', out, '--png', png]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(pdfinfo(out).pages).toBe(pages);
    expect(existsSync(png)).toBe(true);
    expect(pdftext(out)).toContain(id());
    const v = adm(['verify', out, '--registry', registry]);
    expect(v.stdout).toContain('SEGEL SAH / GENUINE SEAL');
    expect(v.stdout).toContain('AKTIF / CURRENT');
    expect(v.stdout).toContain('DINAS KEPENDUDUKAN DAN PENCATATAN SIPIL KABUPATEN KEDIRI (3506)');
    expect(v.code).toBe(0);
    const [qr] = decodeQrCodes(out, dir, pages === 2 ? 400 : 150);
    expect(adm(['verify', qr as string, '--registry', registry]).code).toBe(0);
    expect(adm(['verify', png, '--registry', registry]).code).toBe(0);
    // With no registry to ask, the seal is still genuine as issued, and the exit code says the status was not checked.
    const offline = adm(['verify', qr as string, '--offline']);
    expect(offline.stdout).toMatch(/genuine as issued on \d{4}-\d{2}-\d{2}, revision \d+; status not checked/);
    expect(offline.code).toBe(4);
  });

  it('says a superseded KK is no longer in force (exit 3)', () => {
    const out = join(dir, 'kk-old.pdf');
    expect(adm(['render', 'kk', '--id', DEMO_NUMBERS.kkCOld, '--registry', registry, '--out', out]).code).toBe(0);
    const v = adm(['verify', out, '--registry', registry]);
    expect(v.stdout).toContain('SEGEL SAH / GENUINE SEAL');
    expect(v.stdout).toContain('TIDAK BERLAKU LAGI');
    expect(v.code).toBe(3);
  });

  it("the demo's KK from before the divorce: superseded where a registry answers, 'genuine as issued' offline and with bare office keys", async () => {
    const demo = JSON.parse(adm(['demo', '--json', '--seeded-on', '2026-12-01']).stdout) as { supersededDocumentQr: string };
    const qr = demo.supersededDocumentQr;
    expect(qr.startsWith('ADM2:')).toBe(true);
    const online = adm(['verify', qr, '--registry', registry]);
    expect(online.stdout).toContain('TIDAK BERLAKU LAGI');
    expect(online.stdout).toContain('JOKO PRASETYO');
    expect(online.code).toBe(3);
    const offline = adm(['verify', qr, '--offline']);
    expect(offline.stdout).toContain('genuine as issued on 2015-03-01, revision 1; status not checked');
    expect(offline.code).toBe(4);
    // The same over HTTP, from a central registry (adm registry serve), and from one that is down.
    const served = await serveRegistry(['--path', registry, '--no-seed']);
    try {
      const http = adm(['verify', qr, '--registry-url', served.url]);
      expect(http.stdout).toContain('TIDAK BERLAKU LAGI');
      expect(http.code).toBe(3);
    } finally {
      await served.stop();
    }
    const down = adm(['verify', qr, '--registry-url', served.url]);
    expect(down.stdout).toMatch(/status not checked \(registry: (unavailable|timeout)\)/);
    expect(down.code).toBe(4);
    // Bare office keys (no root, no registry) never pass for "current".
    const officesFile = join(dir, 'offices.json');
    writeFileSync(officesFile, JSON.stringify(simulatedOffices().map(publicOffice)));
    const keysOnly = adm(['verify', qr, '--offices', officesFile, '--offline']);
    expect(keysOnly.stdout).toContain('status not checked');
    expect(keysOnly.code).toBe(4);
  });

  it('fails clearly for an unknown document, a missing registry, bad usage and a tampered QR', () => {
    const missing = adm(['render', 'kk', '--id', '3506999999999999', '--registry', registry, '--out', join(dir, 'x.pdf')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('not_found');
    expect(existsSync(join(dir, 'x.pdf'))).toBe(false);
    const noRegistry = adm(['render', 'kk', '--id', DEMO_NUMBERS.kkA, '--registry', join(dir, 'none.sqlite'), '--out', join(dir, 'y.pdf')]);
    expect(noRegistry.code).toBe(1);
    expect(noRegistry.stderr).toContain('no embedded registry');
    expect(existsSync(join(dir, 'none.sqlite'))).toBe(false);
    expect(adm(['render', 'passport', '--id', '1', '--out', join(dir, 'z.pdf')]).code).toBe(2);
    expect(adm(['verify']).code).toBe(2);
    const qr = adm(['render', 'kk', '--id', DEMO_NUMBERS.kkA, '--registry', registry, '--out', join(dir, 'kk2.pdf')]).stdout.match(/^QR: (.+)$/m)?.[1] ?? '';
    expect(qr.startsWith('ADM2:')).toBe(true);
    const at = Math.floor(qr.length / 2);
    const tampered = qr.slice(0, at) + (qr[at] === 'A' ? 'B' : 'A') + qr.slice(at + 1);
    const v = adm(['verify', tampered, '--registry', registry]);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain('TIDAK SAH');
  });
});
