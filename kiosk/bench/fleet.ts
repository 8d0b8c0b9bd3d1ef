import { percentile, round, type Bench, type Figure } from './bench.ts';
import { startLocalBroker } from '../fleet/load/local-broker.ts';
import { runFleetLoad } from '../fleet/load/run-load.ts';

/**
 * The fleet on one broker: a simulated fleet of at least 2,000 kiosks (each its own MQTT
 * connection, outbox and timers, in worker processes) against one mosquitto on loopback, with the
 * real monitor subscribed to everything. Reports the message rate the monitor keeps up with and the
 * alert latency (a kiosk's alert raised → shown by the monitor, through the outbox on a real file
 * store), under load and, in the same run, with the broker idle.
 */
export const fleetBench: Bench = {
  name: 'fleet',
  async run(ctx) {
    const broker = await startLocalBroker({ signal: ctx.signal });
    if (!broker.ok) {
      return { figures: [], notes: [broker.error.code === 'not_installed' ? 'mosquitto is not installed (Debian package `mosquitto`): no fleet figures; install it and run again' : broker.error.message] };
    }
    try {
      const kiosks = Math.max(2000, Math.round(2000 * ctx.scale));
      const r = await runFleetLoad({
        brokerUrl: broker.value.url,
        kiosks,
        workers: 2,
        telemetryIntervalMs: 2000,
        steadyMs: Math.round(10_000 * Math.max(ctx.scale, 0.3)),
        burstEvents: 5,
        probes: { idle: Math.max(30, Math.round(100 * ctx.scale)), loaded: Math.max(50, Math.round(200 * ctx.scale)) },
        measureLost: true,
        brokerRssMb: () => broker.value.rssMb(),
        signal: ctx.signal,
        note: ctx.note,
      });
      const idle50 = percentile(r.alertLatencyIdleMs, 50);
      const load50 = percentile(r.alertLatencyLoadedMs, 50);
      const figures: Figure[] = [
        { key: 'fleet_kiosks', value: r.kiosks, unit: 'kiosks', label: 'fleet: simulated kiosks on one mosquitto' },
        { key: 'fleet_connect_all_s', value: round(r.connectAllMs / 1000, 2), unit: 's', label: 'fleet: every kiosk connected (from the first CONNECT)' },
        { key: 'fleet_msgs_per_s', value: round(r.steady.perSecond, 0), unit: 'msg/s', label: 'fleet: steady message rate at the monitor (telemetry every 2 s + events)' },
        { key: 'fleet_burst_events_per_s', value: r.burst ? round(r.burst.perSecond, 0) : Number.NaN, unit: 'events/s', label: 'fleet: QoS 1 events through outbox, broker and monitor in a burst' },
        { key: 'fleet_alert_latency_ms_p50', value: round(load50, 2), unit: 'ms', label: 'fleet: alert raised → shown by the monitor, under load, median' },
        { key: 'fleet_alert_latency_ms_p99', value: round(percentile(r.alertLatencyLoadedMs, 99), 2), unit: 'ms', label: 'fleet: alert latency under load, p99' },
        { key: 'fleet_alert_latency_idle_ms_p50', value: round(idle50, 2), unit: 'ms', label: 'fleet: alert latency, broker idle (same run), median' },
        { key: 'fleet_alert_latency_idle_ms_p99', value: round(percentile(r.alertLatencyIdleMs, 99), 2), unit: 'ms', label: 'fleet: alert latency, broker idle, p99' },
        { key: 'fleet_alert_latency_load_ratio', value: round(load50 / idle50, 2), unit: '×', label: 'fleet: alert latency median, loaded / idle' },
        { key: 'fleet_lost_detect_ms', value: r.lost ? round(r.lost.ms, 0) : Number.NaN, unit: 'ms', label: `fleet: ${r.lost?.kiosks ?? 0} killed kiosks all shown as lost` },
        { key: 'fleet_broker_rss_mb', value: r.brokerRssMb ?? Number.NaN, unit: 'MB', label: 'fleet: mosquitto resident memory holding the fleet' },
      ];
      const notes = r.monitor.invalid > 0 ? [`the monitor counted ${r.monitor.invalid} invalid messages`] : [];
      return { figures, notes };
    } finally {
      await broker.value.stop();
    }
  },
};
