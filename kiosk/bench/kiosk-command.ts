import { readFileSync } from 'node:fs';
import { projectPath } from '../../core/project-root.ts';

interface KioskMemory {
  nodeFlags: string[];
  env: Record<string, string>;
}

/** The node flags and environment every start of the kiosk uses (npm start, systemd), for the benchmarks to start it the same way. */
export const KIOSK_MEMORY = JSON.parse(readFileSync(projectPath('scripts', 'kiosk-memory.json'), 'utf8')) as KioskMemory;

/** `node <flags> scripts/adm.js <args>` as argv for `spawn(process.execPath, …)`. */
export function admArgv(args: string[]): string[] {
  return [...KIOSK_MEMORY.nodeFlags, projectPath('scripts', 'adm.js'), ...args];
}
