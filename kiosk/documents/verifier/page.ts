import { projectPath } from '../../../core/project-root.ts';
import type { TrustList } from '../../registry/trust-list-format.ts';

/**
 * The verifier page as one HTML file: markup, style, the bundled script (esbuild, from
 * browser.ts, with cbor2) and the trust list with the national root key, all inline. It loads
 * nothing from anywhere, so it works from a USB stick on a bank's computer.
 */
export async function verifierPageHtml(list: TrustList, rootPublicKey: string): Promise<string> {
  const { build } = await import('esbuild');
  // The source file, also when the kiosk runs from its bundle (dist/ holds no browser code).
  const entry = projectPath('kiosk', 'documents', 'verifier', 'browser.ts');
  const out = await build({ entryPoints: [entry], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'chrome120', minify: true, legalComments: 'none' });
  const script = out.outputFiles[0]?.text ?? '';
  // `</` cannot end the inline script early.
  const trust = JSON.stringify({ list, rootPublicKey }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="id"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Verifikasi dokumen Dukcapil / Dukcapil document verifier</title>
<style>
body{font-family:system-ui,sans-serif;max-width:60rem;margin:1.5rem auto;padding:0 1rem;color:#1b1b1b}
textarea{width:100%;height:6rem;font-family:monospace;font-size:.9rem}
button{font-size:1rem;padding:.4rem 1.2rem;margin:.5rem 0}
.verdict{font-size:1.3rem;font-weight:700;padding:.6rem;border-radius:.3rem}
.good{background:#e3f4e1;color:#185c16}.bad{background:#fbe3e1;color:#8a1c12}
table{border-collapse:collapse;width:100%}th,td{text-align:left;border-bottom:1px solid #ddd;padding:.25rem .5rem;vertical-align:top}
th{font-weight:500;color:#444;width:22rem}
</style></head>
<body>
<h1>Verifikasi dokumen kependudukan<br><small>Population document verifier</small></h1>
<p>Pindai kode QR dokumen dengan pemindai (kursor di kotak ini), atau tempel teksnya, lalu tekan Enter. Halaman ini bekerja tanpa jaringan.<br>
<small>Scan the document's QR code with a scanner (cursor in this box), or paste its text, then press Enter. This page works offline.</small></p>
<textarea id="seal" spellcheck="false" autocomplete="off" aria-label="Teks kode QR / QR text"></textarea>
<button id="check" type="button">Periksa / Check</button>
<div id="result" aria-live="polite"></div>
<script>var ADM_TRUST=${trust};</script>
<script>${script}</script>
</body></html>
`;
}
