import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/*
 * A real IPP Everywhere printer for tests: CUPS's ippeveprinter on a loopback port with its own spool
 * directory and its own D-Bus (it needs a system bus even with `-r off`). Facts learnt running it:
 * `-n localhost` (not 127.0.0.1); each job runs the `-c` script (without one a job takes 5–15 s);
 * a script writing `STATE: +media-jam` to stderr and exiting 1 aborts the job; the web form
 * `GET /media?sizeN=…&levelN=…` sets trays, and an empty tray holds the next job in processing.
 */

export const PORT_RANGE = { first: 18600, last: 18699 } as const;
export const A4_MEDIA = 'iso_a4_210x297mm';
export const CARD_MEDIA = 'iso_id-1_85.6x53.98mm';

export interface IppEvePrinterOptions {
  kind?: 'a4' | 'card';
  /**
   * Body of the `-c` print command (a POSIX sh script); `$1` is the spooled document. `{{dir}}` is
   * replaced by the printer's private directory. Default: print instantly.
   */
  script?: string;
  name?: string;
}

export interface IppEvePrinter {
  readonly uri: string;
  readonly port: number;
  readonly dir: string;
  readonly spoolDir: string;
  readonly media: string;
  /** Loads (or empties, with 0) every tray through the printer's media web form. */
  setTrayLevel(sheets: number): Promise<void>;
  /** The same, blocking: for hooks that must act between two steps of the code under test. */
  setTrayLevelSync(sheets: number): void;
  /** SIGSTOP: the port still accepts connections but nothing answers, like a hung printer. */
  pause(): void;
  resume(): void;
  /** Spooled documents (`<job-id>-<job-name>.pdf`); ippeveprinter lowercases the job name. */
  spooled(): string[];
  /** ippeveprinter's own log (stderr). */
  output(): string;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of running) c.kill('SIGKILL');
});

function track(child: ChildProcess): ChildProcess {
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** A free port in the printer tests' range, starting at a random place so parallel files rarely collide. */
export async function freePortInRange(): Promise<number> {
  const span = PORT_RANGE.last - PORT_RANGE.first + 1;
  const start = Math.floor(Math.random() * span);
  for (let i = 0; i < span; i++) {
    const port = PORT_RANGE.first + ((start + i) % span);
    if (await portIsFree(port)) return port;
  }
  throw new Error(`no free port in ${PORT_RANGE.first}-${PORT_RANGE.last}`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean> | boolean): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await sleep(25);
  }
  throw new Error(`${what} not ready within ${timeoutMs} ms`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGCONT');
    child.kill('SIGKILL');
  });
}

/** Attributes that make ippeveprinter a card printer: ID-1 media in one tray, a ribbon supply. */
function cardPrinterConf(): string {
  const size = `MEMBER collection media-size { MEMBER integer x-dimension 5398 MEMBER integer y-dimension 8560 }`;
  const col = `{ ${size} MEMBER keyword media-size-name ${CARD_MEDIA} MEMBER keyword media-source main MEMBER keyword media-type cardstock }`;
  return [
    // ippeveprinter checks jobs against the first document-format-supported (this one) and then
    // appends its own list, so an answer carries the attribute twice.
    'ATTR mimeMediaType document-format-supported application/pdf,application/octet-stream',
    `ATTR keyword media-supported ${CARD_MEDIA}`,
    `ATTR keyword media-default ${CARD_MEDIA}`,
    `ATTR keyword media-ready ${CARD_MEDIA}`,
    'ATTR keyword media-source-supported auto,main',
    'ATTR keyword media-type-supported cardstock',
    `ATTR collection media-col-default ${col}`,
    `ATTR collection media-col-ready ${col}`,
    'ATTR octetString printer-input-tray "type=other;mediafeed=0;mediaxfeed=0;maxcapacity=-2;level=-2;status=0;name=auto","type=sheetFeedAutoRemovableTray;mediafeed=8560;mediaxfeed=5398;maxcapacity=100;level=100;status=0;name=main;"',
    'ATTR octetString printer-supply "index=1;class=supplyThatIsConsumed;type=ribbonWax;unit=percent;maxcapacity=100;level=80;colorantname=black;"',
    'ATTR text printer-supply-description "Ribbon"',
    '',
  ].join('\n');
}

