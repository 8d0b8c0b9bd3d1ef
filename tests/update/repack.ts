import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import tarStream from 'tar-stream';

type Entry = { header: tarStream.Header; body: Buffer };

/** Rewrites a bundle entry by entry, as someone tampering with it would: change, drop or add entries. */
export async function repack(src: string, dest: string, edit: (entries: Entry[]) => Entry[]): Promise<void> {
  const entries: Entry[] = [];
  const extract = tarStream.extract();
  const reading = pipeline(createReadStream(src), createGunzip(), extract);
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const c of entry as AsyncIterable<Buffer>) chunks.push(c);
    entries.push({ header: { ...entry.header }, body: Buffer.concat(chunks) });
  }
  await reading;
  const pack = tarStream.pack();
  const writing = pipeline(pack, createGzip(), createWriteStream(dest));
  for (const e of edit(entries)) {
    const header = e.header.type === 'symlink' ? e.header : { ...e.header, size: e.body.length };
    await new Promise<void>((resolve, reject) => pack.entry(header, e.body, (err) => (err ? reject(err) : resolve())));
  }
  pack.finalize();
  await writing;
}
