import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { canConnect } from './tcp-port.ts';

/** Where Debian's nut-server puts the daemons (the /usr/sbin ones are wrappers that read /etc/nut/nut.conf). */
const UPSD = '/lib/nut/upsd';
const DUMMY_UPS = '/lib/nut/dummy-ups';

export function nutInstalled(): boolean {
  return existsSync(UPSD) && existsSync(DUMMY_UPS) && spawnSync(UPSD, ['-V'], { stdio: 'ignore' }).error === undefined;
}

export interface NutOptions {
  /** The UPS's section name in ups.conf. */
  name?: string;
  /** Users in upsd.users (with `upsmon secondary`, so they may LOGIN). */
  users?: Record<string, string>;
  /** The first status file. */
  status?: UpsFile;
}

/** The variables written to the dummy-ups `.dev` file. */
export interface UpsFile {
  status: string;
  chargePct?: number;
  runtimeS?: number;
}

export interface NutServer {
  port: number;
  name: string;
  dir: string;
  /** Rewrites the .dev file; dummy-ups reads it again on its next poll (every second here). */
  write(file: UpsFile): void;
  /** Waits until upsd serves the status last written (dummy-ups has read the file). */
  served(status: string, timeoutMs?: number): Promise<void>;
  /** Stops upsd only (dummy-ups goes on): the link is down, the UPS is not. */
  stopUpsd(): Promise<void>;
  startUpsd(): Promise<void>;
  /** Stops the dummy-ups driver: upsd stays up and answers DRIVER-NOT-CONNECTED / DATA-STALE. */
  stopDriver(): Promise<void>;
  stop(): Promise<void>;
  log(): string;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

/** One `GET VAR name ups.status` by hand; the line upsd answered (`VAR …` once it has real data). */
function upsStatus(port: number, name: string): Promise<string> {
  return new Promise((resolve) => {
    const s = createConnection({ port, host: '127.0.0.1' });
    let got = '';
    s.once('connect', () => s.write(`GET VAR ${name} ups.status\n`));
    s.on('data', (d: Buffer) => {
      got += d.toString();
      if (got.includes('\n')) {
        s.destroy();
        resolve(got.includes('"WAIT') ? 'WAIT' : got.trim());
      }
    });
    s.once('error', () => resolve('ERR'));
  });
}

function stopChild(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * A real NUT upsd with the dummy-ups driver, as the current user, in a temp dir: ups.conf,
 * upsd.conf (LISTEN on a free loopback port), upsd.users and the `.dev` status file; both daemons
 * in the foreground (-F) with NUT_CONFPATH/NUT_STATEPATH pointing at the temp dir.
 */
export async function startNut(options: NutOptions = {}): Promise<NutServer> {
  // npm test installs nut-server (scripts/system-packages.json): a missing one is a broken machine, said plainly, never a skipped test.
  if (!nutInstalled()) throw new Error(`NUT is not installed (${UPSD}, ${DUMMY_UPS}): apt-get install nut-server`);
  const name = options.name ?? 'kioskups';
  const dir = mkdtempSync(join(tmpdir(), 'adm-nut-'));
  const port = await freePort();
  const devFile = join(dir, `${name}.dev`);
  const user = userInfo().username;
  writeFileSync(join(dir, 'ups.conf'), `pollinterval = 1\n[${name}]\n  driver = dummy-ups\n  port = ${devFile}\n  desc = "Kiosk UPS (dummy-ups)"\n`);
  writeFileSync(join(dir, 'upsd.conf'), `LISTEN 127.0.0.1 ${port}\nMAXAGE 6\n`);
  const users = Object.entries(options.users ?? {}).map(([u, p]) => `[${u}]\n  password = ${p}\n  upsmon secondary\n`).join('');
  writeFileSync(join(dir, 'upsd.users'), users);
  for (const f of ['ups.conf', 'upsd.conf', 'upsd.users']) chmodSync(join(dir, f), 0o600);
  let mtime = Math.floor(Date.now() / 1000);
  const write = (f: UpsFile) => {
    const text = [`ups.status: ${f.status}`, f.chargePct !== undefined ? `battery.charge: ${f.chargePct}` : null, f.runtimeS !== undefined ? `battery.runtime: ${f.runtimeS}` : null].filter(Boolean).join('\n');
    const tmp = `${devFile}.tmp`;
    writeFileSync(tmp, `${text}\n`);
    // dummy-ups notices a change by the file's mtime (in seconds): always a later one.
    mtime = Math.max(mtime + 1, Math.floor(Date.now() / 1000));
    utimesSync(tmp, mtime, mtime);
    renameSync(tmp, devFile);
  };
  write(options.status ?? { status: 'OL', chargePct: 100, runtimeS: 1800 });
  const env = { ...process.env, NUT_CONFPATH: dir, NUT_STATEPATH: dir, NUT_ALTPIDPATH: dir };
  let out = '';
  const run = (bin: string, args: string[]) => {
    const c = spawn(bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    c.stdout?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20000)));
    c.stderr?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20000)));
    return c;
  };
  let driver: ChildProcess | null = run(DUMMY_UPS, ['-a', name, '-F', '-u', user]);
  let upsd: ChildProcess | null = null;
  const startUpsd = async () => {
    upsd = run(UPSD, ['-F', '-u', user]);
    const until = Date.now() + 15000;
    while (!(await canConnect(port))) {
      if (Date.now() > until || upsd.exitCode !== null) throw new Error(`upsd did not listen on ${port}:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  // The driver's socket must exist before upsd starts, or upsd begins with the UPS "not connected".
  const socketUntil = Date.now() + 10000;
  while (!existsSync(join(dir, `dummy-ups-${name}`)) && Date.now() < socketUntil) await new Promise((r) => setTimeout(r, 50));
  await startUpsd();
  // dummy-ups says WAIT until it has read the file once.
  const readyUntil = Date.now() + 15000;
  while (!(await upsStatus(port, name)).startsWith('VAR')) {
    if (Date.now() > readyUntil) throw new Error(`upsd has no status for ${name}:\n${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    port,
    name,
    dir,
    write,
    async served(status, timeoutMs = 10_000) {
      const until = Date.now() + timeoutMs;
      while (!(await upsStatus(port, name)).includes(`"${status}"`)) {
        if (Date.now() > until) throw new Error(`upsd did not serve "${status}" within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stopUpsd() {
      await stopChild(upsd);
      upsd = null;
    },
    startUpsd,
    async stopDriver() {
      await stopChild(driver);
      driver = null;
    },
    async stop() {
      await stopChild(upsd);
      await stopChild(driver);
      upsd = null;
      driver = null;
      rmSync(dir, { recursive: true, force: true });
    },
    log: () => out,
  };
}
