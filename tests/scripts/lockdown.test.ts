import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFileAccess, type AccessPaths } from '../../kiosk/firmware/file-access.ts';

/**
 * install.sh's "who can read what" step (scripts/systemd/lockdown.sh) on a scratch root laid out as
 * an older kiosk left it: configuration and data readable by the browser's group, the audit key in
 * the data directory, CUPS keeping job files, /proc showing everyone's processes. It runs in a
 * private mount and PID namespace (`unshare`), so its /proc remount touches nothing outside.
 * `adm doctor`'s check fails on the scratch root before and passes after.
 */
const SYSTEMD = new URL('../../scripts/systemd/', import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), 'adm-lockdown-'));
const oldKey = 'b2xkLWtleS1vZi10aGUtYXVkaXQtY2hhaW4tMzItYnl0ZXM=';
afterAll(() => rmSync(root, { recursive: true, force: true }));

const at = (p: string) => join(root, p);
const paths = (auditKeyFile: string, mountsFile: string): AccessPaths => ({
  dataDir: at('var/lib/adm'),
  configFile: at('etc/adm/kiosk.json'),
  auditKeyFile,
  launchUrlFile: null,
  passwdFile: at('etc/passwd'),
  groupFile: at('etc/group'),
  mountsFile,
  cupsdConf: at('etc/cups/cupsd.conf'),
  installed: true,
});
let inside = '';

beforeAll(() => {
  mkdirSync(at('etc/adm'), { recursive: true });
  mkdirSync(at('etc/cups'), { recursive: true });
  mkdirSync(at('var/lib/adm/printed/a4'), { recursive: true });
  for (const f of ['passwd', 'group']) copyFileSync(`/etc/${f}`, at(`etc/${f}`));
  // The browser in the runtime's group, as an older sysusers file had it.
  execFileSync('systemd-sysusers', [`--root=${root}`, '-'], { input: 'g adm-kiosk -\nu adm-kiosk - "ADM kiosk runtime" /var/lib/adm\nu adm-browser - "ADM kiosk browser session" /var/lib/adm-browser\nm adm-browser adm-kiosk\n' });
  writeFileSync(at('etc/adm/kiosk.json'), JSON.stringify({ dataDir: '/var/lib/adm' }), { mode: 0o644 });
  writeFileSync(at('etc/adm/ups.password'), 'rahasia-ups\n', { mode: 0o644 });
  for (const f of ['var/lib/adm/kiosk.sqlite', 'var/lib/adm/printed/a4/KK-1.pdf']) writeFileSync(at(f), 'data', { mode: 0o644 });
  writeFileSync(at('var/lib/adm/audit.key'), `${oldKey}\n`, { mode: 0o640 });
  execFileSync('chmod', ['0755', at('var/lib/adm'), at('var/lib/adm/printed')]);
  writeFileSync(at('etc/cups/cupsd.conf'), 'LogLevel warn\nPreserveJobFiles Yes\nMaxLogSize 0\n');
  writeFileSync(at('etc/fstab'), 'UUID=1 / ext4 defaults 0 1\nproc /proc proc defaults 0 0\n');
});

