import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeviceStatus } from '../../../core/device-status.ts';
import { createLogger } from '../../log/logger.ts';
import { openDatabase } from '../../store/open-database.ts';
import { kioskMigrations } from '../../store/migrations/index.ts';
import { FleetAgent } from '../agent.ts';
import { FleetMonitor } from '../monitor/monitor.ts';
import { ServiceState } from '../service-state.ts';
import type { KioskAddress } from '../topics.ts';
import { isLoopbackBroker } from './local-broker.ts';
import { LoadWorker } from './load-worker.ts';
import { until } from './until.ts';
import { restartStorm, type BrokerControl, type StormReport } from './restart-storm.ts';

export const LOAD_LIMITS = { maxKiosks: 50_000, maxWorkers: 8, maxSteadyMs: 600_000, maxBurstEvents: 50 } as const;

/**
 * Defaults that hold a fleet of any size on this machine: telemetry every 2 s (30 times a real
 * kiosk's 60 s) but never more than 5,000 messages a second from the whole fleet (10 s for 50,000
 * kiosks); a worker process for every 12,500 kiosks; and one broker while the fleet fits in the
 * open files one process may have, else a broker per worker (a sharded fleet, as a cluster is).
 */
export function loadDefaults(kiosks: number, fileLimit = openFileLimit()): { telemetryIntervalMs: number; workers: number; brokers: number } {
  const workers = Math.max(2, Math.ceil(kiosks / 12_500));
  return { telemetryIntervalMs: Math.max(2000, Math.round(kiosks / 5)), workers, brokers: kiosks + 1000 > fileLimit ? workers : 1 };
}

