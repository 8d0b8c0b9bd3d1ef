import { chmodSync, lstatSync, readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { CheckOutcome } from '../doctor/check.ts';

/**
 * Who may read what the kiosk keeps (docs/install.md, "Who can read what"). The runtime forces the
 * data directory's part at every boot; `adm doctor` checks all of it on a running kiosk;
 * `scripts/systemd/install.sh` (through `lockdown.sh`) sets it up.
 */

/** The runtime's account and the browser's, as the sysusers file names them. */
export const RUNTIME_USER = 'adm-kiosk';
export const BROWSER_USER = 'adm-browser';

/**
 * The data directory is the runtime's alone: the directory and every folder in it 0700, every file
 * 0600. Returns the paths whose modes were narrowed (files created by an older version, a copy
 * restored by hand, an umask that was too wide).
 */
export function lockDataDir(dataDir: string): string[] {
  const fixed: string[] = [];
  const walk = (path: string, st: Stats | undefined) => {
    // A file the running kiosk removed meanwhile (a temporary file, a journal) is simply gone.
    if (!st || st.isSymbolicLink()) return;
    const want = st.isDirectory() ? 0o700 : 0o600;
    if ((st.mode & 0o777) !== want) {
      chmodSync(path, want);
      fixed.push(path);
    }
    if (st.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name), lstatSync(join(path, name), { throwIfNoEntry: false }));
  };
  walk(dataDir, lstatSync(dataDir, { throwIfNoEntry: false }));
  return fixed;
}

export interface AccessPaths {
  dataDir: string;
  configFile: string | null;
  auditKeyFile: string;
  launchUrlFile: string | null;
  /** For tests in a scratch root; the system's files by default. */
  passwdFile?: string;
  groupFile?: string;
  mountsFile?: string;
  cupsdConf?: string;
  /** True on an installed kiosk (the unit exists): missing system settings fail instead of warn. */
  installed: boolean;
}

interface Accounts {
  userOf(uid: number): string;
  groupOf(gid: number): string;
  /** Every account that can read as this group: its members and those whose primary group it is. */
  readersOf(gid: number): string[];
}

function accounts(passwdFile: string, groupFile: string): Accounts {
  const lines = (f: string) => {
    try {
      return readFileSync(f, 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(':'));
    } catch {
      return [];
    }
  };
  const users = lines(passwdFile);
  const groups = lines(groupFile);
  return {
    userOf: (uid) => users.find((u) => Number(u[2]) === uid)?.[0] ?? String(uid),
    groupOf: (gid) => groups.find((g) => Number(g[2]) === gid)?.[0] ?? String(gid),
    readersOf: (gid) => {
      const members = (groups.find((g) => Number(g[2]) === gid)?.[3] ?? '').split(',').filter(Boolean);
      const primary = users.filter((u) => Number(u[3]) === gid).map((u) => u[0] ?? '');
      return [...new Set([...primary, ...members])];
    },
  };
}

const octal = (m: number) => `0${(m & 0o777).toString(8)}`;

