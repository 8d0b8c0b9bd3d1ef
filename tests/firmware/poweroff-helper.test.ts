import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-dir.ts';

/**
 * The host side of "power off at low battery": the runtime (NoNewPrivileges, no sudo) creates one
 * request file; a root path unit runs scripts/systemd/adm-poweroff, which checks it and powers off
 * once. Here the helper runs against a scratch request with a stand-in `systemctl` on PATH.
 */
const DIR = new URL('../../scripts/systemd/', import.meta.url).pathname;
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function rig() {
  const d = tempDir('poweroff');
  cleanups.push(() => d.remove());
  const calls = join(d.path, 'systemctl-calls');
  writeFileSync(join(d.path, 'systemctl'), `#!/bin/sh\necho "$*" >> '${calls}'\n`);
  chmodSync(join(d.path, 'systemctl'), 0o755);
  const request = join(d.path, 'power-off');
  const run = () =>
    spawnSync('sh', [join(DIR, 'adm-poweroff')], {
      encoding: 'utf8',
      env: { PATH: `${d.path}:/usr/bin:/bin`, ADM_POWEROFF_REQUEST: request, ADM_POWEROFF_OWNER: userInfo().username },
    });
  const systemctl = () => (existsSync(calls) ? readFileSync(calls, 'utf8').trim().split('\n') : []);
  return { dir: d.path, request, run, systemctl };
}

describe('the power-off helper', () => {
  it('powers off once per request, and uses the request up', () => {
    const r = rig();
    writeFileSync(r.request, '');
    const first = r.run();
    expect(first.status).toBe(0);
    expect(r.systemctl()).toEqual(['poweroff']);
    expect(existsSync(r.request)).toBe(false);
    const again = r.run();
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/no request/);
    expect(r.systemctl()).toEqual(['poweroff']);
  });

  it('ignores a link planted where the request goes', () => {
    const r = rig();
    writeFileSync(join(r.dir, 'elsewhere'), '');
    symlinkSync(join(r.dir, 'elsewhere'), r.request);
    expect(r.run().status).toBe(1);
    expect(r.systemctl()).toEqual([]);
  });

  // Handing a file to another account takes root (chown), as on the kiosk where the helper runs; CI runs as root.
  it.skipIf(process.getuid?.() !== 0)('ignores a request made by another account', () => {
    const r = rig();
    writeFileSync(r.request, '');
    chownSync(r.request, 65534, 65534);
    const out = r.run();
    expect(out.status).toBe(1);
    expect(out.stderr).toMatch(/belongs to .*, not root; ignored/);
    expect(r.systemctl()).toEqual([]);
  });

  it('the path unit watches the file the runtime can write, and systemd accepts both units', () => {
    const path = readFileSync(join(DIR, 'adm-poweroff.path'), 'utf8');
    expect(path).toMatch(/^PathExists=\/run\/adm-kiosk\/power-off$/m);
    expect(path).toMatch(/^Unit=adm-poweroff\.service$/m);
    expect(readFileSync(join(DIR, 'adm-kiosk.service'), 'utf8')).toMatch(/^RuntimeDirectory=adm-kiosk$/m);
    const install = readFileSync(join(DIR, 'install.sh'), 'utf8');
    expect(install).toContain('systemctl enable adm-poweroff.path');
    expect(install).not.toMatch(/sudoers/);
    const v = spawnSync('systemd-analyze', ['verify', '--man=no', join(DIR, 'adm-poweroff.path'), join(DIR, 'adm-poweroff.service')], { encoding: 'utf8', timeout: 30_000 });
    expect(v.stderr.trim()).toBe('');
    expect(v.status).toBe(0);
  });
});
