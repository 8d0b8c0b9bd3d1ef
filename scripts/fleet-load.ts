// Simulates a fleet of kiosks against one mosquitto on this machine and prints what the broker and
// the monitor kept up with. Loopback only, bounded in kiosks and time, and every process it starts
// (broker, workers) is stopped at the end.
//
//   npm run fleet-load -- [--kiosks 2000] [--steady-s 20] [--telemetry-ms 2000] [--workers 2]
//   (defaults for large fleets: telemetry slowed to keep the fleet at 5,000 messages a second, and a
//   worker process and a broker listener for every 12,500 kiosks)
//                                 [--burst 5] [--broker mqtt://127.0.0.1:PORT] [--json]
//                                 [--broker-restart SECONDS [--storm-events 3]]
import { parseArgs } from 'node:util';
import { percentile, round } from '../kiosk/bench/bench.ts';
import { startLocalBroker, type LocalBroker } from '../kiosk/fleet/load/local-broker.ts';
import { LOAD_LIMITS, loadDefaults, openFileLimit, runFleetLoad } from '../kiosk/fleet/load/run-load.ts';
import type { BrokerControl } from '../kiosk/fleet/load/restart-storm.ts';

const { values } = parseArgs({
  options: {
    kiosks: { type: 'string', default: '2000' },
    'steady-s': { type: 'string', default: '20' },
    'telemetry-ms': { type: 'string' },
    workers: { type: 'string' },
    burst: { type: 'string', default: '5' },
    probes: { type: 'string', default: '200' },
    broker: { type: 'string' },
    'broker-restart': { type: 'string' },
    'storm-events': { type: 'string', default: '3' },
    json: { type: 'boolean', default: false },
  },
});

const num = (name: keyof typeof values, min: number, max: number, fallback?: number): number => {
  const n = values[name] === undefined && fallback !== undefined ? fallback : Number(values[name]);
  if (!Number.isFinite(n) || n < min || n > max) {
    process.stderr.write(`fleet-load: --${name} must be a number from ${min} to ${max}\n`);
    process.exit(2);
  }
  return n;
};

const kiosks = num('kiosks', 1, LOAD_LIMITS.maxKiosks);
const steadyMs = num('steady-s', 0, LOAD_LIMITS.maxSteadyMs / 1000) * 1000;
const defaults = loadDefaults(kiosks);
const telemetryIntervalMs = num('telemetry-ms', 500, 3_600_000, defaults.telemetryIntervalMs);
const workers = num('workers', 1, LOAD_LIMITS.maxWorkers, defaults.workers);
const burstEvents = num('burst', 0, LOAD_LIMITS.maxBurstEvents);
const probes = num('probes', 1, 10_000);
const restartS = values['broker-restart'] === undefined ? null : num('broker-restart', 0, LOAD_LIMITS.maxSteadyMs / 1000);
const stormEvents = num('storm-events', 1, LOAD_LIMITS.maxBurstEvents);
if (restartS !== null && values.broker !== undefined) {
  process.stderr.write('fleet-load: --broker-restart stops and starts the broker, so it needs its own (leave out --broker)\n');
  process.exit(2);
}

// Every kiosk is a socket in a worker and one in a broker: check the descriptor limit first.
const fdLimit = openFileLimit();
if (fdLimit < Math.ceil(kiosks / workers) + 1000) {
  process.stderr.write(`fleet-load: ${workers} workers of ${Math.ceil(kiosks / workers)} kiosks need more open files than the ${fdLimit} a process may have here (raise ulimit -n, or --workers)\n`);
  process.exit(2);
}

const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
// A hard ceiling on the whole run, whatever happens.
const ceiling = setTimeout(() => controller.abort(), steadyMs + (restartS ?? 0) * 1000 + 20 * 60_000);
ceiling.unref();

