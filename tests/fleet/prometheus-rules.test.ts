import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../../core/project-root.ts';

const RULES = projectPath('kiosk', 'fleet', 'monitor', 'prometheus', 'adm-fleet.rules.yml');
const UNIT_TESTS = fileURLToPath(new URL('./prometheus/adm-fleet.rules.test.yml', import.meta.url));

function promtool(args: string[], cwd: string): { status: number | null; out: string } {
  const r = spawnSync('promtool', args, { cwd, encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw new Error(`promtool (Debian package prometheus) could not run: ${r.error.message}`);
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('the shipped Prometheus rules', () => {
  it('pass promtool check rules', () => {
    const r = promtool(['check', 'rules', RULES], dirname(RULES));
    expect(r.out).toMatch(/SUCCESS: \d+ rules found/);
    expect(r.status, r.out).toBe(0);
  });

  it('pass their promtool unit tests (alerts fire, hold and resolve; recording rules count once across replicas)', () => {
    const r = promtool(['test', 'rules', UNIT_TESTS], dirname(UNIT_TESTS));
    expect(r.status, r.out).toBe(0);
    expect(r.out).toContain('SUCCESS');
  });
});
