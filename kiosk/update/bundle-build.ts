import { createHash, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { createWriteStream, lstatSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import tarStream from 'tar-stream';
import {
  APP_PREFIX,
  BUNDLE_FORMAT,
  MANIFEST_ENTRY,
  SIGNATURE_ENTRY,
  isSafeRelativePath,
  signedBytes,
  symlinkStaysInside,
  type BundleManifest,
  type ManifestFile,
} from './bundle-format.ts';
import { keyIdOf } from './keys.ts';
import { err, ok, type Result } from '../../core/result.ts';

/** Never shipped: local state, caches and VCS data that may sit in a build tree. */
export const DEFAULT_EXCLUDES = ['.git', '.adm-data', 'data', 'test-output', 'node_modules/.cache', '.env'];

export interface BuildOptions {
  /** The prepared app tree (sources, `npm ci --omit=dev` node_modules built for the kiosk). */
  from: string;
  key: KeyObject;
  out: string;
  /** Defaults to the tree's package.json version. */
  version?: string;
  entry?: string;
  nodeMin?: string;
  excludes?: readonly string[];
  now?: () => Date;
}

export type BuildError = { code: 'bad_tree' | 'write_failed'; message: string };

function walk(root: string, excludes: ReadonlySet<string>): Result<Array<{ file: ManifestFile; abs: string }>, BuildError> {
  const out: Array<{ file: ManifestFile; abs: string }> = [];
  const visit = (rel: string): BuildError | null => {
    const abs = rel === '' ? root : join(root, rel);
    for (const name of readdirSync(abs).sort()) {
      const path = rel === '' ? name : `${rel}/${name}`;
      if (excludes.has(path)) continue;
      if (!isSafeRelativePath(path)) return { code: 'bad_tree', message: `${path}: a name the bundle format cannot carry` };
      const full = join(root, path);
      const st = lstatSync(full);
      if (st.isDirectory()) {
        const e = visit(path);
        if (e) return e;
      } else if (st.isSymbolicLink()) {
        const target = readlinkSync(full);
        if (!symlinkStaysInside(path, target)) return { code: 'bad_tree', message: `${path} links to ${target}, outside the app` };
        out.push({ file: { type: 'symlink', path, target }, abs: full });
      } else if (st.isFile()) {
        const data = readFileSync(full);
        out.push({ file: { type: 'file', path, size: data.length, mode: st.mode & 0o111 ? 0o755 : 0o644, sha256: createHash('sha256').update(data).digest('hex') }, abs: full });
      } else {
        return { code: 'bad_tree', message: `${path} is neither a file, a directory nor a symlink` };
      }
    }
    return null;
  };
  try {
    const e = visit('');
    return e ? err(e) : ok(out);
  } catch (e) {
    return err({ code: 'bad_tree', message: (e as Error).message });
  }
}

/** Builds and signs a bundle from an app tree; writes `out` atomically. */
export async function buildBundle(options: BuildOptions): Promise<Result<BundleManifest, BuildError>> {
  let version = options.version;
  if (version === undefined) {
    try {
      version = (JSON.parse(readFileSync(join(options.from, 'package.json'), 'utf8')) as { version: string }).version;
    } catch (e) {
      return err({ code: 'bad_tree', message: `cannot read the version from ${options.from}/package.json: ${(e as Error).message}` });
    }
  }
  const files = walk(options.from, new Set(options.excludes ?? DEFAULT_EXCLUDES));
  if (!files.ok) return files;
  const entry = options.entry ?? 'scripts/adm.js';
  if (!files.value.some((f) => f.file.path === entry && f.file.type === 'file')) return err({ code: 'bad_tree', message: `the entry ${entry} is not in ${options.from}` });
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    product: 'adm-kiosk',
    version,
    createdAt: (options.now ?? (() => new Date()))().toISOString(),
    keyId: keyIdOf(createPublicKey(options.key)),
    entry,
    nodeMin: options.nodeMin ?? '20.19.0',
    files: files.value.map((f) => f.file),
  };
  const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 1), 'utf8');
  const signature = Buffer.from(sign(null, signedBytes(manifestBytes), options.key).toString('base64'), 'utf8');

  const tmp = `${options.out}.partial`;
  const pack = tarStream.pack();
  const written = pipeline(pack, createGzip({ level: 6 }), createWriteStream(tmp, { mode: 0o644 }));
  try {
    const add = (header: tarStream.Header | (Partial<tarStream.Header> & { name: string }), body?: Buffer) =>
      new Promise<void>((resolve, reject) => pack.entry(header, body ?? '', (e) => (e ? reject(e) : resolve())));
    const mtime = new Date(manifest.createdAt);
    await add({ name: MANIFEST_ENTRY, size: manifestBytes.length, mode: 0o644, mtime }, manifestBytes);
    await add({ name: SIGNATURE_ENTRY, size: signature.length, mode: 0o644, mtime }, signature);
    for (const { file, abs } of files.value) {
      if (file.type === 'symlink') await add({ name: APP_PREFIX + file.path, type: 'symlink', linkname: file.target, mode: 0o777, mtime });
      else {
        const data = readFileSync(abs);
        // The tree must not change under the build: the manifest already holds this file's hash.
        if (createHash('sha256').update(data).digest('hex') !== file.sha256) throw new Error(`${file.path} changed while the bundle was being built`);
        await add({ name: APP_PREFIX + file.path, size: file.size, mode: file.mode, mtime }, data);
      }
    }
    pack.finalize();
    await written;
    renameSync(tmp, options.out);
  } catch (e) {
    pack.destroy();
    await written.catch(() => {});
    rmSync(tmp, { force: true });
    return err({ code: 'write_failed', message: `cannot write ${options.out}: ${(e as Error).message}` });
  }
  return ok(manifest);
}
