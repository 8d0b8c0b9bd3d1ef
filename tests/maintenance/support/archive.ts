import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import tarStream from 'tar-stream';

/** An export archive's files by name (without the top folder). */
export async function unpack(path: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const extract = tarStream.extract();
  extract.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: unknown) => chunks.push(c as Buffer));
    stream.on('end', () => {
      files.set(header.name.split('/').slice(1).join('/'), Buffer.concat(chunks));
      next();
    });
  });
  const done = new Promise<void>((resolve, reject) => {
    extract.on('finish', resolve);
    extract.on('error', reject);
  });
  extract.end(gunzipSync(readFileSync(path)));
  await done;
  return files;
}
