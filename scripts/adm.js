#!/usr/bin/env node
// The `adm` command: runs the TypeScript sources through tsx, so the kiosk needs no build step.
import { register } from 'tsx/esm/api';

// Signal handlers must exist before tsx starts its loader thread: added afterwards, a SIGTERM
// kills the process outright (Node 20 with tsx 4), and the kiosk could not park a running print.
// Until a command takes over (kiosk/cli/signals.ts), a signal ends the process as usual.
let relay = null;
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]]) {
  process.on(signal, () => (relay ? relay(signal) : process.exit(code)));
}
globalThis.admSignals = { take: (fn) => (relay = fn) };

register();
await import('../kiosk/cli/main.ts');
