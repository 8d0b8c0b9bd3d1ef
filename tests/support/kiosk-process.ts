import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ADM_BIN = fileURLToPath(new URL('../../scripts/adm.js', import.meta.url));

export interface KioskProcess {
  child: ChildProcessWithoutNullStreams;
  /** The URL from the "ready" line. */
  url: string;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or signal name) and how long the exit took from the call. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
}

/** Runs `adm <args>` to completion. */
export function runAdm(args: string[], env: NodeJS.ProcessEnv = {}, bin = ADM_BIN): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ADM_CONFIG: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts `adm start` (this checkout's, or `bin`) and waits for its ready line. */
export function startKiosk(env: NodeJS.ProcessEnv, timeoutMs = 20_000, bin = ADM_BIN): Promise<KioskProcess> {
  const child = spawn(process.execPath, [bin, 'start'], { env: { ...process.env, ADM_CONFIG: '', ADM_PORT: '0', ...env } });
  let out = '';
  let errOut = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (errOut += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kiosk not ready within ${timeoutMs} ms\n${out}\n${errOut}`));
    }, timeoutMs);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`kiosk exited with ${String(code)} before ready\n${out}\n${errOut}`));
    };
    child.once('exit', onExit);
    child.stdout.on('data', () => {
      const m = /ADM kiosk ready at (\S+)/.exec(out);
      if (!m?.[1]) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve({
        child,
        url: m[1].replace(/\/$/, ''),
        stdout: () => out,
        stderr: () => errOut,
        stop(signal = 'SIGINT') {
          const t0 = performance.now();
          return new Promise((res) => {
            if (child.exitCode !== null || child.signalCode !== null) {
              res({ code: child.exitCode, signal: child.signalCode, ms: 0 });
              return;
            }
            child.once('exit', (code, sig) => res({ code, signal: sig, ms: performance.now() - t0 }));
            child.kill(signal);
          });
        },
      });
    });
  });
}
