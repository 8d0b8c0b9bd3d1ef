import { chmodSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { err, ok, type Result } from '../result.ts';

/**
 * The hand-over of the launch URL to the kiosk browser session. The URL carries the per-boot
 * secret, so it never goes in a unit file, an environment block or a log: the runtime writes it to
 * `$ADM_LAUNCH_URL_FILE` (systemd sets `/run/adm-kiosk/launch-url`, inside the service's
 * RuntimeDirectory: mode 0750, group `adm-browser`), readable by the runtime's user and the
 * browser's group only. The file is replaced atomically, so the browser never reads half a URL,
 * and removed at shutdown, so a stale secret never outlives its runtime.
 */
export const LAUNCH_URL_ENV = 'ADM_LAUNCH_URL_FILE';

export function launchUrlFileFromEnv(env: NodeJS.ProcessEnv = process.env): string | null {
  const path = env[LAUNCH_URL_ENV];
  return path === undefined || path === '' ? null : path;
}

export function writeLaunchUrlFile(path: string, url: string): Result<void, { message: string }> {
  if (/[\r\n]/.test(url)) return err({ message: 'the launch URL contains a line break' });
  const tmp = join(dirname(path), `.launch-url.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, `${url}\n`, { mode: 0o640 });
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
