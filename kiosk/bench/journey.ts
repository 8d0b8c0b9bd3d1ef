import { demoSet } from '../registry/demo/demo-set.ts';
import { localDay } from '../registry/identifiers/dates.ts';
import { percentile, round, type Bench } from './bench.ts';
import { bootKiosk, cpuMs, UiLink } from './kiosk-driver.ts';

// The socket allows 10 intents a second (a person touches slower); keep under it.
const PACE_MS = 110;

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
