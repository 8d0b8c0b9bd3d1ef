import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ADM = fileURLToPath(new URL('../../../scripts/adm.js', import.meta.url));

/** `adm registry serve`: the central registry's HTTP API over an embedded registry file, as a real peer. */
export async function serveRegistry(path: string, port = 0): Promise<{ url: string; child: ChildProcess; kill(): Promise<void> }> {
  const child = spawn(process.execPath, [ADM, 'registry', 'serve', '--port', String(port), '--path', path], {
    env: { ...process.env, ADM_CONFIG: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`registry not serving within 30 s: ${out.slice(-2000)}`)), 30_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /registry serving (\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`registry exited ${String(code)}: ${out.slice(-2000)}`));
    });
  });
  return {
    url,
    child,
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      // As a crashed or unreachable central system: no goodbye.
      child.kill('SIGKILL');
      await exited;
    },
  };
}
