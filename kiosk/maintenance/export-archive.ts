import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import tarStream from 'tar-stream';
import { fsyncPath } from '../../core/durable-file.ts';
import { err, ok, type Result } from '../../core/result.ts';

/** A small entry in memory, or a large one already written to a file (with its size and hash). */
export type ArchiveEntry = { name: string; body: Buffer } | { name: string; file: string; bytes: number; sha256: string };

export interface WrittenArchive {
  path: string;
  bytes: number;
  files: Array<{ name: string; bytes: number; sha256: string }>;
}

export type ArchiveError = { code: 'write_failed' | 'no_space' | 'canceled'; message: string };

/**
 * Writes entries as one `.tar.gz` with a `SHA256SUMS` file, to `<dir>/<base>.tar.gz`: first to a
 * `.part` file, synced to the disk, then renamed, so a drive pulled out mid-write never holds a
 * half archive under the final name.
 */
export async function writeArchive(dir: string, base: string, entries: ArchiveEntry[], at: Date, signal: AbortSignal): Promise<Result<WrittenArchive, ArchiveError>> {
  const path = join(dir, `${base}.tar.gz`);
  const tmp = `${path}.part`;
  const files = entries.map((e) => ('body' in e ? { name: e.name, bytes: e.body.length, sha256: createHash('sha256').update(e.body).digest('hex') } : { name: e.name, bytes: e.bytes, sha256: e.sha256 }));
  const sums = Buffer.from(files.map((f) => `${f.sha256}  ${f.name}\n`).join(''), 'utf8');
  const pack = tarStream.pack();
  try {
    mkdirSync(dir, { recursive: true });
    const written = pipeline(pack, createGzip({ level: 6 }), createWriteStream(tmp, { mode: 0o640 }), { signal });
    const add = (name: string, body: Buffer) =>
      new Promise<void>((resolve, reject) => pack.entry({ name: `${base}/${name}`, size: body.length, mode: 0o644, mtime: at }, body, (e) => (e ? reject(e) : resolve())));
    const stream = (name: string, file: string, size: number) =>
      new Promise<void>((resolve, reject) => {
        const entry = pack.entry({ name: `${base}/${name}`, size, mode: 0o644, mtime: at }, (e) => (e ? reject(e) : resolve()));
        pipeline(createReadStream(file), entry).catch(reject);
      });
    for (const e of entries) {
      if ('body' in e) await add(e.name, e.body);
      else await stream(e.name, e.file, e.bytes);
    }
    await add('SHA256SUMS', sums);
    pack.finalize();
    await written;
    fsyncPath(tmp);
    renameSync(tmp, path);
    // The rename itself must reach the drive before we say it is safe to pull out.
    fsyncPath(dir);
    return ok({ path, bytes: statSync(path).size, files });
  } catch (e) {
    pack.destroy();
    rmSync(tmp, { force: true });
    const m = (e as Error).message;
    const code: ArchiveError['code'] = signal.aborted ? 'canceled' : (e as NodeJS.ErrnoException).code === 'ENOSPC' ? 'no_space' : 'write_failed';
    return err({ code, message: `cannot write ${path}: ${m}` });
  }
}
