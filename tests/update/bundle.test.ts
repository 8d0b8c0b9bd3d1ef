import { createHash, createPrivateKey, sign } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import tarStream from 'tar-stream';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Machine } from './fixture.ts';
import { repack } from './repack.ts';
import { openBundle } from '../../kiosk/update/bundle-open.ts';
import { generateVendorKey, parsePublicKey, keyIdOf } from '../../kiosk/update/keys.ts';
import { compareVersions, isSafeRelativePath, signedBytes, symlinkStaysInside, type ManifestFile } from '../../kiosk/update/bundle-format.ts';

let m: Machine;
let good: string;
const trusted = () => {
  const k = parsePublicKey(m.vendor.publicBase64, 'test');
  if (!k.ok) throw new Error(k.error.message);
  return new Map([[keyIdOf(k.value), k.value]]);
};

/** A bundle the vendor's key really signed, holding exactly these entries (what a hostile insider could build). */
async function signedBundle(out: string, files: Array<ManifestFile & { body?: Buffer }>): Promise<void> {
  const manifest = Buffer.from(JSON.stringify({
    format: 'adm-bundle/1', product: 'adm-kiosk', version: '9.9.9', createdAt: new Date().toISOString(), keyId: m.vendor.keyId, entry: 'main.js', nodeMin: '20.0.0',
    files: files.map(({ body: _b, ...f }) => f),
  }));
  const pack = tarStream.pack();
  const writing = pipeline(pack, createGzip(), createWriteStream(out));
  const add = (h: Partial<tarStream.Header> & { name: string }, body?: Buffer) => new Promise<void>((resolve, reject) => pack.entry(h as tarStream.Header, body ?? '', (e) => (e ? reject(e) : resolve())));
  await add({ name: 'adm-bundle.json', size: manifest.length }, manifest);
  const sig = Buffer.from(sign(null, signedBytes(manifest), m.vendorKey).toString('base64'));
  await add({ name: 'adm-bundle.sig', size: sig.length }, sig);
  for (const f of files) {
    if (f.type === 'symlink') await add({ name: `app/${f.path}`, type: 'symlink', linkname: f.target });
    else await add({ name: `app/${f.path}`, size: f.size, mode: f.mode }, f.body);
  }
  pack.finalize();
  await writing;
}

beforeAll(async () => {
  m = new Machine();
  good = await m.bundle('0.2.0');
});
afterAll(() => m.remove());

