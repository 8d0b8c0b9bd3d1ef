import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSimulatorUrls } from '../../../kiosk/server/simulator-urls.ts';
import type { DemoEntry } from '../../../kiosk/registry/demo/demo-set.ts';

const ADM = fileURLToPath(new URL('../../../scripts/adm.js', import.meta.url));

export interface KioskProcess {
  child: ChildProcess;
  dataDir: string;
  /** `http://127.0.0.1:PORT` */
  base: string;
  uiUrl: string;
  devPanelUrl: string;
  devSecret: string;
  output(): string;
  /** Runs a dev panel action; throws when the panel refuses it. */
  dev(action: Record<string, unknown>): Promise<string>;
  devState(): Promise<DevState>;
  stop(): Promise<void>;
}

export interface DevState {
  screen: string;
  service: string[];
  cardReader: { cardPresent: boolean } | null;
  receiptPrinter: { receipts: number } | null;
  printers: { a4: { jobs: number } | null; card: { jobs: number } | null };
  demo: DemoEntry[];
}

/** Fast simulated printers and short polls; everything else as `npm start` has it. */
export const FAST_DEVICES = {
  devices: {
    a4Printer: { simulatedPrintMs: 600, pollIntervalMs: 100, attentionTimeoutMs: 1000 },
    cardPrinter: { simulatedPrintMs: 600, pollIntervalMs: 100, attentionTimeoutMs: 1000 },
  },
};

/** Starts `adm start` in simulator mode on a free port with its own data directory. */
export async function startKiosk(config: Record<string, unknown> = FAST_DEVICES, env: Record<string, string> = {}): Promise<KioskProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'adm-e2e-'));
  const configFile = join(dataDir, 'config.json');
  writeFileSync(configFile, JSON.stringify({ dataDir, http: { port: 0 }, log: { level: 'info', pretty: false }, ...config }));
  const child = spawn(process.execPath, [ADM, 'start', '--config', configFile], {
    env: { ...process.env, ADM_CONFIG: '', ADM_DATA_DIR: '', ADM_PORT: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const lines = await new Promise<{ ui: string; dev: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`kiosk not ready within 30 s:\n${out.slice(-3000)}`)), 30_000);
    const check = () => {
      const urls = out.includes('ADM kiosk ready at') ? readSimulatorUrls(dataDir) : null;
      const ui = urls?.ui;
      const dev = urls?.devPanel;
      // The first start seeds the embedded registry in the background; the demo citizens exist after it.
      const seeded = out.includes('"event":"registry.seeded"') || !out.includes('"mode":"embedded"');
      if (ui && dev && out.includes('ADM kiosk ready at') && seeded) {
        clearTimeout(timer);
        resolve({ ui, dev });
      }
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kiosk exited ${String(code)}:\n${out.slice(-3000)}`));
    });
  });
  const base = new URL(lines.ui).origin;
  const devSecret = new URL(lines.dev).hash.replace('#k=', '');
  const kiosk: KioskProcess = {
    child,
    dataDir,
    base,
    uiUrl: lines.ui,
    devPanelUrl: lines.dev,
    devSecret,
    output: () => out,
    async dev(action) {
      const r = await fetch(`${base}/devpanel/api`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base, 'x-adm-devpanel': devSecret }, body: JSON.stringify(action) });
      const j = (await r.json()) as { ok: boolean; message?: string; error?: string };
      if (!j.ok) throw new Error(`dev panel refused ${JSON.stringify(action)}: ${j.error}`);
      return j.message ?? '';
    },
    async devState() {
      const r = await fetch(`${base}/devpanel/api/state`, { headers: { 'x-adm-devpanel': devSecret } });
      return (await r.json()) as DevState;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGINT');
        const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(t);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return kiosk;
}
