import { z } from 'zod';

/**
 * An update bundle (`*.admb`) is a gzip-compressed POSIX tar holding, in this order:
 *   1. `adm-bundle.json`: the manifest (below), UTF-8 JSON;
 *   2. `adm-bundle.sig`: the vendor's Ed25519 signature, base64, over SIGNING_CONTEXT + the
 *      manifest's exact bytes;
 *   3. `app/<path>` for every file and symlink the manifest lists, nothing else.
 * The manifest carries each file's size, mode and SHA-256, so one signature covers every byte.
 * docs/install.md ("Update bundles") describes the format for whoever builds bundles.
 */

export const MANIFEST_ENTRY = 'adm-bundle.json';
export const SIGNATURE_ENTRY = 'adm-bundle.sig';
export const APP_PREFIX = 'app/';
export const BUNDLE_FORMAT = 'adm-bundle/1';
/** Domain separation: a signature made for anything else never verifies as a bundle signature. */
export const SIGNING_CONTEXT = Buffer.from('ADM-BUNDLE-1\n', 'utf8');

/** Limits that bound what a hostile bundle can make the kiosk read or write. */
export const MAX_MANIFEST_BYTES = 32 * 1024 * 1024;
export const MAX_SIGNATURE_BYTES = 1024;
export const MAX_FILES = 200_000;
export const MAX_TOTAL_BYTES = 4 * 1024 * 1024 * 1024;

/** A relative path inside the app: no `..`, no absolute paths, no empty or `.` parts, no backslashes or NULs. */
export function isSafeRelativePath(p: string): boolean {
  if (p.length === 0 || p.length > 1024 || p.startsWith('/') || p.includes('\\') || p.includes('\0')) return false;
  return p.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

const safePath = z.string().refine(isSafeRelativePath, 'a relative path inside the app');

export const manifestFileSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('file'),
    path: safePath,
    size: z.number().int().min(0),
    /** Only the executable bit is kept: 0o755 or 0o644. */
    mode: z.union([z.literal(0o755), z.literal(0o644)]),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  }),
  z.strictObject({
    type: z.literal('symlink'),
    path: safePath,
    /** Relative, and resolving inside the app (npm's `node_modules/.bin` links). */
    target: z.string().min(1).max(1024),
  }),
]);
export type ManifestFile = z.output<typeof manifestFileSchema>;

export const manifestSchema = z.strictObject({
  format: z.literal(BUNDLE_FORMAT),
  product: z.literal('adm-kiosk'),
  version: z.string().regex(/^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/, 'a semantic version'),
  createdAt: z.iso.datetime(),
  /** Id of the vendor key that signed (see keys.ts). */
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  /** The runtime's entry point inside the app, run as `node <entry> start` and `node <entry> update --trial-store DIR`. */
  entry: safePath,
  /** Oldest Node.js the app runs on, e.g. `20.19.0`. */
  nodeMin: z.string().regex(/^\d+\.\d+\.\d+$/),
  files: z.array(manifestFileSchema).max(MAX_FILES),
});
export type BundleManifest = z.output<typeof manifestSchema>;

/** The bytes the vendor signs and every kiosk verifies. */
export function signedBytes(manifestBytes: Buffer): Buffer {
  return Buffer.concat([SIGNING_CONTEXT, manifestBytes]);
}

/** Whether a symlink at `path` pointing at `target` stays inside the app. */
export function symlinkStaysInside(path: string, target: string): boolean {
  if (target.startsWith('/') || target.includes('\0') || target.includes('\\')) return false;
  const parts = path.split('/').slice(0, -1);
  for (const t of target.split('/')) {
    if (t === '' || t === '.') continue;
    if (t === '..') {
      if (parts.length === 0) return false;
      parts.pop();
    } else parts.push(t);
  }
  return true;
}

/**
 * Semantic-version order: major, minor, patch numerically; a pre-release (`1.2.0-rc.1`) comes before
 * its release; build metadata (`+…`) does not count. Negative when `a` is older than `b`.
 */
export function compareVersions(a: string, b: string): number {
  const split = (v: string) => {
    const [core = '', pre] = v.replace(/^v/, '').split('+')[0]?.split(/-(.*)/s) ?? [];
    return { core: core.split('.').map(Number), pre: pre === undefined || pre === '' ? null : pre.split('.') };
  };
  const x = split(a);
  const y = split(b);
  for (let i = 0; i < 3; i++) {
    const d = (x.core[i] ?? 0) - (y.core[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  if (x.pre === null || y.pre === null) return x.pre === y.pre ? 0 : x.pre === null ? 1 : -1;
  for (let i = 0; i < Math.max(x.pre.length, y.pre.length); i++) {
    const p = x.pre[i];
    const q = y.pre[i];
    if (p === undefined || q === undefined) return p === undefined ? -1 : 1;
    if (p === q) continue;
    const pn = /^\d+$/.test(p);
    const qn = /^\d+$/.test(q);
    if (pn && qn) return Math.sign(Number(p) - Number(q));
    if (pn !== qn) return pn ? -1 : 1;
    return p < q ? -1 : 1;
  }
  return 0;
}

/** `a.b.c` ≥ `x.y.z`, numerically. */
export function versionAtLeast(have: string, want: string): boolean {
  const h = have.replace(/^v/, '').split(/[.+-]/).slice(0, 3).map(Number);
  const w = want.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const a = h[i] ?? 0;
    const b = w[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
}
