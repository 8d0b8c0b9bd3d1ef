import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

export interface StaticFile {
  body: Buffer;
  type: string;
  etag: string;
}

/**
 * A folder of UI files read once at boot into memory (the UI is a few tens of kilobytes). Serving
 * from a map means no request path ever reaches the file system: no traversal, no surprises.
 */
export function loadStaticFiles(dir: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else {
        const type = TYPES[extname(name)];
        if (type === undefined) continue;
        const body = readFileSync(full);
        const rel = relative(dir, full).split(sep).join('/');
        files.set(rel, { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"` });
      }
    }
  };
  walk(dir);
  return files;
}
