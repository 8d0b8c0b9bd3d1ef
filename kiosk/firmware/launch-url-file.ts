import { chmodSync, chownSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { err, ok, type Result } from '../../core/result.ts';

/**
 * The hand-over of the launch URL to the kiosk browser session. The URL carries a single-use launch
 * token (exchanged for the session's secret on the first connect, kiosk/server/ws/launch-token.ts),
 * so it never goes in a unit file, an environment block or a log: the runtime writes it to
 * `$ADM_LAUNCH_URL_FILE` (systemd sets `/run/adm-kiosk/launch-url`, inside the service's
 * RuntimeDirectory, mode 0711) with mode 0640 and group `$ADM_LAUNCH_URL_GROUP` (`adm-browser`:
 * the browser's own group, which reads nothing else of the kiosk's). The file is replaced
 * atomically, so the browser never reads half a URL, rewritten whenever its token is spent, and
 * removed at shutdown.
 */
export const LAUNCH_URL_ENV = 'ADM_LAUNCH_URL_FILE';
export const LAUNCH_URL_GROUP_ENV = 'ADM_LAUNCH_URL_GROUP';

/** The group (name or number) the launch file is handed to; null leaves the runtime's own. */
export function launchUrlGroupFromEnv(env: NodeJS.ProcessEnv = process.env): string | null {
  const g = env[LAUNCH_URL_GROUP_ENV];
  return g === undefined || g === '' ? null : g;
}

/** A group's id from its name in /etc/group (or a number given as is); null when there is none. */
export function groupId(group: string, groupFile = '/etc/group'): number | null {
  if (/^\d+$/.test(group)) return Number(group);
  try {
    for (const line of readFileSync(groupFile, 'utf8').split('\n')) {
      const [name, , gid] = line.split(':');
      if (name === group && gid !== undefined && /^\d+$/.test(gid)) return Number(gid);
    }
  } catch {
    return null;
  }
  return null;
}

export function launchUrlFileFromEnv(env: NodeJS.ProcessEnv = process.env): string | null {
  const path = env[LAUNCH_URL_ENV];
  return path === undefined || path === '' ? null : path;
}

export function writeLaunchUrlFile(path: string, url: string, group: string | null = null): Result<void, { message: string }> {
  if (/[\r\n]/.test(url)) return err({ message: 'the launch URL contains a line break' });
  const gid = group === null ? null : groupId(group);
  if (group !== null && gid === null) return err({ message: `no group ${group} for the launch URL file (${LAUNCH_URL_GROUP_ENV})` });
  const tmp = join(dirname(path), `.launch-url.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, `${url}\n`, { mode: 0o600 });
    // The browser's group before the group may read: never a moment readable by the wrong group.
    if (gid !== null) chownSync(tmp, -1, gid);
    chmodSync(tmp, 0o640); // the umask must not widen or narrow what the browser group may read
    renameSync(tmp, path);
    return ok(undefined);
  } catch (e) {
    rmSync(tmp, { force: true });
    return err({ message: `cannot write ${path}: ${(e as Error).message}` });
  }
}

export function removeLaunchUrlFile(path: string): void {
  rmSync(path, { force: true });
}
