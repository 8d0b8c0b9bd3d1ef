import { createHash, verify, type KeyObject } from 'node:crypto';
import { chmodSync, createReadStream, createWriteStream, lstatSync, mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import tarStream from 'tar-stream';
import {
  APP_PREFIX,
  MANIFEST_ENTRY,
  MAX_MANIFEST_BYTES,
  MAX_SIGNATURE_BYTES,
  MAX_TOTAL_BYTES,
  SIGNATURE_ENTRY,
  manifestSchema,
  signedBytes,
  symlinkStaysInside,
  versionAtLeast,
  type BundleManifest,
  type ManifestFile,
} from './bundle-format.ts';
import { err, ok, type Result } from '../../core/result.ts';

export type BundleRefusalCode =
  | 'unreadable'
  | 'malformed'
  | 'unsigned'
  | 'untrusted_key'
  | 'bad_signature'
  | 'tampered'
  | 'unsafe'
  | 'too_large'
  | 'incompatible'
  | 'aborted';

/** Why a bundle was refused; `message` is the sentence a technician reads. Nothing was changed. */
export interface BundleRefusal {
  code: BundleRefusalCode;
  message: string;
}

class Refused extends Error {
  constructor(readonly refusal: BundleRefusal) {
    super(refusal.message);
  }
}
const refuse = (code: BundleRefusalCode, message: string): never => {
  throw new Refused({ code, message });
};

async function readBounded(stream: AsyncIterable<Buffer>, max: number, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of stream) {
    n += c.length;
    if (n > max) refuse('too_large', `${what} is larger than ${max} bytes`);
    chunks.push(c);
  }
  return Buffer.concat(chunks);
}

export interface OpenOptions {
  /** Trusted vendor keys by key id. */
  trusted: ReadonlyMap<string, KeyObject>;
  /** Where to unpack the app; omit to verify only. Must be an empty directory the caller removes on refusal. */
  extractTo?: string;
  signal?: AbortSignal;
  /** The Node.js version the app will run on; defaults to this process's. */
  nodeVersion?: string;
}

/**
 * Creates the bundle's symlinks, last, so no file is ever written through one; and no link through
 * another: every directory on a link's way must be a real directory. Then each link is resolved
 * against what is really on disk (the lexical check alone misses `d -> .` followed by `d/x -> ..`)
 * and must land inside the app, on something that exists.
 */
function placeLinks(extractTo: string, links: ReadonlyArray<Extract<ManifestFile, { type: 'symlink' }>>): void {
  const root = realpathSync.native(extractTo);
  const inside = (p: string) => p === root || p.startsWith(root + sep);
  for (const l of links) {
    let at = root;
    for (const part of l.path.split('/').slice(0, -1)) {
      at = join(at, part);
      const st = lstatSync(at, { throwIfNoEntry: false });
      if (st?.isSymbolicLink()) refuse('unsafe', `${l.path} would be created through the link ${relative(root, at)}`);
      if (!st) mkdirSync(at);
      else if (!st.isDirectory()) refuse('unsafe', `${l.path} would be created inside the file ${relative(root, at)}`);
    }
    symlinkSync(l.target, join(root, l.path));
  }
  for (const l of links) {
    let real: string;
    try {
      // The system's realpath(3): Node's own resolves `d/..` in a link's target lexically.
      real = realpathSync.native(join(root, l.path));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return refuse('unsafe', code === 'ELOOP' ? `${l.path} is part of a loop of links` : `${l.path} links to ${l.target}, which is not in the app`);
    }
    if (!inside(real)) refuse('unsafe', `${l.path} links outside the app (it resolves to ${real})`);
  }
}

/**
 * Verifies a bundle in one streaming pass: the manifest's signature before any file is read, then
 * every file against the signed size and SHA-256 as it is unpacked. The first problem refuses the
 * whole bundle; a partial unpack is the caller's to delete.
 */
