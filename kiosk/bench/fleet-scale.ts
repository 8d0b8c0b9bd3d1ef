import { percentile, round, type Bench, type BenchContext, type Figure } from './bench.ts';
import { startLocalBroker, type LocalBroker } from '../fleet/load/local-broker.ts';
import { loadDefaults, runFleetLoad } from '../fleet/load/run-load.ts';

const NO_MOSQUITTO = 'mosquitto is not installed (Debian package `mosquitto`): no fleet figures; install it and run again';

async function brokers(ctx: BenchContext, n: number, persistent: boolean): Promise<LocalBroker[] | string> {
  const started: LocalBroker[] = [];
  for (let i = 0; i < n; i++) {
    const b = await startLocalBroker({ signal: ctx.signal, persistent });
    if (!b.ok) {
      await Promise.all(started.map((x) => x.stop()));
      return b.error.code === 'not_installed' ? NO_MOSQUITTO : b.error.message;
    }
    started.push(b.value);
  }
  return started;
}

/**
 * A broker restart under a connected fleet (`npm run fleet-load -- --kiosks 10000 --broker-restart 60`):
 * 10,000 kiosks and a minute down at full scale, `--quick` 2,000 kiosks and 12 s.
 */
export const fleetStormBench: Bench = {
  name: 'fleet-storm',
  async run(ctx) {
    const started = await brokers(ctx, 1, true);
    if (typeof started === 'string') return { figures: [], notes: [started] };
    const broker = started[0]!;
    try {
      const kiosks = Math.max(1000, Math.round(10_000 * ctx.scale));
      const r = await runFleetLoad({
        brokerUrl: broker.url,
        kiosks,
        workers: 2,
        telemetryIntervalMs: 2000,
        steadyMs: 0,
        burstEvents: 0,
        probes: { idle: 10, loaded: 10 },
        measureLost: false,
        brokerRestart: { broker, downMs: Math.max(5000, Math.round(60_000 * ctx.scale)), eventsPerKiosk: 3 },
        signal: ctx.signal,
        note: ctx.note,
      });
      const s = r.storm;
      if (!s) return { figures: [], notes: ['the restart storm did not run'] };
      const figures: Figure[] = [
        { key: 'fleet_storm_kiosks', value: kiosks, unit: 'kiosks', label: 'restart storm: kiosks connected when the broker stops' },
        { key: 'fleet_storm_down_s', value: round(s.downMs / 1000, 1), unit: 's', label: 'restart storm: broker down' },
        { key: 'fleet_storm_all_back_s', value: round(s.allBackMs / 1000, 2), unit: 's', label: 'restart storm: broker started → every kiosk connected again (jittered backoff)' },
        { key: 'fleet_storm_events', value: s.events, unit: 'events', label: 'restart storm: events queued in the outboxes while it was down' },
        { key: 'fleet_storm_events_lost', value: s.lost, unit: 'events', label: 'restart storm: queued events that never reached the monitor' },
        { key: 'fleet_storm_duplicates', value: s.duplicates, unit: 'events', label: 'restart storm: second copies received by the monitor' },
        { key: 'fleet_storm_out_of_order', value: s.outOfOrder, unit: 'events', label: 'restart storm: events out of order per kiosk' },
        { key: 'fleet_storm_monitor_outages', value: s.monitorOutages, unit: 'outages', label: 'restart storm: outages the monitor shows' },
        { key: 'fleet_storm_max_lost_shown', value: s.maxLostShown, unit: 'kiosks', label: 'restart storm: most kiosks the monitor showed lost' },
        { key: 'fleet_storm_peak_broker_rss_mb', value: s.peakBrokerRssMb ?? Number.NaN, unit: 'MB', label: 'restart storm: mosquitto peak resident memory' },
      ];
      return { figures, notes: s.converged ? [] : ['the monitor did not converge to the fleet after the storm'] };
    } finally {
      await broker.stop();
    }
  },
};

export const HEADROOM_KIOSKS = 50_000;

/**
 * Headroom: 50,000 kiosks on this machine (`npm run fleet-load -- --kiosks 50000`): about 11 GB of
 * memory and five minutes of both cores, the longest part of `npm run bench`.
 */
export const fleetHeadroomBench: Bench = {
  name: 'fleet-headroom',
  async run(ctx) {
    const d = loadDefaults(HEADROOM_KIOSKS);
    const started = await brokers(ctx, d.brokers, false);
    if (typeof started === 'string') return { figures: [], notes: [started] };
    try {
      const r = await runFleetLoad({
        brokerUrl: started[0]!.url,
        kioskBrokerUrls: started.map((b) => b.url),
        kiosks: HEADROOM_KIOSKS,
        workers: d.workers,
        telemetryIntervalMs: d.telemetryIntervalMs,
        steadyMs: 20_000,
        burstEvents: 1,
        probes: { idle: 50, loaded: 200 },
        measureLost: true,
        brokerRssMb: () => started.reduce((a, b) => a + (b.rssMb() ?? 0), 0),
        signal: ctx.signal,
        note: ctx.note,
      });
      const figures: Figure[] = [
        { key: 'fleet_headroom_kiosks', value: r.kiosks, unit: 'kiosks', label: `headroom: simulated kiosks on ${started.length} mosquitto` },
        { key: 'fleet_headroom_connect_all_s', value: round(r.connectAllMs / 1000, 2), unit: 's', label: 'headroom: every kiosk connected' },
        { key: 'fleet_headroom_msgs_per_s', value: round(r.steady.perSecond, 0), unit: 'msg/s', label: `headroom: steady message rate at the monitor (telemetry every ${d.telemetryIntervalMs / 1000} s)` },
        { key: 'fleet_headroom_alert_latency_ms_p50', value: round(percentile(r.alertLatencyLoadedMs, 50), 2), unit: 'ms', label: 'headroom: alert raised → shown by the monitor, median' },
        { key: 'fleet_headroom_alert_latency_ms_p99', value: round(percentile(r.alertLatencyLoadedMs, 99), 2), unit: 'ms', label: 'headroom: alert latency, p99 (target under 1000 ms)' },
        { key: 'fleet_headroom_monitor_invalid', value: r.monitor.invalid, unit: 'messages', label: 'headroom: messages the monitor found invalid' },
        { key: 'fleet_headroom_broker_rss_mb', value: r.brokerRssMb ?? Number.NaN, unit: 'MB', label: 'headroom: mosquitto resident memory, all brokers' },
      ];
      return { figures };
    } finally {
      await Promise.all(started.map((b) => b.stop()));
    }
  },
};