let stopBroker = async () => {};
let brokerUrl = values.broker;
let kioskBrokerUrls: string[] | undefined;
let brokerRss: (() => number | null) | undefined;
let brokerControl: BrokerControl | undefined;
if (brokerUrl === undefined) {
  // One process may have only so many open files: a fleet larger than that is sharded over brokers.
  const count = restartS !== null ? 1 : defaults.brokers;
  const brokers: LocalBroker[] = [];
  stopBroker = async () => {
    await Promise.all(brokers.map((b) => b.stop()));
  };
  for (let i = 0; i < count; i++) {
    const b = await startLocalBroker({ signal: controller.signal, persistent: restartS !== null });
    if (!b.ok) {
      process.stderr.write(`fleet-load: ${b.error.message}\n`);
      await stopBroker();
      process.exit(1);
    }
    brokers.push(b.value);
  }
  const first = brokers[0]!;
  brokerUrl = first.url;
  kioskBrokerUrls = brokers.map((b) => b.url);
  brokerRss = () => {
    const all = brokers.map((b) => b.rssMb());
    return all.some((r) => r === null) ? null : Math.round(all.reduce((a: number, r) => a + (r ?? 0), 0) * 10) / 10;
  };
  brokerControl = first;
  process.stderr.write(`fleet-load: started ${count === 1 ? 'mosquitto' : `${count} mosquitto brokers`} at ${kioskBrokerUrls.join(' ')}\n`);
}

let code = 0;
try {
  const r = await runFleetLoad({
    brokerUrl,
    kioskBrokerUrls,
    kiosks,
    workers,
    telemetryIntervalMs,
    steadyMs,
    burstEvents,
    probes: { idle: Math.min(probes, 100), loaded: probes },
    measureLost: true,
    brokerRssMb: brokerRss,
    ...(restartS !== null && brokerControl ? { brokerRestart: { broker: brokerControl, downMs: restartS * 1000, eventsPerKiosk: stormEvents } } : {}),
    signal: controller.signal,
    note: (t) => process.stderr.write(`fleet-load: ${t}\n`),
  });
  const summary = {
    kiosks: r.kiosks,
    workers: r.workers,
    connect_all_s: round(r.connectAllMs / 1000, 2),
    steady_msgs_per_s: round(r.steady.perSecond, 0),
    steady_messages: r.steady.messages,
    burst_events_per_s: r.burst ? round(r.burst.perSecond, 0) : null,
    alert_latency_idle_ms_p50: round(percentile(r.alertLatencyIdleMs, 50), 2),
    alert_latency_ms_p50: round(percentile(r.alertLatencyLoadedMs, 50), 2),
    alert_latency_ms_p99: round(percentile(r.alertLatencyLoadedMs, 99), 2),
    lost_detect_ms: r.lost ? round(r.lost.ms, 0) : null,
    lost_kiosks: r.lost?.kiosks ?? null,
    broker_rss_mb: r.brokerRssMb,
    monitor_invalid: r.monitor.invalid,
    ...(r.storm
      ? {
          storm_down_s: round(r.storm.downMs / 1000, 1),
          storm_all_back_s: round(r.storm.allBackMs / 1000, 2),
          storm_events: r.storm.events,
          storm_events_lost: r.storm.lost,
          storm_duplicates: r.storm.duplicates,
          storm_not_historical: r.storm.notHistorical,
          storm_out_of_order: r.storm.outOfOrder,
          storm_monitor_outages: r.storm.monitorOutages,
          storm_max_lost_shown: r.storm.maxLostShown,
          storm_converged: r.storm.converged,
          storm_peak_broker_rss_mb: r.storm.peakBrokerRssMb,
        }
      : {}),
  };
  process.stdout.write(values.json ? `${JSON.stringify(summary)}\n` : `${Object.entries(summary).map(([k, v]) => `${k.padEnd(28)} ${String(v)}`).join('\n')}\n`);
} catch (e) {
  process.stderr.write(`fleet-load: ${(e as Error).message}\n`);
  code = 1;
} finally {
  await stopBroker();
}
process.exit(code);
