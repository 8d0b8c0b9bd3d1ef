import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The unit files as systemd itself reads them: `systemd-analyze verify` (Debian's systemd) parses
 * every directive and checks that each ExecStart binary exists (/usr/bin/node, /usr/bin/cage,
 * /bin/sh); the app paths under /opt/adm are arguments, so they need not exist here. Any warning
 * (an unknown or misspelled key) fails the test, not just a non-zero exit.
 */
const DIR = new URL('../../scripts/systemd/', import.meta.url).pathname;
const UNITS = ['adm-kiosk.service', 'adm-kiosk-browser.service', 'adm-kiosk-rollback.service'];
const tmp = mkdtempSync(join(tmpdir(), 'adm-units-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function verify(files: string[]) {
  return spawnSync('systemd-analyze', ['verify', '--man=no', ...files], { encoding: 'utf8', timeout: 30_000 });
}

/** `Key=value` lines of one section, in order (repeated keys kept). */
function section(unit: string, name: string): Array<[string, string]> {
  const text = readFileSync(join(DIR, unit), 'utf8');
  const out: Array<[string, string]> = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('[')) current = line;
    else if (current === `[${name}]` && line && !line.startsWith('#')) {
      const eq = line.indexOf('=');
      out.push([line.slice(0, eq), line.slice(eq + 1)]);
    }
  }
  return out;
}
const get = (unit: string, name: string, key: string) => section(unit, name).filter(([k]) => k === key).map(([, v]) => v);

