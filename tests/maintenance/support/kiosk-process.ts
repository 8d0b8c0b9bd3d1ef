import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../../support/temp-dir.ts';

const ADM = fileURLToPath(new URL('../../../scripts/adm.js', import.meta.url));

export interface MaintenanceKiosk {
  child: ChildProcess;
  dir: string;
  dataDir: string;
  /** `http://127.0.0.1:PORT` */
  base: string;
  output(): string;
  /** Runs `adm <args>` against this kiosk's data directory. */
  adm(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }>;
  stop(): Promise<void>;
}

/** `adm start` in simulator mode with this config merged in, on an ephemeral loopback port. */
export async function startMaintenanceKiosk(config: Record<string, unknown>): Promise<MaintenanceKiosk> {
  const tmp = tempDir('maint-e2e');
  const dataDir = join(tmp.path, 'data');
  mkdirSync(dataDir, { recursive: true });
  const configFile = join(tmp.path, 'config.json');
  writeFileSync(configFile, JSON.stringify({ dataDir, http: { port: 0 }, log: { level: 'info', pretty: false }, ...config }));
  const env = { ...process.env, ADM_CONFIG: '', ADM_DATA_DIR: '', ADM_PORT: '' };
  const child = spawn(process.execPath, [ADM, 'start', '--config', configFile], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kiosk not ready within 40 s:\n${out.slice(-3000)}`));
    }, 40_000);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`kiosk exited ${String(code)}:\n${out.slice(-3000)}`));
    };
    child.once('exit', onExit);
    child.stdout?.on('data', () => {
      const m = /ADM kiosk ready at (http:\/\/[^\s/]+)/.exec(out);
      if (!m?.[1]) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      resolve(m[1]);
    });
  });
  return {
    child,
    dir: tmp.path,
    dataDir,
    base,
    output: () => out,
    adm(args) {
      return new Promise((resolve) => {
        const c = spawn(process.execPath, [ADM, ...args], { env: { ...env, ADM_CONFIG: configFile } });
        let stdout = '';
        let stderr = '';
        c.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        c.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        c.on('close', (code) => resolve({ code, stdout, stderr }));
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((r) => child.once('exit', () => r()));
        child.kill('SIGINT');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      tmp.remove();
    },
  };
}
