import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A private pcscd with vsmartcard's vpcd driver, for tests and for `npm start` with the virtual
 * card. pcscd 1.9 always serves /run/pcscd/pcscd.comm, so each instance runs in its own mount
 * namespace (`unshare -m`) with a directory of ours bound over /run/pcscd: the socket lands in
 * that directory, and the kiosk finds it through `PCSCLITE_CSOCK_NAME`, which libpcsclite honours.
 * Its reader.conf.d is ours too, so each instance has its own vpcd ports and none collides with
 * another or with the machine's own pcscd.
 */
export interface PcscdHost {
  /** Give this to the kiosk process as `PCSCLITE_CSOCK_NAME` before it first speaks PC/SC. */
  readonly socketPath: string;
  /** vpcd's first slot (the card); the SAM slot is `port + 1`. */
  readonly port: number;
  readonly running: boolean;
  /** The last lines pcscd logged, for test failures. */
  log(): string;
  /** SIGKILL, as a crash. */
  kill(): Promise<void>;
  /** Starts it again; `withReader: false` starts it without the vpcd reader (as if unplugged). */
  start(options?: { withReader?: boolean }): Promise<void>;
  stop(): Promise<void>;
}

export class PcscdUnavailable extends Error {
  override readonly name = 'PcscdUnavailable';
}

const READY = /daemon ready/;
const VPCD_DRIVER = '/usr/lib/pcsc/drivers/serial/libifdvpcd.so';

/** A port p with p and p + 1 both free now (vpcd takes one per slot). */
export async function freePortPair(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const p = 20000 + Math.floor(Math.random() * 40000);
    if ((await isFree(p)) && (await isFree(p + 1))) return p;
  }
  throw new PcscdUnavailable('no two adjacent free TCP ports for vpcd');
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '0.0.0.0', () => s.close(() => resolve(true)));
  });
}

export async function startPcscdHost(options: { port?: number; startTimeoutMs?: number } = {}): Promise<PcscdHost> {
  const port = options.port ?? (await freePortPair());
  const dir = mkdtempSync(join(tmpdir(), 'adm-pcscd-'));
  const runDir = join(dir, 'run');
  const confDir = join(dir, 'reader.conf.d');
  mkdirSync(runDir);
  mkdirSync(confDir);
  const timeoutMs = options.startTimeoutMs ?? 15000;
  let child: ChildProcess | null = null;
  let lines: string[] = [];

  const writeConf = (withReader: boolean) => {
    rmSync(join(confDir, 'vpcd'), { force: true });
    if (withReader) {
      const hex = `0x${port.toString(16).toUpperCase()}`;
      writeFileSync(join(confDir, 'vpcd'), `FRIENDLYNAME "Virtual PCD"\nDEVICENAME /dev/null:${hex}\nLIBPATH ${VPCD_DRIVER}\nCHANNELID ${hex}\n`);
    }
  };

  const start = async (withReader = true): Promise<void> => {
    if (child) return;
    writeConf(withReader);
    for (const f of ['pcscd.comm', 'pcscd.pid']) rmSync(join(runDir, f), { force: true });
    lines = [];
    // The bind mount exists only in pcscd's namespace; /run/pcscd must exist as its mount point.
    const script = `mkdir -p /run/pcscd && mount --bind "$1" /run/pcscd && exec pcscd -f -i -c "$2"`;
    // pdeathsig: pcscd dies with the process that started it, even when that one is killed.
    const c = spawn('unshare', ['-m', 'setpriv', '--pdeathsig', 'KILL', 'sh', '-c', script, 'pcscd-host', runDir, confDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = c;
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new PcscdUnavailable(`pcscd did not get ready within ${timeoutMs} ms:\n${lines.join('\n')}`)), timeoutMs);
      const onLine = (chunk: Buffer) => {
        for (const line of chunk.toString('utf8').split('\n')) {
          if (!line) continue;
          lines.push(line);
          if (lines.length > 200) lines.shift();
          if (READY.test(line)) {
            clearTimeout(timer);
            resolve();
          }
        }
      };
      c.stdout?.on('data', onLine);
      c.stderr?.on('data', onLine);
      c.once('error', (e) => {
        clearTimeout(timer);
        reject(new PcscdUnavailable(`cannot start pcscd: ${e.message}`));
      });
      c.once('exit', (code, sig) => {
        clearTimeout(timer);
        if (child === c) child = null;
        reject(new PcscdUnavailable(`pcscd exited (${code ?? sig}) before it was ready:\n${lines.join('\n')}`));
      });
    });
    await ready;
  };

  const halt = async (signal: NodeJS.Signals): Promise<void> => {
    const c = child;
    if (!c) return;
    child = null;
    await new Promise<void>((resolve) => {
      if (c.exitCode !== null || c.signalCode !== null) return resolve();
      c.once('exit', () => resolve());
      c.kill(signal);
    });
  };

  try {
    await start(true);
  } catch (e) {
    await halt('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    socketPath: join(runDir, 'pcscd.comm'),
    port,
    get running() {
      return child !== null;
    },
    log: () => lines.join('\n'),
    kill: () => halt('SIGKILL'),
    start: (o = {}) => start(o.withReader ?? true),
    stop: async () => {
      await halt('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
