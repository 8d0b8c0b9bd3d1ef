import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { err, ok, type Result } from '../../../core/result.ts';

/**
 * A mosquitto on loopback for the load script and the fleet benchmark, sized for thousands of
 * clients: no persistence, no per-client queue cap for the monitor, Nagle off.
 */
export interface LocalBroker {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  rssMb(): number | null;
  /** Stops the broker as an operator would (SIGTERM: it saves its state when persistent) and keeps its files. */
  pause(): Promise<void>;
  /** Starts it again on the same port with the same configuration (and, when persistent, what it saved). */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

export interface LocalBrokerOptions {
  portRange?: [number, number];
  signal?: AbortSignal;
  /**
   * Keep retained messages, sessions and their queued messages across a restart (saved at stop),
   * as a district broker should, so a monitor with a persistent session misses nothing.
   */
  persistent?: boolean;
  /** Connections mosquitto accepts (default: unlimited). */
  maxConnections?: number;
}

export type BrokerStartError = { code: 'not_installed' | 'failed'; message: string };

export function mosquittoAvailable(): boolean {
  return spawnSync('mosquitto', ['-h'], { stdio: 'ignore' }).error === undefined;
}

async function freePort(from: number, to: number): Promise<number> {
  const span = to - from + 1;
  const offset = Math.floor(Math.random() * span);
  for (let i = 0; i < span; i++) {
    const port = from + ((offset + i) % span);
    const free = await new Promise<boolean>((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(false));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port in ${from}-${to}`);
}

const canConnect = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = createConnection({ port, host: '127.0.0.1' });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });

export async function startLocalBroker(options: LocalBrokerOptions = {}): Promise<Result<LocalBroker, BrokerStartError>> {
  if (!mosquittoAvailable()) return err({ code: 'not_installed', message: 'mosquitto is not installed (Debian package `mosquitto`)' });
  let last: Result<LocalBroker, BrokerStartError> = err({ code: 'failed', message: 'not started' });
  // Another process may take the port between the probe and mosquitto's bind: try a few.
  for (let attempt = 0; attempt < 4 && !options.signal?.aborted; attempt++) {
    last = await startOnce(options);
    if (last.ok) return last;
  }
  return last;
}

async function startOnce(options: LocalBrokerOptions): Promise<Result<LocalBroker, BrokerStartError>> {
  const [from, to] = options.portRange ?? [18850, 18899];
  const port = await freePort(from, to);
  const dir = mkdtempSync(join(tmpdir(), 'adm-fleet-broker-'));
  const lines = [
    `listener ${port} 127.0.0.1`,
    'allow_anonymous true',
    options.persistent ? `persistence true\npersistence_location ${dir}/\nautosave_interval 0` : 'persistence false',
    'set_tcp_nodelay true',
    // The monitor subscribes to the whole fleet: do not drop its QoS 1 backlog during a burst.
    'max_queued_messages 1000000',
    `max_connections ${options.maxConnections ?? -1}`,
    'log_dest stderr',
    'log_type error',
  ];
  if (process.getuid?.() === 0) lines.push('user root');
  writeFileSync(join(dir, 'mosquitto.conf'), `${lines.join('\n')}\n`);
  let child: ChildProcess | null = null;
  let log = '';
  const alive = () => child !== null && child.exitCode === null && child.signalCode === null;
  const launch = async (): Promise<string | null> => {
    const c = spawn('mosquitto', ['-c', join(dir, 'mosquitto.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
    child = c;
    c.stderr?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
    const deadline = Date.now() + 30_000;
    while (!(await canConnect(port))) {
      if (c.exitCode !== null || Date.now() > deadline || options.signal?.aborted) {
        c.kill('SIGKILL');
        return `mosquitto did not start on ${port}: ${log.trim()}`;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    return null;
  };
  const halt = async () => {
    const c = child;
    if (!c || !alive()) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    // A persistent broker writes its database on the way out: give it time.
    const t = setTimeout(() => c.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(t);
  };
  const failed = await launch();
  if (failed !== null) {
    rmSync(dir, { recursive: true, force: true });
    return err({ code: 'failed', message: failed });
  }
  return ok({
    url: `mqtt://127.0.0.1:${port}`,
    port,
    get pid() {
      return child?.pid ?? 0;
    },
    rssMb() {
      try {
        const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child?.pid ?? 0}/status`, 'utf8'))?.[1]);
        return Number.isFinite(kb) ? Math.round(kb / 102.4) / 10 : null;
      } catch {
        return null;
      }
    },
    pause: halt,
    async resume() {
      if (alive()) return;
      const e = await launch();
      if (e !== null) throw new Error(e);
    },
    async stop() {
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
  });
}

/** The load tools only ever talk to a broker on this machine. */
export function isLoopbackBroker(url: string): boolean {
  try {
    const u = new URL(url);
    return ['mqtt:', 'ws:'].includes(u.protocol) && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
  } catch {
    return false;
  }
}
