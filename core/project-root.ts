import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The app's root (where package.json is), found by walking up from this module. Files the kiosk
 * reads at run time (assets, fonts, scripts) are addressed from here, not from `import.meta.url`
 * of the module asking: in the compiled bundle (dist/) every module shares one chunk's URL.
 */
function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const PROJECT_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

/** An absolute path inside the app, e.g. `projectPath('assets', 'ui')`. */
export function projectPath(...segments: string[]): string {
  return join(PROJECT_ROOT, ...segments);
}
