import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canConnect } from './tcp-port.ts';

/** Ports this area's tests may use. */
export const FLEET_PORTS = { from: 18800, to: 18899 } as const;

export interface MosquittoAuth {
  /** username → password; written with `mosquitto_passwd`. */
  users: Record<string, string>;
  /** The ACL file's text (`user`, `pattern`, `topic` lines). */
  acl: string;
}

export interface MosquittoOptions {
  /** A fixed port; otherwise a free one in FLEET_PORTS. */
  port?: number;
  /** Password file and ACL instead of `allow_anonymous true`. */
  auth?: MosquittoAuth;
  /** Extra config lines. */
  extra?: string[];
}

export function mosquittoInstalled(): boolean {
  return spawnSync('mosquitto', ['-h'], { stdio: 'ignore' }).error === undefined;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

async function freePort(): Promise<number> {
  const span = FLEET_PORTS.to - FLEET_PORTS.from + 1;
  const start = Math.floor(Math.random() * span);
  for (let i = 0; i < span; i++) {
    const port = FLEET_PORTS.from + ((start + i) % span);
    if (await portFree(port)) return port;
  }
  throw new Error(`no free port in ${FLEET_PORTS.from}-${FLEET_PORTS.to}`);
}

/**
 * A real mosquitto on loopback: `listener PORT 127.0.0.1`, `persistence false` (starts in
 * milliseconds), anonymous or with a password file and an ACL. It can be stopped, killed and
 * started again on the same port, as a broker restart.
 */
export class Mosquitto {
  readonly dir: string;
  #child: ChildProcess | null = null;
  #log = '';

  private constructor(
    readonly port: number,
    private readonly options: MosquittoOptions,
  ) {
    this.dir = mkdtempSync(join(tmpdir(), 'adm-mosquitto-'));
    const lines = [`listener ${port} 127.0.0.1`, 'persistence false', 'log_dest stderr', 'log_type error', 'log_type warning', 'log_type notice', 'log_type information'];
    // Started as root (CI containers), mosquitto would switch to the `mosquitto` user and then could
    // not read its password file in this private directory: stay the user that started it.
    if (process.getuid?.() === 0) lines.push('user root');
    if (options.auth) {
      const pw = join(this.dir, 'passwd');
      const acl = join(this.dir, 'acl');
      writeFileSync(pw, '');
      for (const [user, password] of Object.entries(options.auth.users)) execFileSync('mosquitto_passwd', ['-b', pw, user, password], { stdio: 'ignore' });
      writeFileSync(acl, options.auth.acl);
      chmodSync(pw, 0o600);
      chmodSync(acl, 0o600);
      lines.push('allow_anonymous false', `password_file ${pw}`, `acl_file ${acl}`);
    } else {
      lines.push('allow_anonymous true');
    }
    lines.push(...(options.extra ?? []));
    writeFileSync(join(this.dir, 'mosquitto.conf'), `${lines.join('\n')}\n`);
  }

  static async start(options: MosquittoOptions = {}): Promise<Mosquitto> {
    for (let tries = 0; ; tries++) {
      const m = new Mosquitto(options.port ?? (await freePort()), options);
      try {
        await m.start();
        return m;
      } catch (e) {
        m.#cleanDir();
        // Another test took the port between the probe and the bind: pick another.
        if (options.port !== undefined || tries >= 5) throw e;
      }
    }
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.#child !== null && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  log(): string {
    return this.#log;
  }

  /** Starts (again) on the same port; resolves once it accepts TCP connections. */
  async start(timeoutMs = 10_000): Promise<void> {
    if (this.running) return;
    const child = spawn('mosquitto', ['-c', join(this.dir, 'mosquitto.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.#child = child;
    child.stderr?.on('data', (d: Buffer) => {
      this.#log += d.toString();
      if (this.#log.length > 200_000) this.#log = this.#log.slice(-100_000);
    });
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`mosquitto exited (${String(child.exitCode ?? child.signalCode)}): ${this.#log.slice(-800)}`);
      if (await canConnect(this.port)) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    throw new Error(`mosquitto did not listen on ${this.port} within ${timeoutMs} ms: ${this.#log.slice(-800)}`);
  }

  /** Stops the broker (SIGTERM, or SIGKILL for a crash) and waits until it has exited. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.#child;
    if (!child || !this.running) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Stops the broker and removes its files. */
  async close(): Promise<void> {
    await this.stop();
    this.#cleanDir();
  }

  #cleanDir(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