/** The checks `adm doctor` runs on who can read what. */
export function checkFileAccess(p: AccessPaths): CheckOutcome[] {
  const a = accounts(p.passwdFile ?? '/etc/passwd', p.groupFile ?? '/etc/group');
  const out: CheckOutcome[] = [];
  const fail = (detail: string) => out.push({ status: 'fail', detail });
  const systemSetting = (detail: string) => out.push({ status: p.installed ? 'fail' : 'warn', detail });

  // The data directory: 0700 and 0600 throughout, one owner.
  const top = statSync(p.dataDir, { throwIfNoEntry: false });
  if (!top) out.push({ status: 'ok', detail: `${p.dataDir} does not exist yet` });
  else {
    const wrong: string[] = [];
    const owners = new Set<number>();
    const walk = (path: string) => {
      const st = lstatSync(path, { throwIfNoEntry: false });
      if (!st || st.isSymbolicLink()) return;
      owners.add(st.uid);
      if ((st.mode & 0o077) !== 0) wrong.push(`${relative(p.dataDir, path) || '.'} ${octal(st.mode)}`);
      if (st.isDirectory()) for (const n of readdirSync(path)) walk(join(path, n));
    };
    walk(p.dataDir);
    if (wrong.length) fail(`${p.dataDir}: readable or writable by others than its owner: ${wrong.slice(0, 5).join(', ')}${wrong.length > 5 ? ` and ${wrong.length - 5} more` : ''} (the runtime narrows them at its next start)`);
    else if (owners.size > 1) fail(`${p.dataDir}: files of ${[...owners].map((u) => a.userOf(u)).join(', ')}; all must be ${a.userOf(top.uid)}'s`);
    else out.push({ status: 'ok', detail: `${p.dataDir}: ${a.userOf(top.uid)}'s alone (0700, files 0600)` });
  }

  // Files readable by a group: the group's readers must be the runtime alone (never the browser).
  const groupReadable = (path: string, what: string, allowed: readonly string[], noWriteBits = 0o027) => {
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st) return null;
    const readers = a.readersOf(st.gid).filter((r) => !allowed.includes(r));
    if ((st.mode & noWriteBits) !== 0) fail(`${path} (${what}) is ${octal(st.mode)}: others may read it or its group may write it (want 0640 or narrower)`);
    else if ((st.mode & 0o040) !== 0 && readers.length > 0) fail(`${path} (${what}) is readable by group ${a.groupOf(st.gid)}, which ${readers.join(', ')} can read as`);
    else out.push({ status: 'ok', detail: `${path} (${what}): ${a.userOf(st.uid)}:${a.groupOf(st.gid)} ${octal(st.mode)}` });
    return st;
  };
  if (p.configFile) groupReadable(p.configFile, 'configuration', [RUNTIME_USER, 'root']);

  // The audit key: outside the data directory and not owned by its owner, so whoever holds the
  // database cannot also re-key the chain.
  const inData = !relative(resolve(p.dataDir), resolve(p.auditKeyFile)).startsWith('..') && !isAbsolute(relative(resolve(p.dataDir), resolve(p.auditKeyFile)));
  const key = statSync(p.auditKeyFile, { throwIfNoEntry: false });
  if (inData) systemSetting(`the audit key ${p.auditKeyFile} is inside the data directory: set maintenance.auditKeyFile to a file outside it with its own owner (install.sh uses /etc/adm/audit.key)`);
  else if (!key) out.push({ status: 'warn', detail: `no audit key at ${p.auditKeyFile} yet` });
  else {
    if (top && key.uid === top.uid) fail(`the audit key ${p.auditKeyFile} belongs to ${a.userOf(key.uid)}, who owns the data directory too: give it its own owner (root)`);
    groupReadable(p.auditKeyFile, 'audit key', [RUNTIME_USER, 'root'], 0o037);
  }

  // The launch URL: 0640 to the browser's own group.
  if (p.launchUrlFile) groupReadable(p.launchUrlFile, 'launch URL', [BROWSER_USER, RUNTIME_USER, 'root']);

  // /proc: other users do not see the kiosk's processes or command lines.
  let mounts = '';
  try {
    mounts = readFileSync(p.mountsFile ?? '/proc/mounts', 'utf8');
  } catch {
    // unreadable: said below
  }
  const proc = mounts.split('\n').filter((l) => l.split(' ')[1] === '/proc').at(-1) ?? '';
  if (/\bhidepid=(invisible|2)\b/.test(proc)) out.push({ status: 'ok', detail: '/proc is mounted hidepid=invisible' });
  else systemSetting('/proc is not mounted hidepid=invisible: every local user can read the browser\'s command line (install.sh sets it in /etc/fstab)');

  // CUPS keeps no copy of a printed document.
  const cupsd = p.cupsdConf ?? '/etc/cups/cupsd.conf';
  let conf: string | null = null;
  try {
    conf = readFileSync(cupsd, 'utf8');
  } catch {
    conf = null;
  }
  if (conf !== null) {
    const setting = (k: string) => new RegExp(`^\\s*${k}\\s+(\\S+)`, 'mi').exec(conf ?? '')?.[1]?.toLowerCase();
    const files = setting('PreserveJobFiles');
    const history = setting('PreserveJobHistory');
    // History may stay a short while (an hour at most), job files never.
    const shortHistory = history === 'no' || (history !== undefined && /^\d+$/.test(history) && Number(history) <= 3600) || (history !== undefined && /^\d+m$/.test(history) && parseInt(history, 10) <= 60);
    if (files !== 'no' || !shortHistory) {
      systemSetting(`${cupsd} keeps job files or history (PreserveJobFiles ${files ?? 'default: 1d'}, PreserveJobHistory ${history ?? 'default: Yes'}): documents with personal data stay in /var/spool/cups; set PreserveJobFiles No and PreserveJobHistory No`);
    } else out.push({ status: 'ok', detail: `${cupsd}: no job files kept` });
  }
  return out;
}
