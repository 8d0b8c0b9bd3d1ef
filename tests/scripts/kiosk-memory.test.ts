import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { admArgv, KIOSK_MEMORY } from '../../kiosk/bench/kiosk-command.ts';
import { projectPath } from '../../core/project-root.ts';

// The soak benchmark's steady-memory figure holds only if the kiosk is started the same way everywhere.
describe('kiosk memory settings', () => {
  const flags = KIOSK_MEMORY.nodeFlags.join(' ');
  const env = Object.entries(KIOSK_MEMORY.env);

  it('are not empty', () => {
    expect(KIOSK_MEMORY.nodeFlags).toContain('--max-semi-space-size=2');
    expect(env).toContainEqual(['MALLOC_ARENA_MAX', '2']);
  });

  it('npm start uses them', () => {
    const start = (JSON.parse(readFileSync(projectPath('package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start;
    for (const [k, v] of env) expect(start).toContain(`${k}=${v} `);
    expect(start).toContain(`exec node ${flags} scripts/adm.js start`);
  });

  it('the systemd unit uses them', () => {
    const unit = readFileSync(projectPath('scripts', 'systemd', 'adm-kiosk.service'), 'utf8');
    for (const [k, v] of env) expect(unit).toMatch(new RegExp(`^Environment=${k}=${v}$`, 'm'));
    expect(unit).toMatch(new RegExp(`^ExecStart=/usr/bin/node ${flags} /opt/adm/current/scripts/adm.js start$`, 'm'));
  });

  it('the benchmarks start the kiosk with them', () => {
    expect(admArgv(['start'])).toEqual([...KIOSK_MEMORY.nodeFlags, projectPath('scripts', 'adm.js'), 'start']);
  });
});
