#!/usr/bin/env node
// The `adm` command. Runs the compiled bundle in dist/ when it matches the sources (scripts/build.js,
// run by `npm ci`), otherwise the TypeScript sources through tsx, so no build step is ever required.
// ADM_FROM_SOURCES=1 forces the sources.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freshBundle } from './bundle-state.js';

// Signal handlers must exist before tsx starts its loader thread: added afterwards, a SIGTERM
// kills the process outright (Node 20 with tsx 4), and the kiosk could not park a running print.
// Until a command takes over (kiosk/cli/signals.ts), a signal ends the process as usual.
let relay = null;
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]]) {
  process.on(signal, () => (relay ? relay(signal) : process.exit(code)));
}
globalThis.admSignals = { take: (fn) => (relay = fn) };

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = process.env.ADM_FROM_SOURCES === '1' ? { stale: 'ADM_FROM_SOURCES=1' } : freshBundle(root);
if ('entry' in bundle) {
  globalThis.admRuntime = { kind: 'bundle', detail: bundle.entry };
  await import(pathToFileURL(bundle.entry).href);
} else {
  globalThis.admRuntime = { kind: 'sources', detail: bundle.stale };
  const { register } = await import('tsx/esm/api');
  register();
  await import('../kiosk/cli/main.ts');
}