export async function openBundle(path: string, options: OpenOptions): Promise<Result<BundleManifest, BundleRefusal>> {
  const source = createReadStream(path);
  const extract = tarStream.extract();
  const piping = pipeline(source, createGunzip(), extract).then(
    () => null,
    (e: unknown) => e as Error,
  );
  const pendingLinks: Array<Extract<ManifestFile, { type: 'symlink' }>> = [];
  try {
    let manifest: BundleManifest | null = null;
    let manifestBytes = Buffer.alloc(0);
    let byPath = new Map<string, ManifestFile>();
    let signatureChecked = false;
    const seen = new Set<string>();
    let total = 0;
    for await (const entry of extract) {
      if (options.signal?.aborted) refuse('aborted', 'the update was cancelled');
      const h = entry.header;
      if (manifest === null) {
        if (h.name !== MANIFEST_ENTRY) refuse('malformed', `not an ADM update bundle: the first entry is ${h.name}, not ${MANIFEST_ENTRY}`);
        const bytes = await readBounded(entry as AsyncIterable<Buffer>, MAX_MANIFEST_BYTES, 'the manifest');
        manifestBytes = Buffer.from(bytes);
        let json: unknown;
        try {
          json = JSON.parse(bytes.toString('utf8'));
        } catch {
          refuse('malformed', 'the manifest is not valid JSON');
        }
        const parsed = manifestSchema.safeParse(json);
        if (!parsed.success) refuse('malformed', `the manifest is not a valid ADM bundle manifest: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
        manifest = parsed.data!;
        byPath = new Map(manifest.files.map((f) => [f.path, f]));
        if (byPath.size !== manifest.files.length) refuse('malformed', 'the manifest lists a path twice');
        continue;
      }
      if (!signatureChecked) {
        if (h.name !== SIGNATURE_ENTRY) refuse('unsigned', `the bundle is not signed (no ${SIGNATURE_ENTRY}); only bundles signed with the vendor key are installed`);
        const sigText = (await readBounded(entry as AsyncIterable<Buffer>, MAX_SIGNATURE_BYTES, 'the signature')).toString('utf8').trim();
        const key = options.trusted.get(manifest.keyId);
        if (!key) {
          refuse('untrusted_key', `the bundle is signed with key ${manifest.keyId}, which this kiosk does not trust${options.trusted.size ? ` (trusted: ${[...options.trusted.keys()].join(', ')})` : ' (no vendor key is configured in update.vendorKeys)'}`);
        }
        let good = false;
        try {
          good = verify(null, signedBytes(manifestBytes), key!, Buffer.from(sigText, 'base64'));
        } catch {
          good = false;
        }
        if (!good) refuse('bad_signature', `the bundle's signature does not match its manifest: it was altered after signing or signed wrongly`);
        signatureChecked = true;
        const nodeVersion = options.nodeVersion ?? process.version;
        if (!versionAtLeast(nodeVersion, manifest.nodeMin)) refuse('incompatible', `version ${manifest.version} needs Node.js ${manifest.nodeMin} or newer; this kiosk has ${nodeVersion}`);
        total = manifest.files.reduce((s, f) => s + (f.type === 'file' ? f.size : 0), 0);
        if (total > MAX_TOTAL_BYTES) refuse('too_large', `the bundle unpacks to ${total} bytes, more than ${MAX_TOTAL_BYTES}`);
        continue;
      }

      if (!h.name.startsWith(APP_PREFIX)) refuse('tampered', `the bundle holds ${h.name}, which the signed manifest does not list`);
      const rel = h.name.slice(APP_PREFIX.length);
      const f = byPath.get(rel);
      if (!f) refuse('tampered', `the bundle holds ${rel}, which the signed manifest does not list`);
      if (seen.has(rel)) refuse('tampered', `the bundle holds ${rel} twice`);
      seen.add(rel);
      if (f!.type === 'symlink') {
        if (h.type !== 'symlink' || h.linkname !== f!.target) refuse('tampered', `${rel} is not the symlink the signed manifest lists`);
        if (!symlinkStaysInside(rel, f!.target)) refuse('unsafe', `${rel} links outside the app`);
        entry.resume();
        pendingLinks.push(f as Extract<ManifestFile, { type: 'symlink' }>);
        continue;
      }
      const file = f as Extract<ManifestFile, { type: 'file' }>;
      if ((h.type ?? 'file') !== 'file' || h.size !== file.size) refuse('tampered', `${rel} does not match the signed manifest (type or size)`);
      const hash = createHash('sha256');
      if (options.extractTo !== undefined) {
        const dest = join(options.extractTo, rel);
        mkdirSync(dirname(dest), { recursive: true });
        const hasher = new Transform({
          transform(chunk: Buffer, _enc, cb) {
            hash.update(chunk);
            cb(null, chunk);
          },
        });
        await pipeline(entry, hasher, createWriteStream(dest, { mode: 0o600, flags: 'wx' }));
        chmodSync(dest, file.mode);
      } else {
        for await (const chunk of entry as AsyncIterable<Buffer>) hash.update(chunk);
      }
      if (hash.digest('hex') !== file.sha256) refuse('tampered', `${rel} does not match the signed manifest: its content was altered after signing`);
    }
    const pipeError = await piping;
    if (pipeError) refuse('malformed', `the bundle is damaged (${pipeError.message})`);
    if (manifest === null) refuse('malformed', 'the file is empty or not an ADM update bundle');
    if (!signatureChecked) refuse('unsigned', `the bundle is not signed (no ${SIGNATURE_ENTRY}); only bundles signed with the vendor key are installed`);
    const missing = manifest!.files.filter((f) => !seen.has(f.path));
    if (missing.length) refuse('tampered', `the bundle lacks ${missing.length} file(s) the signed manifest lists, e.g. ${missing[0]?.path}`);
    if (options.extractTo !== undefined) placeLinks(options.extractTo, pendingLinks);
    return ok(manifest!);
  } catch (e) {
    source.destroy();
    extract.destroy();
    await piping;
    if (e instanceof Refused) return err(e.refusal);
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') return err({ code: 'unreadable', message: `cannot read ${path}: ${(e as Error).message}` });
    if (code === 'EEXIST') return err({ code: 'tampered', message: `the bundle writes one path twice (${(e as Error).message})` });
    return err({ code: 'malformed', message: `the bundle is damaged or not an ADM update bundle (${(e as Error).message})` });
  }
}
