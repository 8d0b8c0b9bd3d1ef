import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { demoSet } from '../registry/demo/demo-set.ts';
import { localDay } from '../registry/identifiers/dates.ts';
import { percentile, round, type Bench } from './bench.ts';
import { projectPath } from '../project-root.ts';

const ADM = projectPath('scripts', 'adm.js');

interface Booted {
  child: ChildProcess;
  dataDir: string;
  uiUrl: string;
  stop(): Promise<void>;
}

/** `adm start` in simulator mode with zero-latency printers, on a free port and a fresh data dir. */
async function boot(signal: AbortSignal): Promise<Booted> {
  const dataDir = mkdtempSync(join(tmpdir(), 'adm-bench-journey-'));
  const config = join(dataDir, 'config.json');
  const printer = { simulatedPrintMs: 0, pollIntervalMs: 100 };
  writeFileSync(config, JSON.stringify({ dataDir, http: { port: 0 }, log: { level: 'warn', pretty: false }, devices: { a4Printer: printer, cardPrinter: printer } }));
  const child = spawn(process.execPath, [ADM, 'start', '--config', config], { env: { ...process.env, ADM_CONFIG: '', ADM_PORT: '', ADM_DATA_DIR: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGINT');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  let out = '';
  try {
    const uiUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`kiosk not ready in 30 s: ${out.slice(-500)}`)), 30_000);
      signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /^Touch UI:\s+(\S+)$/m.exec(out);
        if (m?.[1] && out.includes('ADM kiosk ready at')) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.once('exit', (code) => reject(new Error(`kiosk exited ${String(code)}: ${out.slice(-500)}`)));
    });
    return { child, dataDir, uiUrl, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** User + system CPU of a process so far, in ms (from /proc). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
}

const PACE_MS = 110;

