import { spawn, type ChildProcess } from 'node:child_process';

/**
 * A pair of linked pseudo-terminals made by socat: the driver opens `pathA`, a simulator opens
 * `pathB`, and bytes flow between them as over a null-modem cable. Used by `npm start` when the
 * simulators run on ptys, and by the tests. Killing socat is how an unplug is simulated.
 */
export interface PtyPair {
  readonly pathA: string;
  readonly pathB: string;
  readonly pid: number | undefined;
  readonly running: boolean;
  /** Ends socat with `signal` (SIGTERM removes the links; SIGKILL leaves them dangling, as a crash would). */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts socat again on the same link paths. */
  restart(timeoutMs?: number): Promise<void>;
}

export class SocatError extends Error {
  override readonly name = 'SocatError';
}

function startSocat(pathA: string, pathB: string, timeoutMs: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${pathA}`, `pty,raw,echo=0,link=${pathB}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new SocatError(`socat did not start within ${timeoutMs} ms: ${log.slice(-300)}`));
    }, timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(new SocatError(`cannot run socat (is the Debian package installed?): ${e.message}`));
    });
    const early = (code: number | null) => {
      clearTimeout(timer);
      reject(new SocatError(`socat exited with ${String(code)} before it was ready: ${log.slice(-300)}`));
    };
    child.once('exit', early);
    child.stderr?.on('data', (d: Buffer) => {
      if (log.length < 4096) log += d.toString();
      if (log.includes('starting data transfer loop')) {
        clearTimeout(timer);
        child.removeListener('exit', early);
        resolve(child);
      }
    });
  });
}

export async function openPtyPair(pathA: string, pathB: string, timeoutMs = 5000): Promise<PtyPair> {
  let child: ChildProcess | null = await startSocat(pathA, pathB, timeoutMs);
  const pair: PtyPair = {
    pathA,
    pathB,
    get pid() {
      return child?.pid;
    },
    get running() {
      return child !== null && child.exitCode === null && child.signalCode === null;
    },
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      const c = child;
      child = null;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      const exited = new Promise((r) => c.once('exit', r));
      c.kill(signal);
      await exited;
    },
    async restart(restartTimeoutMs = timeoutMs) {
      await pair.kill();
      child = await startSocat(pathA, pathB, restartTimeoutMs);
    },
  };
  return pair;
}