describe('systemd units', () => {
  it('systemd-analyze verify accepts every unit with no warning', () => {
    const r = verify(UNITS.map((u) => join(DIR, u)));
    expect(r.error).toBeUndefined();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('the check has teeth: a misspelled key warns and a missing binary fails', () => {
    const bad = join(tmp, 'adm-kiosk.service');
    writeFileSync(bad, readFileSync(join(DIR, 'adm-kiosk.service'), 'utf8').replace('WatchdogSec=30', 'WatchdogSecs=30'));
    expect(verify([bad]).stderr).toMatch(/Unknown key 'WatchdogSecs'/);
    writeFileSync(bad, readFileSync(join(DIR, 'adm-kiosk.service'), 'utf8').replace('ExecStart=/usr/bin/node', 'ExecStart=/usr/bin/no-such-node'));
    const r = verify([bad]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/no-such-node is not executable/);
  });

  it('the runtime: notify with watchdog, restarts with a limit, unprivileged and confined', () => {
    const u = 'adm-kiosk.service';
    expect(get(u, 'Service', 'Type')).toEqual(['notify']);
    expect(get(u, 'Service', 'NotifyAccess')).toEqual(['main']);
    expect(Number(get(u, 'Service', 'WatchdogSec')[0])).toBeGreaterThan(0);
    expect(get(u, 'Service', 'Restart')).toEqual(['always']);
    expect(Number(get(u, 'Unit', 'StartLimitBurst')[0])).toBeGreaterThan(0);
    expect(Number(get(u, 'Unit', 'StartLimitIntervalSec')[0])).toBeGreaterThan(0);
    expect(get(u, 'Unit', 'OnFailure')).toEqual(['adm-kiosk-rollback.service']);
    expect(get(u, 'Service', 'User')).toEqual(['adm-kiosk']);
    for (const [k, v] of [['ProtectSystem', 'strict'], ['PrivateTmp', 'yes'], ['NoNewPrivileges', 'yes'], ['ProtectHome', 'yes'], ['ReadWritePaths', '/var/lib/adm'], ['CapabilityBoundingSet', '']]) {
      expect(get(u, 'Service', k as string), k).toEqual([v]);
    }
    const env = get(u, 'Service', 'Environment');
    expect(env).toContain('ADM_DATA_DIR=/var/lib/adm');
    // The launch URL goes in the runtime directory systemd makes (and removes) for the runtime.
    expect(env).toContain(`ADM_LAUNCH_URL_FILE=/run/${get(u, 'Service', 'RuntimeDirectory')[0]}/launch-url`);
    // Passable, not listable; the launch file itself is 0640 to the browser's own group.
    expect(get(u, 'Service', 'RuntimeDirectoryMode')).toEqual(['0711']);
    expect(env).toContain('ADM_LAUNCH_URL_GROUP=adm-browser');
    expect(get(u, 'Service', 'StateDirectoryMode')).toEqual(['0700']);
    expect(get(u, 'Service', 'UMask')).toEqual(['0077']);
    expect(get(u, 'Service', 'ProtectProc')).toEqual(['invisible']);
  });

  it('the browser session: cage on tty1 as its own user, bound to the runtime, restarted when it dies', () => {
    const u = 'adm-kiosk-browser.service';
    expect(get(u, 'Service', 'User')).toEqual(['adm-browser']);
    expect(get(u, 'Service', 'ExecStart')[0]).toMatch(/^\/usr\/bin\/cage .*adm-browser-session\.sh$/);
    expect(get(u, 'Service', 'Restart')).toEqual(['always']);
    expect(get(u, 'Unit', 'BindsTo')).toEqual(['adm-kiosk.service']);
    expect(get('adm-kiosk.service', 'Unit', 'Upholds')).toEqual([u]);
    expect(get(u, 'Service', 'Environment')).toContain(get('adm-kiosk.service', 'Service', 'Environment').find((e) => e.startsWith('ADM_LAUNCH_URL_FILE=')));
    expect(get(u, 'Service', 'NoNewPrivileges')).toEqual(['yes']);
    expect(get(u, 'Service', 'ProtectProc')).toEqual(['invisible']);
  });

  it('systemd-analyze security rates the runtime and the rollback unit as OK exposure', () => {
    const exposure = (unit: string) => {
      const r = spawnSync('systemd-analyze', ['security', '--offline=true', '--no-pager', join(DIR, unit)], { encoding: 'utf8', timeout: 30_000 });
      const m = /Overall exposure level for \S+: ([\d.]+) (\w+)/.exec(r.stdout);
      if (!m) throw new Error(`no exposure level for ${unit}: ${r.stdout.slice(-500)} ${r.stderr}`);
      return { score: Number(m[1]), rating: m[2] };
    };
    expect(exposure('adm-kiosk.service')).toMatchObject({ rating: 'OK' });
    expect(exposure('adm-kiosk.service').score).toBeLessThan(2.5);
    expect(exposure('adm-kiosk-rollback.service')).toMatchObject({ rating: 'OK' });
    // The browser keeps its GPU, input devices and Chromium's namespace sandbox: medium, not exposed.
    expect(exposure('adm-kiosk-browser.service').score).toBeLessThan(7);
  });

  it('systemd-sysusers creates the users and group memberships the units name', () => {
    const root = join(tmp, 'root');
    mkdirSync(join(root, 'etc'), { recursive: true });
    for (const f of ['passwd', 'group']) copyFileSync(`/etc/${f}`, join(root, 'etc', f));
    execFileSync('systemd-sysusers', [`--root=${root}`, join(DIR, 'adm-kiosk.sysusers')], { stdio: 'pipe' });
    const passwd = readFileSync(join(root, 'etc/passwd'), 'utf8');
    const group = readFileSync(join(root, 'etc/group'), 'utf8');
    expect(passwd).toMatch(/^adm-kiosk:x:\d+:\d+:ADM kiosk runtime:\/var\/lib\/adm:\/usr\/sbin\/nologin$/m);
    expect(passwd).toMatch(/^adm-browser:x:\d+:\d+:[^:]*:\/var\/lib\/adm-browser:\/usr\/sbin\/nologin$/m);
    expect(group).toMatch(/^adm-devices:x:\d+:adm-kiosk$/m);
    // The browser is in its own group only: not in adm-kiosk (which reads the configuration), while
    // the runtime is in adm-browser to hand it the launch file.
    expect(group).toMatch(/^adm-kiosk:x:\d+:$/m);
    expect(group).toMatch(/^adm-browser:x:\d+:adm-kiosk$/m);
    expect(get('adm-kiosk.service', 'Service', 'SupplementaryGroups')).toEqual(['adm-devices']);
  });

  it('udev rules give the serial, hidraw and USB printer nodes to adm-devices', () => {
    const rules = readFileSync(join(DIR, '60-adm-kiosk.rules'), 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'));
    for (const subsystem of ['tty', 'hidraw', 'usbmisc']) {
      expect(rules.find((l) => l.includes(`SUBSYSTEM=="${subsystem}"`)), subsystem).toMatch(/GROUP="adm-devices", MODE="0660"$/);
    }
  });

  it('the browser session script refuses a launch URL that is not on loopback, and the scripts parse', () => {
    expect(spawnSync('sh', ['-n', join(DIR, 'adm-browser-session.sh')]).status).toBe(0);
    expect(spawnSync('bash', ['-n', join(DIR, 'install.sh')]).status).toBe(0);
    const urlFile = join(tmp, 'launch-url');
    writeFileSync(urlFile, 'http://evil.example/?s=1\n');
    const r = spawnSync('sh', [join(DIR, 'adm-browser-session.sh')], { env: { ...process.env, ADM_LAUNCH_URL_FILE: urlFile }, encoding: 'utf8', timeout: 10_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/refusing a launch URL that is not on loopback/);
  });
});
