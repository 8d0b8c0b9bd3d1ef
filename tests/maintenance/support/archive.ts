import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import tarStream from 'tar-stream';

/** An export archive's files by name (without the top folder): the kiosk's own reader. */
export { readExportArchive as unpack } from '../../../kiosk/maintenance/export-read.ts';

/** Writes files back into an archive of the same shape (one top folder), as a forger would. */
export async function writeArchiveFile(path: string, files: ReadonlyMap<string, Buffer>): Promise<void> {
  const pack = tarStream.pack();
  const writing = pipeline(pack, createGzip(), createWriteStream(path));
  for (const [name, body] of files) {
    await new Promise<void>((resolve, reject) => pack.entry({ name: `export/${name}`, size: body.length }, body, (e) => (e ? reject(e) : resolve())));
  }
  pack.finalize();
  await writing;
}
