import type { Readable } from 'node:stream';

/**
 * Gathers an IPP message body (a request on the simulated printer, an answer on the client) up to
 * `max` bytes: `tooLarge` is called as soon as it passes that, `done` with the whole body at its end.
 */
export function collectBody(stream: Readable, max: number, on: { tooLarge(): void; done(body: Buffer): void }): void {
  const chunks: Buffer[] = [];
  let size = 0;
  stream.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > max) {
      on.tooLarge();
      return;
    }
    chunks.push(chunk);
  });
  stream.on('end', () => on.done(Buffer.concat(chunks)));
}