/** Open files this process may have (Linux), for a check before thousands of sockets. */
export function openFileLimit(): number {
  try {
    return Number(/Max open files\s+(\d+)/.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1] ?? Number.POSITIVE_INFINITY);
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

export interface LoadOptions {
  brokerUrl: string;
  /**
   * Brokers to spread the simulated kiosks over, worker by worker (default: `brokerUrl` alone); the
   * monitor subscribes to each of them and keeps one picture.
   */
  kioskBrokerUrls?: string[];
  kiosks: number;
  workers: number;
  telemetryIntervalMs: number;
  steadyMs: number;
  /** Events each simulated kiosk queues at once in the burst phase; 0 skips it. */
  burstEvents: number;
  /** Alert round trips measured with the broker idle, then under load. */
  probes: { idle: number; loaded: number };
  /** Kill one worker at the end and time until its kiosks all show as lost. */
  measureLost: boolean;
  /** Reads the broker's memory; sampled at the end of the steady phase, with the whole fleet connected. */
  brokerRssMb?: () => number | null;
  /** The simulated kiosks' reconnection backoff (default 1 s to 15 s, as a kiosk's own default is 1 s to 60 s). */
  reconnect?: { minMs: number; maxMs: number };
  /** Stop the broker for `downMs` under the connected fleet and start it again (a persistent broker). */
  brokerRestart?: { broker: BrokerControl; downMs: number; eventsPerKiosk: number };
  signal: AbortSignal;
  note(text: string): void;
}

export interface LoadReport {
  kiosks: number;
  workers: number;
  connectAllMs: number;
  steady: { seconds: number; messages: number; perSecond: number };
  burst: { events: number; ms: number; perSecond: number } | null;
  alertLatencyIdleMs: number[];
  alertLatencyLoadedMs: number[];
  lost: { kiosks: number; ms: number } | null;
  monitor: { invalid: number; duplicate: number };
  brokerRssMb: number | null;
  storm: StormReport | null;
}

const REGIONS = ['3506', '3571', '3572', '3573', '3575', '3578', '7271', '3201'];

export function simAddresses(n: number): KioskAddress[] {
  return Array.from({ length: n }, (_, i) => {
    const region = REGIONS[i % REGIONS.length]!;
    return { region, kiosk: `SIM-${region}-${String(i).padStart(5, '0')}` };
  });
}

function validate(o: LoadOptions): void {
  for (const url of o.kioskBrokerUrls ?? []) if (!isLoopbackBroker(url)) throw new Error(`the load tools only talk to a broker on this machine (mqtt://127.0.0.1:PORT); got ${url}`);
  if (!isLoopbackBroker(o.brokerUrl)) throw new Error(`the load tools only talk to a broker on this machine (mqtt://127.0.0.1:PORT); got ${o.brokerUrl}`);
  if (!Number.isInteger(o.kiosks) || o.kiosks < 1 || o.kiosks > LOAD_LIMITS.maxKiosks) throw new Error(`kiosks must be 1 to ${LOAD_LIMITS.maxKiosks}`);
  if (!Number.isInteger(o.workers) || o.workers < 1 || o.workers > LOAD_LIMITS.maxWorkers) throw new Error(`workers must be 1 to ${LOAD_LIMITS.maxWorkers}`);
  if (o.steadyMs < 0 || o.steadyMs > LOAD_LIMITS.maxSteadyMs) throw new Error(`steady phase must be at most ${LOAD_LIMITS.maxSteadyMs / 1000} s`);
  if (o.telemetryIntervalMs < 500) throw new Error('telemetry interval must be at least 500 ms');
  if (o.burstEvents < 0 || o.burstEvents > LOAD_LIMITS.maxBurstEvents) throw new Error(`burst events must be 0 to ${LOAD_LIMITS.maxBurstEvents}`);
  const r = o.brokerRestart;
  if (r && !(r.downMs >= 0 && r.downMs <= LOAD_LIMITS.maxSteadyMs)) throw new Error(`the broker may stay down at most ${LOAD_LIMITS.maxSteadyMs / 1000} s`);
  if (r && !(Number.isInteger(r.eventsPerKiosk) && r.eventsPerKiosk >= 1 && r.eventsPerKiosk <= LOAD_LIMITS.maxBurstEvents)) throw new Error(`events per kiosk during the outage must be 1 to ${LOAD_LIMITS.maxBurstEvents}`);
}

/**
 * Runs a simulated fleet against one broker on this machine and measures what the issue asks:
 * message rate at the monitor, alert latency (kiosk → broker → monitor, through the real outbox on
 * a real file store) idle and under load, connect time, and how fast a dead share of the fleet
 * shows as lost. Bounded in kiosks, workers and time; every process it starts is stopped.
 */
export async function runFleetLoad(o: LoadOptions): Promise<LoadReport> {
  validate(o);
  const dir = mkdtempSync(join(tmpdir(), 'adm-fleet-load-'));
  const workers: LoadWorker[] = [];
  // Across a broker restart the monitor needs a persistent session, so the broker keeps what kiosks
  // publish between its start and the monitor's return.
  const monitor = new FleetMonitor({ url: o.brokerUrl, reconnectMs: 500, ...(o.brokerRestart ? { session: `adm-fleet-load-${process.pid}` } : {}) });
  const shardMonitors: FleetMonitor[] = [];
  let probe: FleetAgent | null = null;
  let probeDb: ReturnType<typeof openDatabase> | null = null;
  try {
    for (const url of new Set(o.kioskBrokerUrls ?? [])) {
      if (url !== o.brokerUrl) shardMonitors.push(new FleetMonitor({ url, reconnectMs: 500, view: monitor.view }));
    }
    for (const m of [monitor, ...shardMonitors]) await m.ready(AbortSignal.any([o.signal, AbortSignal.timeout(15_000)]));

    // The probe kiosk: a real agent on a real file store (synchronous=FULL), its A4 paper toggled on demand.
    probeDb = openDatabase({ path: join(dir, 'probe.sqlite'), migrations: kioskMigrations });
    if (!probeDb.ok) throw new Error(probeDb.error.message);
    const a4: DeviceStatus = { device: 'online', paper: 'full', reasons: [], since: new Date().toISOString() };
    const probeAddress = { region: '3506', kiosk: 'PROBE-3506-0001' };
    probe = new FleetAgent({
      address: probeAddress,
      version: 'probe',
      startedAtMs: Date.now(),
      broker: { url: o.brokerUrl, keepaliveS: 30, connectTimeoutMs: 10_000, reconnectMinMs: 200, reconnectMaxMs: 2000 },
      db: probeDb.value.db,
      outboxMax: 10_000,
      sources: { devices: () => [{ id: 'a4Printer', mode: 'simulated', status: a4 }], consumables: () => [], printsSince: () => ({ printed: {}, failed: {} }), unknownPrints: () => [], registryReachable: () => true },
      service: new ServiceState(),
      commandKey: null,
      commandMaxSkewMs: 300_000,
      telemetryIntervalMs: 3_600_000,
      alertCheckMs: 3_600_000,
      fingerprintAlertAfter: 8,
      log: await createLogger({ level: 'silent', pretty: false }),
    });
    probe.start();
    await probe.publisher.whenOnline(AbortSignal.any([o.signal, AbortSignal.timeout(10_000)]));
    const agent = probe;
    const probeOnce = async (): Promise<number> => {
      const raise = a4.paper !== 'out';
      a4.paper = raise ? 'out' : 'full';
      let off = () => {};
      const seen = new Promise<number>((resolve) => {
        off = monitor.view.onChange((k, _what, ev) => {
          if (k.kiosk === probeAddress.kiosk && ev?.kind === 'paper.out' && ev.active === raise) resolve(performance.now());
        });
      });
      const t0 = performance.now();
      agent.refresh();
      let timer: NodeJS.Timeout | undefined;
      const t1 = await Promise.race([seen, new Promise<never>((_, j) => (timer = setTimeout(() => j(new Error('alert did not reach the monitor within 30 s')), 30_000)))]);
      clearTimeout(timer);
      off();
      return t1 - t0;
    };

    // Warm up (JIT, first statements) before anything is measured.
    for (let i = 0; i < 10; i++) await probeOnce();
    // Idle samples: half before the fleet comes, half after it is gone, so drift in the machine's
    // own load (a shared disk's fsync times) does not masquerade as the fleet's effect.
    const alertLatencyIdleMs: number[] = [];
    for (let i = 0; i < Math.ceil(o.probes.idle / 2); i++) alertLatencyIdleMs.push(await probeOnce());

    // The fleet, spread over worker processes.
    const addresses = simAddresses(o.kiosks);
    const per = Math.ceil(o.kiosks / o.workers);
    for (let w = 0; w < o.workers; w++) {
      const share = addresses.slice(w * per, (w + 1) * per);
      if (share.length === 0) continue;
      const worker = new LoadWorker(share);
      workers.push(worker);
      const urls = o.kioskBrokerUrls ?? [o.brokerUrl];
      worker.send({ type: 'build', brokerUrl: urls[w % urls.length] ?? o.brokerUrl, kiosks: share, telemetryIntervalMs: o.telemetryIntervalMs, alertCheckMs: 5000, reconnect: o.reconnect });
    }
    const failed = () => {
      const f = workers.find((w) => w.error !== null);
      if (f) throw new Error(f.error ?? 'worker failed');
    };
    await until(() => (failed(), workers.every((w) => w.built)), 'the workers to build their kiosks', Math.max(120_000, o.kiosks * 5), o.signal);
    // Timed from the first CONNECT: how fast one broker takes a whole fleet in.
    const tConnect = performance.now();
    for (const w of workers) w.send({ type: 'connect', batch: 20, batchGapMs: 10 });
    let lastNote = 0;
    await until(
      () => {
        failed();
        if (Date.now() - lastNote > 2000) {
          lastNote = Date.now();
          o.note(`connected ${workers.reduce((a, w) => a + w.connected, 0)} of ${o.kiosks}`);
        }
        return workers.every((w) => w.ready);
      },
      'every simulated kiosk to connect',
      Math.max(180_000, o.kiosks * 10),
      o.signal,
    );
    const connectAllMs = performance.now() - tConnect;
    await until(() => monitor.view.summary().online >= o.kiosks + 1, 'the monitor to see every kiosk online', Math.max(60_000, o.kiosks * 2), o.signal);
    o.note(`all ${o.kiosks} kiosks online after ${Math.round(connectAllMs)} ms`);

    // Steady state: telemetry from everyone, alerts from drift, the probe raising and clearing.
    const total = () => Object.values(monitor.view.counts).reduce((a, b) => a + b, 0);
    const m0 = total();
    const t0 = performance.now();
    const alertLatencyLoadedMs: number[] = [];
    while (performance.now() - t0 < o.steadyMs || alertLatencyLoadedMs.length < o.probes.loaded) {
      if (o.signal.aborted) throw new Error('aborted');
      if (alertLatencyLoadedMs.length < o.probes.loaded) alertLatencyLoadedMs.push(await probeOnce());
      await new Promise((r) => setTimeout(r, 50));
      if (performance.now() - t0 > LOAD_LIMITS.maxSteadyMs) break;
    }
    const seconds = (performance.now() - t0) / 1000;
    const messages = total() - m0;
    const brokerRssMb = o.brokerRssMb?.() ?? null;
    o.note(`steady: ${messages} messages in ${seconds.toFixed(1)} s`);

    let burst: LoadReport['burst'] = null;
    if (o.burstEvents > 0) {
      const events = o.kiosks * o.burstEvents;
      const e0 = monitor.view.counts.event + monitor.view.counts.duplicate;
      const tb = performance.now();
      for (const w of workers) w.send({ type: 'burst', events: o.burstEvents });
      await until(() => monitor.view.counts.event + monitor.view.counts.duplicate - e0 >= events, `${events} burst events at the monitor`, Math.max(180_000, events * 2), o.signal);
      const ms = performance.now() - tb;
      burst = { events, ms, perSecond: events / (ms / 1000) };
      o.note(`burst: ${events} events in ${Math.round(ms)} ms`);
    }

    const storm = o.brokerRestart
      ? await restartStorm({
          ...o.brokerRestart,
          monitor,
          workers,
          expectOnline: o.kiosks + 1,
          probeOnline: () => agent.publisher.online,
          signal: o.signal,
          note: o.note,
        })
      : null;

    let lost: LoadReport['lost'] = null;
    const victim = workers[0];
    if (o.measureLost && victim) {
      const gone = new Set(victim.kiosks.map((k) => k.kiosk));
      const tl = performance.now();
      await victim.kill();
      await until(() => monitor.view.kiosks().filter((k) => gone.has(k.kiosk) && k.status === 'lost').length === gone.size, 'the killed kiosks to show as lost', 60_000, o.signal);
      lost = { kiosks: gone.size, ms: performance.now() - tl };
      o.note(`${gone.size} killed kiosks shown as lost after ${Math.round(lost.ms)} ms`);
    }
    await Promise.all(workers.map((w) => w.kill()));
    while (alertLatencyIdleMs.length < o.probes.idle) alertLatencyIdleMs.push(await probeOnce());
    o.note(`idle alert round trips: ${alertLatencyIdleMs.length}, loaded: ${alertLatencyLoadedMs.length}`);
    return {
      kiosks: o.kiosks,
      workers: workers.length,
      connectAllMs,
      steady: { seconds, messages, perSecond: messages / seconds },
      burst,
      alertLatencyIdleMs,
      alertLatencyLoadedMs,
      lost,
      monitor: { invalid: monitor.view.counts.invalid, duplicate: monitor.view.counts.duplicate },
      brokerRssMb,
      storm,
    };
  } finally {
    await Promise.all(workers.map((w) => w.kill()));
    await probe?.stop(500);
    if (probeDb?.ok) probeDb.value.db.close();
    await Promise.all([monitor, ...shardMonitors].map((m) => m.close()));
    rmSync(dir, { recursive: true, force: true });
  }
}
