// Whether the compiled bundle in dist/ matches the sources. `adm` runs the bundle when it does
// (a plain `node` start, no TypeScript transform) and the sources through tsx when it does not, so
// an edited source file is never shadowed by an old build. Plain JavaScript: it runs before tsx.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const DIST_DIR = 'dist';
export const MANIFEST = 'build.json';

/** The SHA-256 of a file's bytes, hex. */
export function fileHash(path) {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/**
 * Answers `{ entry }` (absolute path of the bundle's entry) when dist/ was built from exactly the
 * source files as they are now, else `{ stale: reason }`. A file whose modification time moved
 * (a copy, an unpacked update) is compared by content, so only a real edit makes the bundle stale.
 */
export function freshBundle(root) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(root, DIST_DIR, MANIFEST), 'utf8'));
  } catch {
    return { stale: 'not built (npm run build)' };
  }
  if (manifest?.format !== 1 || typeof manifest.entry !== 'string' || typeof manifest.inputs !== 'object') return { stale: 'unknown build manifest' };
  for (const [file, built] of Object.entries(manifest.inputs)) {
    const path = join(root, file);
    let now;
    try {
      now = statSync(path).mtimeMs;
    } catch {
      return { stale: `${file} is gone` };
    }
    if (now !== built?.mtimeMs && fileHash(path) !== built?.sha256) return { stale: `${file} changed since the build` };
  }
  return { entry: join(root, DIST_DIR, manifest.entry) };
}
