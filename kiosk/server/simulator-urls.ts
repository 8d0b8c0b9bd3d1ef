import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * In simulator mode (a laptop), the touch UI and dev panel URLs with their secrets, for the person
 * who opens them by hand: a file only the kiosk's user reads, replaced at each start. Never stdout
 * when that is a log (a service's journal, a pipe): secrets do not go into logs or exports.
 */
export const SIMULATOR_URLS_FILE = 'launch-urls.txt';

export function writeSimulatorUrls(dataDir: string, urls: { ui: string; devPanel: string | null }): { path: string; text: string } {
  const path = join(dataDir, SIMULATOR_URLS_FILE);
  const text = `Touch UI:  ${urls.ui}\nDev panel: ${urls.devPanel ?? '-'}\n`;
  rmSync(path, { force: true });
  writeFileSync(path, text, { mode: 0o600, flag: 'wx' });
  return { path, text };
}

/** The URLs a simulated kiosk wrote (for test and benchmark drivers); null before it wrote them. */
export function readSimulatorUrls(dataDir: string): { ui: string; devPanel: string } | null {
  let text: string;
  try {
    text = readFileSync(join(dataDir, SIMULATOR_URLS_FILE), 'utf8');
  } catch {
    return null;
  }
  const ui = /^Touch UI:\s+(\S+)$/m.exec(text)?.[1];
  const devPanel = /^Dev panel:\s+(\S+)$/m.exec(text)?.[1];
  return ui && devPanel ? { ui, devPanel } : null;
}
