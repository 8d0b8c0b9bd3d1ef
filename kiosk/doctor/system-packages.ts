import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { projectPath } from '../../core/project-root.ts';

export interface SystemPackages {
  runtime: Record<string, string>;
  test: Record<string, string>;
}

/** The Debian packages the kiosk and its tests use; `scripts/test.js` and `.ci/run` read the same file. */
export const SYSTEM_PACKAGES = JSON.parse(readFileSync(projectPath('scripts', 'system-packages.json'), 'utf8')) as SystemPackages;

/** Which of `names` dpkg does not list as installed; null when there is no dpkg (not Debian). */
export function missingDebianPackages(names: string[]): string[] | null {
  try {
    const out = execFileSync('dpkg-query', ['-W', '-f', '${Package} ${db:Status-Status}\\n', ...names], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const installed = new Set(out.split('\n').filter((l) => l.endsWith(' installed')).map((l) => l.split(' ')[0]));
    return names.filter((n) => !installed.has(n));
  } catch (e) {
    const stdout = (e as { stdout?: string }).stdout;
    if (typeof stdout !== 'string') return null;
    // dpkg-query exits 1 when some names are unknown, but still prints the known ones.
    const installed = new Set(stdout.split('\n').filter((l) => l.endsWith(' installed')).map((l) => l.split(' ')[0]));
    return names.filter((n) => !installed.has(n));
  }
}