/** The touch UI's side of the socket: sends intents, waits for the view it expects. */
class UiLink {
  #views: Array<{ screen: string; at: number }> = [];
  #waiters: Array<() => void> = [];
  #id = 0;
  #lastSent = 0;
  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as { type: string; view?: { screen: string } };
      if (m.type === 'snapshot' && m.view) this.#views.push({ screen: m.view.screen, at: performance.now() });
      for (const w of this.#waiters.splice(0)) w();
    });
  }

  static open(uiUrl: string): Promise<UiLink> {
    const u = new URL(uiUrl);
    const ws = new WebSocket(`ws://${u.host}/ws/ui?k=${u.hash.replace('#k=', '')}`, { headers: { origin: u.origin } });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new UiLink(ws)));
      ws.once('error', reject);
    });
  }

  /** Sends an intent; resolves with ms until a snapshot showing `screen` arrived. */
  async intent(intent: Record<string, unknown>, screen: string, timeoutMs = 20_000): Promise<number> {
    // The socket allows 10 intents a second (a person touches slower); keep under it.
    const wait = this.#lastSent + PACE_MS - performance.now();
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

/**
 * The journey over the real stack: `adm start` in simulator mode (embedded registry, print
 * pipeline, ledger, PDF render, simulated printers with no print time), driven over the UI socket
 * exactly as the touch UI does. Reports what a citizen's touch costs (intent → new view on the
 * socket) and what a whole print transaction costs the kiosk process in CPU.
 */
export const journeyBench: Bench = {
  name: 'journey',
  async run(ctx) {
    const latencies: number[] = [];
    const txWall: number[] = [];
    let txCpu = 0;
    let txCount = 0;
    let txWallSum = 0;
    let idleCpu = 0;
    let idleMs = 0;
    const notes: string[] = [];
    const rounds = Math.max(10, Math.round(60 * ctx.scale));
    const boots = Math.max(1, Math.round(2 * ctx.scale));
    for (let b = 0; b < boots; b++) {
      const kiosk = await boot(ctx.signal);
      try {
        const ui = await UiLink.open(kiosk.uiUrl);
        await ui.until('attract', 0, performance.now());
        // Touches that change the screen without leaving the kiosk: start, choose, back, cancel, dismiss.
        ctx.note(`boot ${b + 1}: ${rounds} rounds of touches`);
        for (let i = 0; i < rounds; i++) {
          latencies.push(await ui.intent({ type: 'start' }, 'choose-method'));
          latencies.push(await ui.intent({ type: 'method', method: 'nik' }, 'nik-pin'));
          latencies.push(await ui.intent({ type: 'back' }, 'choose-method'));
          latencies.push(await ui.intent({ type: 'cancel' }, 'ended'));
          latencies.push(await ui.intent({ type: 'dismiss' }, 'attract'));
        }
        // Whole transactions: NIK + PIN sign-in to receipt, each demo document that is ready to print.
        const ready = demoSet(localDay(new Date())).filter((e) => e.expect === 'ready' && e.pin !== null && e.loginPin !== null);
        ctx.note(`boot ${b + 1}: ${ready.length} print transactions`);
        const pid = kiosk.child.pid as number;
        // What the kiosk burns doing nothing (printer status polls, health timers), to tell apart from a transaction's own cost.
        const idle0 = cpuMs(pid);
        const idleT0 = performance.now();
        await new Promise((r) => setTimeout(r, 3000));
        idleCpu += cpuMs(pid) - idle0;
        idleMs += performance.now() - idleT0;
        const cpu0 = cpuMs(pid);
        for (const e of ready) {
          const t0 = performance.now();
          await ui.intent({ type: 'start' }, 'choose-method');
          await ui.intent({ type: 'method', method: 'nik' }, 'nik-pin');
          await ui.intent({ type: 'submitLogin', nik: e.nik, pin: e.loginPin }, 'documents');
          await ui.intent({ type: 'choose', applicationId: e.applicationId }, 'proof');
          await ui.intent({ type: 'submitPin', pin: e.pin }, 'confirm');
          await ui.intent({ type: 'confirm' }, 'take-document');
          await ui.intent({ type: 'finish' }, 'thank-you');
          await ui.intent({ type: 'dismiss' }, 'attract');
          txWall.push(performance.now() - t0);
          txWallSum += performance.now() - t0;
          txCount++;
        }
        txCpu += cpuMs(pid) - cpu0;
        ui.close();
      } finally {
        await kiosk.stop();
      }
    }
    const idleRate = idleCpu / Math.max(1, idleMs);
    const net = (txCpu - idleRate * txWallSum) / Math.max(1, txCount);
    notes.push('transaction CPU is the whole kiosk process (sign-in, list, claim, ledger, PDF render, IPP to the in-process simulated printers, receipt drawn by the in-process receipt simulator); "net" subtracts what the idle kiosk burns over the same time; wall time is dominated by the printers\' 100 ms status poll');
    return {
      figures: [
        { key: 'journey_intent_snapshot_ms_p50', value: round(percentile(latencies, 50), 2), unit: 'ms', label: 'touch → new view over the UI socket, median' },
        { key: 'journey_intent_snapshot_ms_p99', value: round(percentile(latencies, 99), 2), unit: 'ms', label: 'touch → new view over the UI socket, p99' },
        { key: 'journey_tx_cpu_ms_mean', value: round(txCpu / Math.max(1, txCount), 1), unit: 'ms', label: 'CPU per print transaction (sign-in to receipt), mean' },
        { key: 'journey_tx_cpu_net_ms_mean', value: round(net, 1), unit: 'ms', label: 'CPU per print transaction above the idle kiosk, mean' },
        { key: 'journey_idle_cpu_ms_per_s', value: round(idleRate * 1000, 1), unit: 'ms/s', label: 'CPU of the idle kiosk (status polls, timers)' },
        { key: 'journey_tx_wall_ms_p50', value: round(percentile(txWall, 50), 0), unit: 'ms', label: 'wall time per print transaction, zero-latency devices, median' },
        { key: 'journey_samples', value: latencies.length, unit: 'touches', label: 'touches measured' },
      ],
      notes,
    };
  },
};
