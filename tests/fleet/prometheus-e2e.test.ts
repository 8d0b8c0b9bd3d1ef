import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetMonitor } from '../../kiosk/fleet/monitor/monitor.ts';
import { fleetMetrics } from '../../kiosk/fleet/monitor/metrics.ts';
import { startDashboard, type Dashboard } from '../../kiosk/fleet/monitor/dashboard.ts';
import { LoadWorker } from '../../kiosk/fleet/load/load-worker.ts';
import { projectPath } from '../../kiosk/project-root.ts';
import { Mosquitto } from '../support/mosquitto.ts';
import { Prometheus } from '../support/prometheus.ts';

/**
 * The shipped rules on a real Prometheus, scraping a real monitor that watches a simulated fleet
 * (worker processes of real fleet agents) on a real mosquitto. Only the rules' `for:` holds are
 * shortened to seconds; their expressions are the shipped ones (the promtool unit tests check the
 * real holds on simulated time).
 */
const shippedRules = readFileSync(projectPath('kiosk', 'fleet', 'monitor', 'prometheus', 'adm-fleet.rules.yml'), 'utf8');
const fastRules = shippedRules.replace(/for: \d+m/g, 'for: 2s');

const fleetA = [
  { region: '3506', kiosk: 'E2E-3506-A001', district: '350614' },
  { region: '3506', kiosk: 'E2E-3506-A002', district: '350614' },
  { region: '3506', kiosk: 'E2E-3506-A003', district: '350601' },
];
const fleetB = [
  { region: '3506', kiosk: 'E2E-3506-B001', district: '350614' },
  { region: '3572', kiosk: 'E2E-3572-B002', district: '357201' },
  { region: '3572', kiosk: 'E2E-3572-B003', district: '357201' },
];

let broker: Mosquitto;
let monitor: FleetMonitor;
let dashboard: Dashboard;
let prometheus: Prometheus;
const workers: LoadWorker[] = [];

const startWorker = async (kiosks: typeof fleetA) => {
  const w = await LoadWorker.start({ brokerUrl: broker.url, kiosks, telemetryIntervalMs: 1000, alertCheckMs: 300, drift: false, signal: AbortSignal.timeout(60_000) });
  workers.push(w);
  return w;
};

interface PromAlert {
  labels: Record<string, string>;
  state: 'pending' | 'firing';
}

async function alerts(): Promise<PromAlert[]> {
  return (await prometheus.api<{ alerts: PromAlert[] }>('alerts')).alerts;
}

async function firing(name: string): Promise<string[]> {
  return (await alerts())
    .filter((a) => a.labels.alertname === name && a.state === 'firing')
    .map((a) => a.labels.kiosk ?? '')
    .sort();
}

/** Polls with a generous bound: a busy machine is slow, not wrong. */
async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
}

beforeAll(async () => {
  expect(fastRules).not.toBe(shippedRules);
  broker = await Mosquitto.start();
  monitor = new FleetMonitor({ url: broker.url, reconnectMs: 200 });
  await monitor.ready(AbortSignal.timeout(10_000));
  dashboard = await startDashboard({ view: monitor.view, metrics: fleetMetrics(monitor.view, { monitor }), host: '127.0.0.1', port: 0, monitorStatus: () => ({ status: monitor.status, lastError: monitor.lastError, broker: broker.url }) });
  await Promise.all([startWorker(fleetA), startWorker(fleetB)]);
  prometheus = await Prometheus.start({ targets: [new URL(dashboard.url()).host], rules: [fastRules] });
}, 120_000);

afterAll(async () => {
  await Promise.all(workers.map((w) => w.kill()));
  await prometheus?.close();
  await dashboard?.close();
  await monitor?.close();
  await broker?.close();
});

describe('alerting on a real Prometheus', () => {
  it('fires for killed kiosks and an empty blanko hopper, and resolves when they are back', async () => {
    const up = () => prometheus.api<{ result: Array<{ metric: Record<string, string>; value: [number, string] }> }>('query', { query: 'adm:kiosk_up:max == 1' });
    await eventually(up, (d) => d.result.length === 6, 'all six kiosks up in Prometheus');
    expect(await alerts()).toEqual([]);

    // A power cut on three kiosks, and one kiosk's hopper running dry.
    const [a, b] = workers;
    await a!.kill();
    await b!.act({ kiosk: 'E2E-3506-B001', blanko: 0 });
    await eventually(() => firing('AdmKioskLost'), (k) => k.length === 3, 'AdmKioskLost for the three killed kiosks');
    expect(await firing('AdmKioskLost')).toEqual(fleetA.map((k) => k.kiosk));
    await eventually(() => firing('AdmKioskBlankoOut'), (k) => k.length === 1, 'AdmKioskBlankoOut');
    expect(await firing('AdmKioskBlankoOut')).toEqual(['E2E-3506-B001']);
    // One alert per condition: the lost kiosks' printers are not alerted as well, and nothing else fires.
    expect(new Set((await alerts()).map((x) => x.labels.alertname))).toEqual(new Set(['AdmKioskLost', 'AdmKioskBlankoOut']));

    // The kiosks come back, the technician refills the hopper.
    await startWorker(fleetA);
    await b!.act({ kiosk: 'E2E-3506-B001', blanko: 200 });
    await eventually(alerts, (x) => x.length === 0, 'every alert resolved');
    expect((await up()).result).toHaveLength(6);
  }, 180_000);
});
