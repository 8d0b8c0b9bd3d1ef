import { existsSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

/**
 * Waits until `path` exists (a udev symlink, a socat pty link), at most `maxMs`. Pseudo-terminals
 * are not listed by `SerialPort.list()` and hot-plug of a USB adapter only shows as a path
 * appearing, so the directory is watched instead; the timeout covers file systems without inotify.
 * Resolves true when the path exists.
 */
export function waitForPath(path: string, maxMs: number, signal?: AbortSignal): Promise<boolean> {
  if (existsSync(path)) return Promise.resolve(true);
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    let watcher: FSWatcher | undefined;
    const name = basename(path);
    const done = (value: boolean) => {
      clearTimeout(timer);
      watcher?.close();
      signal?.removeEventListener('abort', onAbort);
      resolve(value);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(existsSync(path)), maxMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      watcher = watch(dirname(path), { persistent: false }, (_event, file) => {
        if ((file === null || file === name) && existsSync(path)) done(true);
      });
      watcher.on('error', () => {});
    } catch {
      // No directory or no inotify: the timer alone decides.
    }
    if (existsSync(path)) done(true);
  });
}
