import type { Routes } from './routes.ts';

const PAGE = `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>Anjungan Dukcapil Mandiri</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:sans-serif;display:grid;place-items:center;height:100vh;margin:0;background:#0b3d91;color:#fff}</style>
</head><body><main><h1>Anjungan Dukcapil Mandiri</h1><p>Sedang menyiapkan layanan&hellip;</p><p lang="en">Getting ready&hellip;</p></main></body></html>`;

/** The page served at `/` until the touch UI is mounted. */
export function addPlaceholderPage(routes: Routes): void {
  routes.get.set('/', (_req, res) => {
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
      'cache-control': 'no-store',
    });
    res.end(PAGE);
  });
}
