import { Counter, Gauge, Registry } from 'prom-client';
import type { FleetView, KioskView } from './fleet-view.ts';

const K = ['region', 'kiosk'] as const;

export interface FleetMetricsOptions {
  /**
   * Added to every series as `replica`, so two monitors side by side (highly available behind
   * Prometheus) give the same series apart from this label.
   */
  replica?: string;
  /** The monitor's own link to the broker. */
  monitor?: { readonly status: string; readonly outages: number };
}

/**
 * A Prometheus registry over the fleet view: one scrape of the monitor gives every kiosk, so an
 * existing Prometheus and Grafana watch the fleet without a target per kiosk. Gauges are filled
 * at scrape time from the view; a kiosk that disappears from the view disappears from the scrape.
 */
export function fleetMetrics(view: FleetView, options: FleetMetricsOptions = {}): Registry {
  const registry = new Registry();
  if (options.replica !== undefined) registry.setDefaultLabels({ replica: options.replica });
  const monitor = options.monitor;
  if (monitor) {
    new Gauge({
      name: 'adm_fleet_broker_up',
      help: '1 while the monitor is connected to the broker; 0 during a broker outage (what the kiosks show is then from before it).',
      registers: [registry],
      collect() {
        this.set(monitor.status === 'online' ? 1 : 0);
      },
    });
    let counted = 0;
    new Counter({
      name: 'adm_fleet_broker_outages_total',
      help: 'Times the monitor lost a working connection to the broker: one per outage, whatever the fleet size.',
      registers: [registry],
      collect() {
        if (monitor.outages > counted) this.inc(monitor.outages - counted);
        counted = monitor.outages;
      },
    });
  }
  new Gauge({
    name: 'adm_fleet_kiosks_unconfirmed',
    help: 'Kiosks not heard from since the monitor reconnected after a broker outage.',
    registers: [registry],
    collect() {
      this.set(view.unconfirmed());
    },
  });
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[], fill: (g: Gauge<L>, k: KioskView) => void) =>
    new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        this.reset();
        for (const k of view.kiosks()) fill(this, k);
      },
    });
  const labels = (k: KioskView) => ({ region: k.region, kiosk: k.kiosk });

  new Gauge({
    name: 'adm_fleet_kiosks',
    help: 'Kiosks known to the monitor, by status (online, lost, offline, unknown; closed: held closed by its opening hours).',
    labelNames: ['status'],
    registers: [registry],
    collect() {
      const s = view.summary();
      for (const status of ['online', 'lost', 'offline', 'unknown', 'closed'] as const) this.set({ status }, s[status]);
    },
  });
  gauge('adm_kiosk_up', '1 when the kiosk is connected (retained state online), 0 when lost or offline.', K, (g, k) => g.set(labels(k), k.status === 'online' ? 1 : 0));
  gauge('adm_kiosk_in_service', '1 when the kiosk serves citizens, 0 when out of service.', K, (g, k) => {
    if (k.service) g.set(labels(k), k.service.inService ? 1 : 0);
  });
  gauge('adm_kiosk_out_of_service_reason', '1 for each reason that holds the kiosk out of service.', [...K, 'reason'], (g, k) => {
    for (const reason of k.service?.reasons ?? []) g.set({ ...labels(k), reason }, 1);
  });
  gauge('adm_kiosk_info', 'Always 1: the kiosk\'s kecamatan code (empty when not configured) and software version, to join on.', [...K, 'kecamatan', 'version'], (g, k) =>
    g.set({ ...labels(k), kecamatan: k.telemetry?.district ?? '', version: k.version ?? '' }, 1),
  );
  // The kiosk's clock of its newest message, not the monitor's clock of its arrival: two monitors give the same value.
  gauge('adm_kiosk_last_seen_timestamp_seconds', 'When the kiosk sent its newest message (kiosk clock).', K, (g, k) => {
    if (k.lastSaidAt) g.set(labels(k), Math.floor(Date.parse(k.lastSaidAt) / 1000));
  });
  gauge('adm_kiosk_uptime_seconds', 'Kiosk runtime uptime at its last telemetry.', K, (g, k) => {
    if (k.telemetry) g.set(labels(k), k.telemetry.uptimeS);
  });
  gauge('adm_kiosk_device_up', '1 when the device is online or busy, 0 otherwise (XFS4IoT state in the state label).', [...K, 'device', 'state'], (g, k) => {
    for (const [device, d] of Object.entries(k.telemetry?.devices ?? {})) g.set({ ...labels(k), device, state: d.state }, d.state === 'online' || d.state === 'deviceBusy' ? 1 : 0);
  });
  gauge('adm_kiosk_consumable_level', 'Units left (sheets, blanko cards…).', [...K, 'consumable', 'status'], (g, k) => {
    for (const [consumable, c] of Object.entries(k.telemetry?.consumables ?? {})) g.set({ ...labels(k), consumable, status: c.status }, c.level);
  });
  gauge('adm_kiosk_consumable_ratio', 'Level divided by capacity.', [...K, 'consumable'], (g, k) => {
    for (const [consumable, c] of Object.entries(k.telemetry?.consumables ?? {})) g.set({ ...labels(k), consumable }, c.level / c.capacity);
  });
  // `day` is the kiosk's own calendar date of the count, so a day's total is the maximum of its series.
  gauge('adm_kiosk_documents_printed_today', 'Documents printed since the kiosk\'s local midnight, by type; day = that local date.', [...K, 'type', 'day'], (g, k) => {
    for (const [type, n] of Object.entries(k.telemetry?.printedToday ?? {})) g.set({ ...labels(k), type, day: k.telemetry?.day ?? '' }, n);
  });
  gauge('adm_kiosk_prints_failed_today', 'Prints that failed since local midnight, by type; day = that local date.', [...K, 'type', 'day'], (g, k) => {
    for (const [type, n] of Object.entries(k.telemetry?.failedToday ?? {})) g.set({ ...labels(k), type, day: k.telemetry?.day ?? '' }, n);
  });
  gauge('adm_kiosk_prints_unknown', 'Prints whose outcome is unknown, waiting for a technician.', K, (g, k) => {
    if (k.telemetry) g.set(labels(k), k.telemetry.unknownPrints);
  });
  gauge('adm_kiosk_alert', '1 for each active alert.', [...K, 'kind', 'subject', 'severity'], (g, k) => {
    for (const a of k.alerts.values()) g.set({ ...labels(k), kind: a.kind, subject: a.subject, severity: a.severity }, 1);
  });
  gauge('adm_kiosk_registry_reachable', '1 when the kiosk reaches the registry, 0 when not (absent when unknown).', K, (g, k) => {
    const r = k.telemetry?.registryReachable;
    if (r !== null && r !== undefined) g.set(labels(k), r ? 1 : 0);
  });
  gauge('adm_kiosk_outbox_pending', 'Events waiting in the kiosk\'s outbox at its last telemetry.', K, (g, k) => {
    if (k.telemetry) g.set(labels(k), k.telemetry.outbox.pending);
  });
  gauge('adm_kiosk_outbox_dropped', 'Events the kiosk dropped because its outbox was full (total).', K, (g, k) => {
    if (k.telemetry) g.set(labels(k), k.telemetry.outbox.dropped);
  });
  gauge('adm_kiosk_commands_refused', 'Fleet commands the kiosk refused (forged, replayed, stale…), total.', K, (g, k) => {
    if (k.telemetry) g.set(labels(k), k.telemetry.commandsRefused);
  });
  let last: Record<string, number> = {};
  new Counter({
    name: 'adm_fleet_messages_total',
    help: 'Messages the monitor received, by outcome (state, telemetry, event, duplicate, invalid…).',
    labelNames: ['outcome'],
    registers: [registry],
    // Counters only move forward: add what the view counted since the previous scrape.
    collect() {
      for (const [outcome, n] of Object.entries(view.counts)) {
        const delta = n - (last[outcome] ?? 0);
        if (delta > 0) this.inc({ outcome }, delta);
      }
      last = { ...view.counts };
    },
  });
  return registry;
}