describe('bundle format', { timeout: 120_000 }, () => {
  it('a vendor-signed bundle verifies and unpacks byte for byte', async () => {
    const out = join(m.dir, 'unpacked');
    mkdirSync(out);
    const r = await openBundle(good, { trusted: trusted(), extractTo: out });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.version).toBe('0.2.0');
    expect(r.value.keyId).toBe(m.vendor.keyId);
    expect(readFileSync(join(out, 'kiosk/firmware/notify.ts'), 'utf8')).toBe(readFileSync(join(m.dir, 'build-0.2.0/kiosk/firmware/notify.ts'), 'utf8'));
  });

  it('refuses a bundle without a signature', async () => {
    const bad = join(m.dir, 'unsigned.admb');
    await repack(good, bad, (es) => es.filter((e) => e.header.name !== 'adm-bundle.sig'));
    const r = await openBundle(bad, { trusted: trusted() });
    expect(r.ok ? null : r.error.code).toBe('unsigned');
  });

  it('refuses a bundle whose file was altered after signing', async () => {
    const bad = join(m.dir, 'tampered-file.admb');
    await repack(good, bad, (es) =>
      es.map((e) => (e.header.name === 'app/kiosk/boot/boot-kiosk.ts' ? { ...e, body: Buffer.concat([e.body, Buffer.from('\nprocess.exit(0);\n')]) } : e)),
    );
    const r = await openBundle(bad, { trusted: trusted() });
    expect(r.ok ? null : r.error).toMatchObject({ code: 'tampered' });
    if (!r.ok) expect(r.error.message).toContain('kiosk/boot/boot-kiosk.ts');

    const sameSize = join(m.dir, 'tampered-same-size.admb');
    await repack(good, sameSize, (es) =>
      es.map((e) => (e.header.name === 'app/kiosk/boot/boot-kiosk.ts' ? { ...e, body: Buffer.from(e.body.toString().replace('import', 'IMPORT')) } : e)),
    );
    const r2 = await openBundle(sameSize, { trusted: trusted() });
    expect(r2.ok ? null : r2.error.message).toMatch(/content was altered after signing/);
  });

  it('refuses a manifest changed after signing, an extra file, and a missing file', async () => {
    const bumped = join(m.dir, 'manifest.admb');
    await repack(good, bumped, (es) => es.map((e) => (e.header.name === 'adm-bundle.json' ? { ...e, body: Buffer.from(e.body.toString().replace('"0.2.0"', '"0.2.1"')) } : e)));
    expect(await openBundle(bumped, { trusted: trusted() }).then((r) => (r.ok ? null : r.error.code))).toBe('bad_signature');

    const extra = join(m.dir, 'extra.admb');
    await repack(good, extra, (es) => [...es, { header: { name: 'app/kiosk/backdoor.ts', size: 0, mode: 0o644, mtime: new Date(), type: 'file' } as never, body: Buffer.from('x') }]);
    const r = await openBundle(extra, { trusted: trusted() });
    expect(r.ok ? null : r.error.message).toMatch(/backdoor\.ts, which the signed manifest does not list/);

    const missing = join(m.dir, 'missing.admb');
    await repack(good, missing, (es) => es.filter((e) => e.header.name !== 'app/kiosk/version.ts'));
    expect(await openBundle(missing, { trusted: trusted() }).then((r) => (r.ok ? null : r.error.message))).toMatch(/lacks 1 file/);
  });

  it('refuses a bundle signed by a key the kiosk does not trust', async () => {
    const other = generateVendorKey();
    const foreign = await m.bundle('0.2.9', undefined, createPrivateKey(other.privatePem));
    const r = await openBundle(foreign, { trusted: trusted() });
    expect(r.ok ? null : r.error).toMatchObject({ code: 'untrusted_key' });
    if (!r.ok) expect(r.error.message).toContain(other.keyId);
  });

  it('refuses what is not a bundle at all, and a Node.js too old for it', async () => {
    const junk = join(m.dir, 'junk.admb');
    writeFileSync(junk, 'not a bundle');
    expect(await openBundle(junk, { trusted: trusted() }).then((r) => (r.ok ? null : r.error.code))).toBe('malformed');
    expect(await openBundle(join(m.dir, 'absent.admb'), { trusted: trusted() }).then((r) => (r.ok ? null : r.error.code))).toBe('unreadable');
    expect(await openBundle(good, { trusted: trusted(), nodeVersion: 'v18.19.0' }).then((r) => (r.ok ? null : r.error.code))).toBe('incompatible');
  });

  it('keeps every path and link inside the app', () => {
    for (const p of ['../etc/passwd', '/etc/passwd', 'a/../../b', 'a//b', './a', 'a\\b', '']) expect(isSafeRelativePath(p), p).toBe(false);
    expect(isSafeRelativePath('node_modules/.bin/tsx')).toBe(true);
    expect(symlinkStaysInside('node_modules/.bin/tsx', '../tsx/dist/cli.mjs')).toBe(true);
    expect(symlinkStaysInside('node_modules/.bin/tsx', '../../../etc/shadow')).toBe(false);
    expect(symlinkStaysInside('a', '/etc/shadow')).toBe(false);
  });

  it('orders versions as semantic versions do', () => {
    const ordered = ['0.1.0', '0.2.0-rc.1', '0.2.0-rc.2', '0.2.0-rc.10', '0.2.0', '0.2.1', '0.10.0', '1.0.0'];
    for (let i = 1; i < ordered.length; i++) {
      expect(compareVersions(ordered[i - 1] as string, ordered[i] as string), `${ordered[i - 1]} < ${ordered[i]}`).toBeLessThan(0);
      expect(compareVersions(ordered[i] as string, ordered[i - 1] as string)).toBeGreaterThan(0);
    }
    expect(compareVersions('1.2.3+build.5', '1.2.3')).toBe(0);
  });

  it('resolves links against what is really on disk: d -> . then d/x -> .. would point outside', async () => {
    /** A signed bundle of one file and these links, unpacked into a fresh folder. */
    const unpackLinks = async (name: string, links: Array<{ path: string; target: string }>) => {
      const main = Buffer.from('export {};\n');
      const out = join(m.dir, `${name}.admb`);
      const file = { type: 'file' as const, path: 'main.js', size: main.length, mode: 0o644 as const, sha256: createHash('sha256').update(main).digest('hex'), body: main };
      await signedBundle(out, [file, ...links.map((l) => ({ type: 'symlink' as const, ...l }))]);
      const dir = join(m.dir, `${name}-out`);
      mkdirSync(dir);
      const r = await openBundle(out, { trusted: trusted(), extractTo: dir });
      return { dir, refusal: r.ok ? null : r.error };
    };
    const through = await unpackLinks('links', [{ path: 'd', target: '.' }, { path: 'd/x', target: '..' }]);
    expect(through.refusal).toMatchObject({ code: 'unsafe', message: expect.stringContaining('d/x would be created through the link d') });
    expect(existsSync(join(through.dir, 'x'))).toBe(false);
    // A link that leaves through other links, listed before them: lexically inside, really outside.
    const chained = await unpackLinks('links2', [{ path: 'up', target: 'd/..' }, { path: 'd', target: 'e' }, { path: 'e', target: '.' }]);
    expect(chained.refusal).toMatchObject({ code: 'unsafe', message: expect.stringContaining('up links outside the app') });
  });

  it('adm bundle verify says why it refuses, with exit code 3', async () => {
    const bad = join(m.dir, 'unsigned-cli.admb');
    await repack(good, bad, (es) => es.filter((e) => e.header.name !== 'adm-bundle.sig'));
    const r = await m.adm(['bundle', 'verify', bad]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/refused \(unsigned\): the bundle is not signed/);
    const ok = await m.adm(['bundle', 'verify', good]);
    expect(ok.stdout).toMatch(/version 0\.2\.0, \d+ files, signed by [0-9a-f]{16}.*: valid/);
    expect(readdirSync(m.dir).some((n) => n.startsWith('.incoming'))).toBe(false);
  });

  it('the vendor flow: keygen (never overwriting a key), build, verify against the public key', async () => {
    const keys = join(m.dir, 'vendor-keys');
    const gen = await m.adm(['bundle', 'keygen', '--out', keys]);
    expect(gen.code, gen.stderr).toBe(0);
    expect(gen.stdout).toMatch(/"update": \{ "vendorKeys": \["MCowBQYDK2VwAyEA[A-Za-z0-9+/=]+"\] \}/);
    const again = await m.adm(['bundle', 'keygen', '--out', keys]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/is never overwritten/);

    const out = join(m.dir, 'vendor-built.admb');
    const built = await m.adm(['bundle', 'build', '--key', join(keys, 'vendor-key.pem'), '--from', join(m.dir, 'build-0.2.0'), '--out', out, '--version', '0.2.1']);
    expect(built.code, built.stderr).toBe(0);
    const verified = await m.adm(['bundle', 'verify', out, '--trusted-key', join(keys, 'vendor-key.pub.pem')]);
    expect(verified.stdout).toMatch(/version 0\.2\.1, .*: valid/);
    // The machine's configuration trusts a different key: the same bundle is refused there.
    const foreign = await m.adm(['bundle', 'verify', out]);
    expect(foreign.code).toBe(3);
    expect(foreign.stderr).toMatch(/refused \(untrusted_key\)/);
  });
});
