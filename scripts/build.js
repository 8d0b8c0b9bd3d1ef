#!/usr/bin/env node
// `npm run build` (also run by `npm ci` through `prepare`): compiles the kiosk into dist/ with
// esbuild: one ESM entry plus lazily loaded chunks, npm packages left external. Starting from
// plain JavaScript skips tsx's per-module transform and its loader thread: a faster cold start and
// less memory. The manifest lists every source file with its modification time and hash (see bundle-state.js).
import { existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { DIST_DIR, fileHash, MANIFEST } from './bundle-state.js';

const root = fileURLToPath(new URL('..', import.meta.url));

export async function buildBundle(appRoot = root) {
  const started = performance.now();
  const out = join(appRoot, `${DIST_DIR}.${process.pid}.tmp`);
  rmSync(out, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: appRoot,
    entryPoints: { main: 'kiosk/cli/main.ts' },
    outdir: out,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
    logLevel: 'warning',
  });
  const inputs = {};
  for (const file of Object.keys(result.metafile.inputs).sort()) inputs[file] = { mtimeMs: statSync(join(appRoot, file)).mtimeMs, sha256: fileHash(join(appRoot, file)) };
  writeFileSync(join(out, MANIFEST), JSON.stringify({ format: 1, entry: 'main.js', builtAt: new Date().toISOString(), inputs }, null, 1));
  // Swap directories so a kiosk starting meanwhile sees the old build, no build, or the new one, never half of one.
  const dist = join(appRoot, DIST_DIR);
  const old = join(appRoot, `${DIST_DIR}.${process.pid}.old`);
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(out, dist);
  rmSync(old, { recursive: true, force: true });
  return { files: Object.keys(result.metafile.outputs).length, inputs: Object.keys(inputs).length, ms: Math.round(performance.now() - started) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const r = await buildBundle();
    console.log(`built ${DIST_DIR}/ from ${r.inputs} source files into ${r.files} files in ${r.ms} ms`);
  } catch (e) {
    console.error(`build failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}
