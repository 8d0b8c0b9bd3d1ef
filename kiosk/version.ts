import { readFileSync } from 'node:fs';
import { projectPath } from '../core/project-root.ts';

/** The runtime's version, from package.json, read once. */
export const VERSION: string = (JSON.parse(readFileSync(projectPath('package.json'), 'utf8')) as { version: string }).version;
