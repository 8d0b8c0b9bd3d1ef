import { spawn } from 'node:child_process';
import { basename } from 'node:path';

export type PowerOffExit = { kind: 'exited'; code: number | null; signal: string | null } | { kind: 'timeout'; ms: number };

export type PowerOffStart =
  | { kind: 'started'; pid: number | undefined; exited: Promise<PowerOffExit> }
  | { kind: 'failed'; message: string }
  | { kind: 'unconfigured' };

/**
 * Asks the host to power off through the one command the install set up (on a kiosk: the request
 * file a root path unit answers): argv, never a shell. Resolves as soon as the command has
 * started; it runs detached, so it outlives the kiosk process it is about to stop, and the kiosk's
 * shutdown does not wait on it. `exited` says how it ended, if the process is still there to hear.
 */
export function startPowerOff(argv: readonly string[], timeoutMs: number): Promise<PowerOffStart> {
  const [cmd, ...args] = argv;
  if (cmd === undefined) return Promise.resolve({ kind: 'unconfigured' });
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn(cmd, args, { detached: true, stdio: 'ignore', env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' } });
    } catch (e) {
      resolve({ kind: 'failed', message: (e as Error).message });
      return;
    }
    const c = child;
    c.once('error', (e) => resolve({ kind: 'failed', message: `${basename(cmd)}: ${e.message}` }));
    c.once('spawn', () => {
      const exited = new Promise<PowerOffExit>((done) => {
        const timer = setTimeout(() => done({ kind: 'timeout', ms: timeoutMs }), timeoutMs);
        timer.unref();
        c.once('exit', (code, signal) => {
          clearTimeout(timer);
          done({ kind: 'exited', code, signal });
        });
      });
      // The kiosk may exit before the command does: never keep it alive for that.
      c.unref();
      resolve({ kind: 'started', pid: c.pid, exited });
    });
  });
}
