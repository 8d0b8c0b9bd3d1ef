import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export interface PageFile {
  body: Buffer;
  type: string;
  etag: string;
}

/** The maintenance page's files, read once into memory: no request path ever reaches the file system. */
export function loadPageFiles(dir: string): Map<string, PageFile> {
  const files = new Map<string, PageFile>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else {
        const type = TYPES[extname(name)];
        if (type === undefined) continue;
        const body = readFileSync(full);
        files.set(relative(dir, full).split(sep).join('/'), { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"` });
      }
    }
  };
  walk(dir);
  return files;
}
