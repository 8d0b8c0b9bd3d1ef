import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoSet } from '../registry/demo/demo-set.ts';
import { localDay } from '../registry/identifiers/dates.ts';
import { percentile, round, type Bench } from './bench.ts';
import { attributeCpu, type Attribution, type CpuProfile } from './cpu-attribution.ts';
import { bootKiosk, cpuMs, UiLink } from './kiosk-driver.ts';

// The socket allows 10 intents a second (a person touches slower); keep under it.
const PACE_MS = 110;

type DemoEntry = ReturnType<typeof demoSet>[number];

/** Each demo document that is ready to print, with the PINs to get there. */
const printable = (): DemoEntry[] => demoSet(localDay(new Date())).filter((e) => e.expect === 'ready' && e.pin !== null && e.loginPin !== null);

/** One whole transaction: NIK + PIN sign-in to the receipt and back to the attract screen; resolves with its wall time. */
async function printTransaction(ui: UiLink, e: DemoEntry): Promise<number> {
  const t0 = performance.now();
  await ui.intent({ type: 'start' }, 'choose-method');
  await ui.intent({ type: 'method', method: 'nik' }, 'nik-pin');
  await ui.intent({ type: 'submitLogin', nik: e.nik, pin: e.loginPin }, 'documents');
  await ui.intent({ type: 'choose', applicationId: e.applicationId }, 'proof');
  await ui.intent({ type: 'submitPin', pin: e.pin }, 'confirm');
  await ui.intent({ type: 'confirm' }, 'take-document');
  await ui.intent({ type: 'finish' }, 'thank-you');
  await ui.intent({ type: 'dismiss' }, 'attract');
  return performance.now() - t0;
}

/**
 * The same transactions in a kiosk under V8's sampling profiler; samples inside each transaction
 * (the first, which loads lazily imported code, left out) are split into the kiosk runtime's own
 * main-thread CPU and that of the simulated devices and embedded registry (see cpu-attribution.ts).
 */
async function profiledTransactions(signal: AbortSignal): Promise<{ perTx: Attribution; netRuntimeMs: number; count: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'adm-bench-prof-'));
  try {
    const kiosk = await bootKiosk(signal, { nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
    const windows: Array<[number, number]> = [];
    const now = () => Number(process.hrtime.bigint() / 1000n);
    let idle: [number, number] = [0, 0];
    try {
      const ui = await UiLink.open(kiosk.uiUrl, PACE_MS);
      await ui.until('attract', 0, performance.now());
      // The idle kiosk's own polling over the same clock, to take out of the transactions' figure.
      const idleFrom = now();
      await new Promise((r) => setTimeout(r, 3000));
      idle = [idleFrom, now()];
      for (const [i, e] of printable().entries()) {
        const from = now();
        await printTransaction(ui, e);
        if (i > 0) windows.push([from, now()]);
      }
      ui.close();
    } finally {
      await kiosk.stop();
    }
    // CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile; thread 0 is the main thread.
    const main = readdirSync(dir).find((f) => /^CPU\.\d+\.\d+\.\d+\.0\.\d+\.cpuprofile$/.test(f));
    if (!main) throw new Error(`no main-thread profile in ${dir}`);
    const profile = JSON.parse(readFileSync(join(dir, main), 'utf8')) as CpuProfile;
    const a = attributeCpu(profile, windows);
    const idleRate = attributeCpu(profile, [idle]).runtimeMs / ((idle[1] - idle[0]) / 1000);
    const txMs = windows.reduce((sum, [from, to]) => sum + (to - from) / 1000, 0);
    const n = Math.max(1, windows.length);
    return { perTx: { runtimeMs: a.runtimeMs / n, outsideMs: a.outsideMs / n }, netRuntimeMs: (a.runtimeMs - idleRate * txMs) / n, count: windows.length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
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
      const kiosk = await bootKiosk(ctx.signal);
      try {
        const ui = await UiLink.open(kiosk.uiUrl, PACE_MS);
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
        const ready = printable();
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
          const ms = await printTransaction(ui, e);
          txWall.push(ms);
          txWallSum += ms;
          txCount++;
        }
        txCpu += cpuMs(pid) - cpu0;
        ui.close();
      } finally {
        await kiosk.stop();
      }
    }
    ctx.note('profiled boot: print transactions under the sampling profiler');
    const profiled = await profiledTransactions(ctx.signal);
    const idleRate = idleCpu / Math.max(1, idleMs);
    const net = (txCpu - idleRate * txWallSum) / Math.max(1, txCount);
    notes.push('transaction CPU is the whole kiosk process (sign-in, list, claim, ledger, PDF render, IPP to the in-process simulated printers, receipt drawn by the in-process receipt simulator); "net" subtracts what the idle kiosk burns over the same time; wall time is dominated by the printers\' 100 ms status poll');
    notes.push('runtime CPU excludes the libuv thread pool (scrypt PIN checks belong to the registry; sharp work is small) and counts all garbage collection as the runtime\'s');
    return {
      figures: [
        { key: 'journey_intent_snapshot_ms_p50', value: round(percentile(latencies, 50), 2), unit: 'ms', label: 'touch → new view over the UI socket, median' },
        { key: 'journey_intent_snapshot_ms_p99', value: round(percentile(latencies, 99), 2), unit: 'ms', label: 'touch → new view over the UI socket, p99' },
        { key: 'journey_tx_cpu_ms_mean', value: round(txCpu / Math.max(1, txCount), 1), unit: 'ms', label: 'CPU per print transaction (sign-in to receipt), mean' },
        { key: 'journey_tx_cpu_net_ms_mean', value: round(net, 1), unit: 'ms', label: 'CPU per print transaction above the idle kiosk, mean' },
        { key: 'journey_tx_runtime_cpu_ms_mean', value: round(profiled.perTx.runtimeMs, 1), unit: 'ms', label: `runtime main-thread CPU per print transaction, simulated devices and embedded registry excluded, mean of ${profiled.count}` },
        { key: 'journey_tx_runtime_cpu_net_ms_mean', value: round(profiled.netRuntimeMs, 1), unit: 'ms', label: 'the same, above the idle kiosk runtime (its printer status polls over the same time), mean' },
        { key: 'journey_tx_simulated_cpu_ms_mean', value: round(profiled.perTx.outsideMs, 1), unit: 'ms', label: 'main-thread CPU per print transaction in the simulated devices and embedded registry (excluded above), mean' },
        { key: 'journey_idle_cpu_ms_per_s', value: round(idleRate * 1000, 1), unit: 'ms/s', label: 'CPU of the idle kiosk (status polls, timers)' },
        { key: 'journey_tx_wall_ms_p50', value: round(percentile(txWall, 50), 0), unit: 'ms', label: 'wall time per print transaction, zero-latency devices, median' },
        { key: 'journey_samples', value: latencies.length, unit: 'touches', label: 'touches measured' },
      ],
      notes,
    };
  },
};
