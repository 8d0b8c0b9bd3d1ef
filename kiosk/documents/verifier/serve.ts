import { createServer } from 'node:http';
import { writeFileSync } from 'node:fs';
import type { TrustList } from '../../registry/trust-list-format.ts';
import { verifierPageHtml } from './page.ts';

/**
 * `adm verify --serve`: the verifier page over HTTP (every path answers the same single file), or
 * with `--out FILE` written once as a file to ship. Runs until interrupted.
 */
export async function serveVerifier(list: TrustList, rootPublicKey: string, options: { port: number; host: string; out?: string | undefined }): Promise<number> {
  const html = await verifierPageHtml(list, rootPublicKey);
  if (options.out !== undefined) {
    writeFileSync(options.out, html);
    process.stdout.write(`verifier page written to ${options.out} (${html.length} bytes, works offline)\n`);
    return 0;
  }
  const server = createServer((req, res) => {
    res.writeHead(req.method === 'GET' || req.method === 'HEAD' ? 200 : 405, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    res.end(req.method === 'GET' ? html : undefined);
  });
  await new Promise<void>((resolve) => server.listen(options.port, options.host, resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : options.port;
  process.stdout.write(`verifier page at http://${options.host}:${port}/ (Ctrl+C stops)\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return 0;
}
