import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { err, ok, type Result } from '../../core/result.ts';

/**
 * Pictures of rendered documents and reading QR codes back from pictures, with poppler's pdftoppm
 * and zbar's zbarimg (Debian: poppler-utils, zbar-tools). For previews, `adm verify IMAGE` and tests;
 * printing never depends on them.
 */

export interface ToolError {
  code: 'tool_missing' | 'tool_failed' | 'no_qr';
  message: string;
}

function run(cmd: string, args: string[], signal?: AbortSignal, timeoutMs = 30_000): Promise<Result<{ stdout: Buffer; stderr: string }, ToolError>> {
  return new Promise((resolve) => {
    execFile(cmd, args, { encoding: 'buffer', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, ...(signal ? { signal } : {}) }, (error, stdout, stderr) => {
      const errText = stderr.toString('utf8');
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        resolve(err({ code: 'tool_missing', message: `${cmd} is not installed (Debian: ${cmd === 'zbarimg' ? 'zbar-tools' : 'poppler-utils'})` }));
      } else if (error && !(cmd === 'zbarimg' && error.code === 4)) {
        resolve(err({ code: 'tool_failed', message: `${cmd} failed: ${errText.trim().split('\n')[0] ?? error.message}` }));
      } else {
        resolve(ok({ stdout, stderr: errText }));
      }
    });
  });
}

/** Every page of a PDF as PNGs at `dpi`, stacked top to bottom with a grey gap (front above back for cards). */
export async function pdfToPng(pdf: Uint8Array, options: { dpi?: number; signal?: AbortSignal } = {}): Promise<Result<Buffer, ToolError>> {
  const dir = await mkdtemp(join(tmpdir(), 'adm-preview-'));
  try {
    await writeFile(join(dir, 'doc.pdf'), pdf);
    const r = await run('pdftoppm', ['-png', '-r', String(options.dpi ?? 150), join(dir, 'doc.pdf'), join(dir, 'page')], options.signal);
    if (!r.ok) return r;
    const files = (await readdir(dir)).filter((f) => f.startsWith('page')).sort();
    const pages = await Promise.all(files.map(async (f) => ({ png: await readFile(join(dir, f)), meta: await sharp(join(dir, f)).metadata() })));
    if (pages.length === 1) return ok(pages[0]?.png as Buffer);
    const gap = 12;
    const width = Math.max(...pages.map((p) => p.meta.width ?? 0));
    const height = pages.reduce((h, p) => h + (p.meta.height ?? 0), 0) + gap * (pages.length - 1);
    let top = 0;
    const layers = pages.map((p) => {
      const layer = { input: p.png, top, left: 0 };
      top += (p.meta.height ?? 0) + gap;
      return layer;
    });
    return ok(await sharp({ create: { width, height, channels: 3, background: '#d0d0d0' } }).composite(layers).png().toBuffer());
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The text of a PDF's pages in drawing order (`pdftotext -raw`), for comparing it with the seal. */
export async function pdfText(pdfPath: string, signal?: AbortSignal): Promise<Result<string, ToolError>> {
  const r = await run('pdftotext', ['-raw', '-enc', 'UTF-8', pdfPath, '-'], signal);
  return r.ok ? ok(r.value.stdout.toString('utf8')) : r;
}

/** The QR codes printed on a PDF's pages, read back as a scanner would (pdftoppm at `dpi`, then zbarimg). */
export async function scanPdfQrCodes(pdfPath: string, options: { dpi?: number; signal?: AbortSignal } = {}): Promise<Result<string[], ToolError>> {
  const dir = await mkdtemp(join(tmpdir(), 'adm-scan-'));
  try {
    const r = await run('pdftoppm', ['-png', '-r', String(options.dpi ?? 200), pdfPath, join(dir, 'page')], options.signal);
    if (!r.ok) return r;
    const codes: string[] = [];
    for (const f of (await readdir(dir)).sort()) {
      const page = await scanQrCodes(join(dir, f), options.signal);
      if (page.ok) codes.push(...page.value);
      else if (page.error.code !== 'no_qr') return page;
    }
    return codes.length > 0 ? ok(codes) : err({ code: 'no_qr', message: `no QR code found on the pages of ${pdfPath}` });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The QR codes zbarimg finds in an image file, as text. */
export async function scanQrCodes(imagePath: string, signal?: AbortSignal): Promise<Result<string[], ToolError>> {
  const r = await run('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Sqrcode.enable', imagePath], signal);
  if (!r.ok) return r;
  const codes = r.value.stdout.toString('utf8').split('\n').filter((l) => l.length > 0);
  if (codes.length === 0) return err({ code: 'no_qr', message: `no QR code found in ${imagePath}` });
  return ok(codes);
}

/** The QR payload a rendered PDF carries in its metadata (Info /Keywords), read without any tool. */
export function qrTextFromPdf(pdf: Uint8Array): string | null {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  const literal = (s: string): string => s.replace(/\\([()\\])/g, '$1');
  const direct = /\/Keywords\s*\(((?:\\.|[^\\)]){1,2400})\)/.exec(text);
  if (direct) return literal(direct[1] ?? '');
  // pdfkit writes Info values as indirect string objects: `/Keywords 23 0 R` ... `23 0 obj (…) endobj`.
  const ref = /\/Keywords\s+(\d+)\s+(\d+)\s+R/.exec(text);
  if (!ref) return null;
  const obj = new RegExp(`(?:^|\\s)${ref[1]}\\s+${ref[2]}\\s+obj\\s*\\(((?:\\\\.|[^\\\\)]){1,2400})\\)\\s*endobj`).exec(text);
  return obj ? literal(obj[1] ?? '') : null;
}
