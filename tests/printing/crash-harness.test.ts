import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../../scripts/crash-test.ts', import.meta.url));
const PRINTS = Number(process.env.ADM_CRASH_PRINTS ?? '60');

describe('crash harness', () => {
  it(`prints ${PRINTS} documents on two kiosks sharing a registry over HTTP, through printer faults and kill -9: no duplicates, no lost entitlements, every unknown resolved`, async () => {
    const out = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, '--prints', String(PRINTS), '--kiosks', '2', '--faults', 'all'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    // The figures go to the test log: kills per point, reconciliation outcomes, the verdict.
    process.stdout.write(out.stdout);
    const last = out.stdout.trim().split('\n').at(-1) ?? '';
    const m = /^prints=(\d+) duplicates=(\d+) lost=(\d+) unknown=(\d+) resolved=(\d+)$/.exec(last);
    expect(m, `${out.stdout}\n${out.stderr}`).not.toBeNull();
    const [, prints, duplicates, lost, unknown, resolved] = (m ?? []).map(Number);
    expect(prints).toBeGreaterThanOrEqual(PRINTS);
    expect(duplicates).toBe(0);
    expect(lost).toBe(0);
    expect(resolved).toBe(unknown);
    expect(out.stdout).toMatch(/kills: [1-9]\d*/);
    expect(out.code, out.stderr).toBe(0);
  }, 900_000);
});
