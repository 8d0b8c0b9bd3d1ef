type SignalHandler = (signal: NodeJS.Signals) => void;

declare global {
  // Set by scripts/adm.js, which installs the real process handlers before tsx loads.
  var admSignals: { take(fn: SignalHandler): void } | undefined;
}

/** Routes SIGINT and SIGTERM to `fn` for the rest of the process's life. */
export function onStopSignal(fn: SignalHandler): void {
  if (globalThis.admSignals) {
    globalThis.admSignals.take(fn);
    return;
  }
  process.on('SIGINT', fn);
  process.on('SIGTERM', fn);
}
