import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { readSimulatorUrls } from '../server/simulator-urls.ts';
import { admArgv, KIOSK_MEMORY } from './kiosk-command.ts';

// Drives a real `adm start` from outside, as the kiosk browser does: the benchmarks' kiosk.

export interface Booted {
  child: ChildProcess;
  dataDir: string;
  uiUrl: string;
  stop(): Promise<void>;
  /** The kiosk's last log lines (warnings and errors), to explain a failed run. */
  logTail(): string;
}

/**
 * `adm start` in simulator mode with zero-latency printers, on a free port and a fresh data dir
 * (removed at `stop`), or on `dataDir` (kept: a second boot finds its registry already seeded).
 */
export async function bootKiosk(signal: AbortSignal, options: { uiIntentsPerSecond?: number; dataDir?: string; nodeFlags?: string[] } = {}): Promise<Booted> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'adm-bench-kiosk-'));
  const config = join(dataDir, 'config.json');
  const printer = { simulatedPrintMs: 0, pollIntervalMs: 100 };
  writeFileSync(config, JSON.stringify({ dataDir, http: { port: 0, ...(options.uiIntentsPerSecond ? { uiIntentsPerSecond: options.uiIntentsPerSecond } : {}) }, log: { level: 'warn', pretty: false }, devices: { a4Printer: printer, cardPrinter: printer } }));
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), ...admArgv(['start', '--config', config])], { env: { ...process.env, ...KIOSK_MEMORY.env, ADM_CONFIG: '', ADM_PORT: '', ADM_DATA_DIR: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGINT');
      await exited;
    }
    if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
  };
  let out = '';
  try {
    const uiUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`kiosk not ready in 30 s: ${out.slice(-500)}`)), 30_000);
      signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        const urls = out.includes('ADM kiosk ready at') ? readSimulatorUrls(dataDir) : null;
        if (urls) {
          clearTimeout(timer);
          resolve(urls.ui);
        }
      });
      child.once('exit', (code) => reject(new Error(`kiosk exited ${String(code)}: ${out.slice(-500)}`)));
    });
    child.stderr?.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-20_000)));
    child.stdout?.on('data', () => (out = out.slice(-20_000)));
    return { child, dataDir, uiUrl, stop, logTail: () => out.slice(-3000) };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** User + system CPU of a process so far, in ms (from /proc). */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

/** The touch UI's side of the socket: sends intents, waits for the view it expects. */
export class UiLink {
  #views: Array<{ screen: string; at: number }> = [];
  #waiters: Array<() => void> = [];
  #id = 0;
  #lastSent = 0;
  private constructor(
    private readonly ws: WebSocket,
    private readonly paceMs: number,
  ) {
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as { type: string; view?: { screen: string } };
      if (m.type === 'snapshot' && m.view) this.#views.push({ screen: m.view.screen, at: performance.now() });
      for (const w of this.#waiters.splice(0)) w();
    });
  }

  /** `paceMs`: least time between two intents, to stay under the socket's rate limit. */
  static open(uiUrl: string, paceMs: number): Promise<UiLink> {
    const u = new URL(uiUrl);
    const ws = new WebSocket(`ws://${u.host}/ws/ui?k=${u.hash.replace('#k=', '')}`, { headers: { origin: u.origin } });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new UiLink(ws, paceMs)));
      ws.once('error', reject);
    });
  }

  /** Sends an intent; resolves with ms until a snapshot showing `screen` arrived. */
  async intent(intent: Record<string, unknown>, screen: string, timeoutMs = 20_000): Promise<number> {
    const wait = this.#lastSent + this.paceMs - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const from = this.#views.length;
    const t0 = performance.now();
    this.#lastSent = t0;
    this.ws.send(JSON.stringify({ v: 1, type: 'intent', id: `b${++this.#id}`, intent }));
    return this.until(screen, from, t0, timeoutMs);
  }

  async until(screen: string, from: number, t0: number, timeoutMs = 20_000): Promise<number> {
    const deadline = t0 + timeoutMs;
    for (;;) {
      const v = this.#views.slice(from).find((x) => x.screen === screen);
      if (v) return v.at - t0;
      if (performance.now() > deadline) throw new Error(`no ${screen} view; last ${this.#views.at(-1)?.screen}`);
      await new Promise<void>((r) => {
        this.#waiters.push(r);
        setTimeout(r, 200);
      });
    }
  }

  get viewCount(): number {
    return this.#views.length;
  }

  close(): void {
    this.ws.close();
  }
}