export async function startIppEvePrinter(options: IppEvePrinterOptions = {}): Promise<IppEvePrinter> {
  const kind = options.kind ?? 'a4';
  const dir = mkdtempSync(join(tmpdir(), 'adm-ippeve-'));
  const spoolDir = join(dir, 'spool');
  mkdirSync(spoolDir);
  const bus = join(dir, 'bus');
  const script = join(dir, 'print.sh');
  writeFileSync(script, `#!/bin/sh\n${(options.script ?? 'exit 0').replaceAll('{{dir}}', dir)}\n`);
  chmodSync(script, 0o755);

  const dbus = track(spawn('dbus-daemon', ['--session', '--nofork', '--nopidfile', `--address=unix:path=${bus}`], { stdio: 'ignore' }));
  await waitFor('dbus-daemon', 5000, () => existsSync(bus));

  const media = kind === 'a4' ? A4_MEDIA : CARD_MEDIA;
  const args = ['-n', 'localhost', '-d', spoolDir, '-k', '-c', script, '-r', 'off'];
  if (kind === 'card') {
    writeFileSync(join(dir, 'card.conf'), cardPrinterConf());
    args.push('-a', join(dir, 'card.conf'));
  } else {
    args.push('-f', 'application/pdf');
  }

  let printer: ChildProcess | null = null;
  let port = 0;
  let log = '';
  for (let attempt = 0; attempt < 5 && printer === null; attempt++) {
    port = await freePortInRange();
    const child = track(spawn('ippeveprinter', [...args, '-p', String(port), options.name ?? `adm-${kind}-${port}`], {
      env: { ...process.env, DBUS_SYSTEM_BUS_ADDRESS: `unix:path=${bus}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    }));
    child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    try {
      await waitFor(`ippeveprinter on ${port}`, 5000, async () => {
        if (child.exitCode !== null) throw new Error(`ippeveprinter exited: ${log}`);
        try {
          const r = await fetch(`http://localhost:${port}/`, { signal: AbortSignal.timeout(500) });
          await r.arrayBuffer();
          return r.ok;
        } catch {
          return false;
        }
      });
      printer = child;
    } catch (e) {
      await stopChild(child);
      if (attempt === 4) {
        await stopChild(dbus);
        throw e;
      }
    }
  }
  const proc = printer as ChildProcess;

  // Every tray the form lists must be given, or it counts as empty (index = media-source-supported).
  const mediaUrl = (sheets: number) =>
    `http://localhost:${port}/media?` +
    (kind === 'a4'
      ? `size1=${A4_MEDIA}&type1=stationery&level1=${Math.min(sheets, 250)}&size3=${A4_MEDIA}&type3=stationery&level3=${Math.min(sheets, 25)}`
      : `size1=${CARD_MEDIA}&type1=cardstock&level1=${Math.min(sheets, 250)}`);
  const setTrayLevel = async (sheets: number) => {
    const r = await fetch(mediaUrl(sheets), { signal: AbortSignal.timeout(3000) });
    await r.arrayBuffer();
    if (!r.ok) throw new Error(`media form answered ${r.status}`);
  };
  const setTrayLevelSync = (sheets: number) => {
    const script = `fetch(${JSON.stringify(mediaUrl(sheets))}, { signal: AbortSignal.timeout(3000) }).then((r) => r.text()).then(() => process.exit(0), () => process.exit(1))`;
    const r = spawnSync(process.execPath, ['-e', script], { timeout: 5000 });
    if (r.status !== 0) throw new Error(`media form failed: ${String(r.stderr)}`);
  };
  // Out of the box ippeveprinter loads US letter; an ADM A4 printer holds A4.
  if (kind === 'a4') await setTrayLevel(250);

  return {
    uri: `ipp://localhost:${port}/ipp/print`,
    port,
    dir,
    spoolDir,
    media,
    setTrayLevel,
    setTrayLevelSync,
    pause: () => proc.kill('SIGSTOP'),
    resume: () => proc.kill('SIGCONT'),
    spooled: () => readdirSync(spoolDir).filter((f) => f.endsWith('.pdf')).sort(),
    output: () => log,
    async stop() {
      await stopChild(proc);
      await stopChild(dbus);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Reads a file the print script wrote, or '' when it does not exist yet. */
export function readOptional(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}
