import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Debian's poppler and zbar, run on files the renderers wrote: the document as any reader sees it. */

export const ADM = fileURLToPath(new URL('../../scripts/adm.js', import.meta.url));

export function workDir(): string {
  return mkdtempSync(join(tmpdir(), 'adm-docs-test-'));
}

export function savePdf(dir: string, name: string, pdf: Uint8Array): string {
  const path = join(dir, `${name}.pdf`);
  writeFileSync(path, pdf);
  return path;
}

export function pdfinfo(path: string): { pages: number; widthPt: number; heightPt: number; raw: string } {
  const raw = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
  const pages = Number(/^Pages:\s+(\d+)/m.exec(raw)?.[1]);
  const size = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(raw);
  return { pages, widthPt: Number(size?.[1]), heightPt: Number(size?.[2]), raw };
}

export interface FontRow {
  name: string;
  type: string;
  embedded: boolean;
}

export function pdffonts(path: string): FontRow[] {
  const lines = execFileSync('pdffonts', [path], { encoding: 'utf8' }).split('\n').slice(2).filter((l) => l.trim());
  // Columns: name type encoding emb sub uni object ID; the name has no spaces, the type may.
  return lines.map((l) => {
    const cols = l.trim().split(/\s+/);
    const n = cols.length;
    return { name: cols[0] ?? '', type: cols.slice(1, n - 6).join(' '), embedded: cols[n - 5] === 'yes' };
  });
}

/** Text in reading order with all whitespace runs made single spaces. */
export function pdftext(path: string, layout = false): string {
  const out = execFileSync('pdftotext', [...(layout ? ['-layout'] : []), '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
  return layout ? out : out.replace(/\s+/g, ' ');
}

/** Renders every page with pdftoppm and decodes every QR code zbarimg finds. */
export function decodeQrCodes(path: string, dir: string, dpi = 200): string[] {
  const prefix = join(dir, `qr-${Math.random().toString(36).slice(2)}`);
  execFileSync('pdftoppm', ['-png', '-r', String(dpi), path, prefix]);
  const pngs = execFileSync('sh', ['-c', `ls ${prefix}*.png`], { encoding: 'utf8' }).trim().split('\n');
  const codes: string[] = [];
  for (const png of pngs) {
    const r = spawnSync('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Sqrcode.enable', png], { encoding: 'utf8' });
    codes.push(...r.stdout.split('\n').filter((l) => l.length > 0));
  }
  return codes;
}

export function adm(args: string[], input?: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [ADM, ...args], { encoding: 'utf8', input, env: { ...process.env, ADM_CONFIG: '' }, timeout: 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
