import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ADM = fileURLToPath(new URL('../../../scripts/adm.js', import.meta.url));

export interface Served {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Runs `adm registry serve` as its own process on a free loopback port and waits for its "serving" line. */
export function serveRegistry(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Served> {
  const child = spawn(process.execPath, [ADM, 'registry', 'serve', '--port', '0', ...args], {
    env: { ...process.env, ADM_CONFIG: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    let out = '';
    let errText = '';
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`adm registry serve printed no "serving" line within 20 s: ${out} ${errText.slice(-500)}`));
    }, 20_000);
    child.stderr?.on('data', (d: Buffer) => {
      errText += d.toString();
    });
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /registry serving (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1] as string, child, stop });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`adm registry serve exited ${String(code)}: ${errText.slice(-800)}`));
    });
  });
}