describe('scripts/systemd/lockdown.sh in a scratch root', () => {
  it('adm doctor\'s check finds what an older kiosk left readable', () => {
    const before = checkFileAccess(paths(at('var/lib/adm/audit.key'), '/proc/self/mounts'));
    const failed = before.filter((o) => o.status === 'fail').map((o) => o.detail).join('\n');
    expect(failed).toMatch(/var\/lib\/adm: readable or writable by others/);
    expect(failed).toMatch(/kiosk\.json \(configuration\) is 0644/);
    expect(failed).toMatch(/audit key .* is inside the data directory/);
    expect(failed).toMatch(/PreserveJobFiles yes/);
  });

  it('sets owners and modes, moves the audit key out, hides /proc and turns CUPS retention off', () => {
    // Inside a private mount and PID namespace with its own /proc: run the script, then look at
    // /proc as an ordinary user would.
    const script = [
      `bash ${join(SYSTEMD, 'lockdown.sh')} --root ${root} --remount-proc || exit 1`,
      `grep ' /proc ' /proc/mounts > ${at('mounts-inside')} || exit 1`,
      // A root process that nobody may see, then nobody's own look at /proc.
      '(sleep 30 &)',
      'setpriv --reuid=65534 --regid=65534 --clear-groups ls /proc | grep -c "^[0-9]"',
    ].join('\n');
    const r = spawnSync('unshare', ['--mount', '--pid', '--fork', '--mount-proc', 'sh', '-c', script], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    // nobody sees only its own ls, not root's shell or sleep.
    expect(r.stdout.trim().split('\n').at(-1)).toBe('1');
    inside = at('mounts-inside');

    const uid = (name: string) => Number(readFileSync(at('etc/passwd'), 'utf8').split('\n').find((l) => l.startsWith(`${name}:`))?.split(':')[2]);
    const gid = (name: string) => Number(readFileSync(at('etc/group'), 'utf8').split('\n').find((l) => l.startsWith(`${name}:`))?.split(':')[2]);
    const mode = (p: string) => statSync(at(p)).mode & 0o777;
    expect(statSync(at('etc/adm/kiosk.json'))).toMatchObject({ uid: 0, gid: gid('adm-kiosk') });
    expect(mode('etc/adm/kiosk.json')).toBe(0o640);
    expect(statSync(at('etc/adm/ups.password'))).toMatchObject({ uid: 0, gid: gid('adm-kiosk') });
    expect(mode('etc/adm/ups.password')).toBe(0o640);
    expect(mode('etc/adm')).toBe(0o750);
    expect(readFileSync(at('etc/adm/audit.key'), 'utf8').trim()).toBe(oldKey);
    expect(statSync(at('etc/adm/audit.key'))).toMatchObject({ uid: 0, gid: gid('adm-kiosk') });
    expect(mode('etc/adm/audit.key')).toBe(0o640);
    expect(() => statSync(at('var/lib/adm/audit.key'))).toThrow();
    expect(JSON.parse(readFileSync(at('etc/adm/kiosk.json'), 'utf8'))).toMatchObject({ maintenance: { auditKeyFile: '/etc/adm/audit.key' } });
    for (const d of ['var/lib/adm', 'var/lib/adm/printed', 'var/lib/adm/printed/a4']) {
      expect(mode(d), d).toBe(0o700);
      expect(statSync(at(d)).uid).toBe(uid('adm-kiosk'));
    }
    for (const f of ['var/lib/adm/kiosk.sqlite', 'var/lib/adm/printed/a4/KK-1.pdf']) {
      expect(mode(f), f).toBe(0o600);
      expect(statSync(at(f)).uid).toBe(uid('adm-kiosk'));
    }
    const cups = readFileSync(at('etc/cups/cupsd.conf'), 'utf8');
    expect(cups).toMatch(/^PreserveJobFiles No$/m);
    expect(cups).toMatch(/^PreserveJobHistory No$/m);
    expect(cups).not.toMatch(/PreserveJobFiles Yes/);
    expect(cups).toMatch(/^LogLevel warn$/m);
    const fstab = readFileSync(at('etc/fstab'), 'utf8');
    expect(fstab.split('\n').filter((l) => / \/proc /.test(l))).toEqual(['proc /proc proc defaults,nosuid,nodev,noexec,hidepid=invisible 0 0']);
    expect(fstab).toMatch(/^UUID=1 \/ ext4/m);
  });

  it('adm doctor\'s check passes on the result, and still fails while the browser reads the runtime\'s group', () => {
    // The older sysusers file put adm-browser in group adm-kiosk: the check names it.
    const stale = checkFileAccess(paths(at('etc/adm/audit.key'), inside));
    expect(stale.filter((o) => o.status === 'fail').map((o) => o.detail).join('\n')).toMatch(/readable by group adm-kiosk, which adm-browser can read as/);
    // The shipped sysusers file: the browser in its own group only.
    const group = readFileSync(at('etc/group'), 'utf8').replace(/^(adm-kiosk:x:\d+:).*$/m, '$1');
    writeFileSync(at('etc/group'), group);
    const after = checkFileAccess(paths(at('etc/adm/audit.key'), inside));
    expect(after.filter((o) => o.status !== 'ok'), JSON.stringify(after)).toEqual([]);
  });

  it('runs again without changing anything (an update re-runs it)', () => {
    const key = readFileSync(at('etc/adm/audit.key'), 'utf8');
    execFileSync('bash', [join(SYSTEMD, 'lockdown.sh'), '--root', root], { stdio: 'pipe' });
    expect(readFileSync(at('etc/adm/audit.key'), 'utf8')).toBe(key);
    expect(readFileSync(at('etc/fstab'), 'utf8').match(/hidepid/g)).toHaveLength(1);
    expect(readFileSync(at('etc/cups/cupsd.conf'), 'utf8').match(/PreserveJobFiles/g)).toHaveLength(1);
  });
});
