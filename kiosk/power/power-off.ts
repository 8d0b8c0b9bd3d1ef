import { spawn } from 'node:child_process';
import { basename } from 'node:path';

export type PowerOffOutcome =
  | { kind: 'exited'; code: number | null; signal: string | null }
  | { kind: 'failed'; message: string }
  | { kind: 'timeout'; ms: number }
  | { kind: 'unconfigured' };

/**
 * Asks the host to power off through the one command the install set up (a root-owned helper run
 * by a sudoers rule that allows that command only): argv, never a shell. The command is started
 * detached, so it outlives the kiosk process it is about to stop.
 */
export function runPowerOff(argv: readonly string[], timeoutMs: number): Promise<PowerOffOutcome> {
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
    const timer = setTimeout(() => {
      child.unref();
      resolve({ kind: 'timeout', ms: timeoutMs });
    }, timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      resolve({ kind: 'failed', message: `${basename(cmd)}: ${e.message}` });
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ kind: 'exited', code, signal });
    });
  });
}
