import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetMonitor } from '../../kiosk/fleet/monitor/monitor.ts';
import { fleetMetrics } from '../../kiosk/fleet/monitor/metrics.ts';
import { startDashboard, type Dashboard } from '../../kiosk/fleet/monitor/dashboard.ts';
import { LoadWorker } from '../../kiosk/fleet/load/load-worker.ts';
import { projectPath } from '../../core/project-root.ts';
import { PrometheusApi } from '../../kiosk/fleet/report/prometheus-api.ts';
import { fleetReport } from '../../kiosk/fleet/report/daily-report.ts';
import { localDate } from '../../kiosk/fleet/telemetry.ts';
import { runAdm } from '../support/kiosk-process.ts';
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
let workerA: LoadWorker;
let workerB: LoadWorker;

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
  [workerA, workerB] = await Promise.all([startWorker(fleetA), startWorker(fleetB)]);
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
    const b = workerB;
    await workerA.kill();
    await b.act({ kiosk: 'E2E-3506-B001', blanko: 0 });
    await eventually(() => firing('AdmKioskLost'), (k) => k.length === 3, 'AdmKioskLost for the three killed kiosks');
    expect(await firing('AdmKioskLost')).toEqual(fleetA.map((k) => k.kiosk));
    await eventually(() => firing('AdmKioskBlankoOut'), (k) => k.length === 1, 'AdmKioskBlankoOut');
    expect(await firing('AdmKioskBlankoOut')).toEqual(['E2E-3506-B001']);
    // One alert per condition: the lost kiosks' printers are not alerted as well, and nothing else fires.
    expect(new Set((await alerts()).map((x) => x.labels.alertname))).toEqual(new Set(['AdmKioskLost', 'AdmKioskBlankoOut']));

    // The kiosks come back, the technician refills the hopper.
    await startWorker(fleetA);
    await b.act({ kiosk: 'E2E-3506-B001', blanko: 200 });
    await eventually(alerts, (x) => x.length === 0, 'every alert resolved');
    expect((await up()).result).toHaveLength(6);
  }, 180_000);

  it('adm fleet report gives the daily table from that Prometheus: documents per kiosk, kecamatan and type, availability, failures by cause, blanko used', async () => {
    const b = workerB;
    await b.act({ kiosk: 'E2E-3572-B002', print: { type: 'KK', n: 4 } });
    await b.act({ kiosk: 'E2E-3572-B002', print: { type: 'KTP_EL', n: 3 } });
    await b.act({ kiosk: 'E2E-3572-B003', print: { type: 'KIA', n: 2 } });
    const scraped = (q: string) => prometheus.api<{ result: unknown[] }>('query', { query: q }).then((d) => d.result.length === 1);
    await eventually(
      async () => (await Promise.all([
        scraped('adm_kiosk_documents_printed_today{kiosk="E2E-3572-B002",type="KTP_EL"} == 3'),
        scraped('adm_kiosk_documents_printed_today{kiosk="E2E-3572-B003",type="KIA"} == 2'),
        scraped('adm_kiosk_consumable_level{kiosk="E2E-3572-B002",consumable="card-blanko"} == 197'),
        scraped('adm_kiosk_consumable_level{kiosk="E2E-3572-B003",consumable="card-blanko"} == 198'),
      ])).every(Boolean),
      (v) => v,
      'the prints scraped',
    );
    // The report's range queries step every second from midnight: let a step pass the last scrape.
    await new Promise((r) => setTimeout(r, 2500));
    const today = localDate(new Date());
    const r = await fleetReport(new PrometheusApi(prometheus.url), { from: today, to: today, utcOffsetMin: -new Date().getTimezoneOffset(), stepS: 1 });
    if (!r.ok) throw new Error(r.error.message);
    const k = (id: string) => r.value.kiosks.find((x) => x.kiosk === id && x.day === today);
    expect(r.value.kiosks.map((x) => x.kiosk).sort()).toEqual([...fleetA, ...fleetB].map((x) => x.kiosk).sort());
    expect(k('E2E-3572-B002')).toMatchObject({ region: '3572', kecamatan: '357201', printed: { KK: 4, KTP_EL: 3 }, blankoUsed: 3, availability: 1, failures: {} });
    expect(k('E2E-3572-B003')).toMatchObject({ printed: { KIA: 2 }, blankoUsed: 2, availability: 1 });
    // Emptied and refilled in the alerting test: 200 blanko gone, one blanko.out.
    expect(k('E2E-3506-B001')).toMatchObject({ kecamatan: '350614', blankoUsed: 200, failures: { 'blanko.out': { count: 1 } } });
    for (const a of fleetA) {
      const day = k(a.kiosk)!;
      expect(day.kecamatan).toBe(a.district);
      expect(day.failures['kiosk.down']?.count).toBe(1);
      expect(day.availability).toBeGreaterThan(0);
      expect(day.availability).toBeLessThan(1);
    }
    expect(r.value.kecamatan).toEqual(
      expect.arrayContaining([
        { day: today, region: '3572', kecamatan: '357201', type: 'KK', printed: 4 },
        { day: today, region: '3572', kecamatan: '357201', type: 'KTP_EL', printed: 3 },
        { day: today, region: '3572', kecamatan: '357201', type: 'KIA', printed: 2 },
      ]),
    );
    expect(r.value.notes).toEqual([]);

    // The same through the command line, as CSV.
    const cli = await runAdm(['fleet', 'report', '--prometheus', prometheus.url, '--from', today, '--to', today, '--step', '1', '--csv', '--region', '3572']);
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);
    const lines = cli.stdout.trim().split('\r\n');
    // A simulated kiosk reports zero for every type it offers (AKTA_KELAHIRAN, KIA, KK, KTP_EL).
    expect(lines[0]).toBe('day,region,kecamatan,kiosk,printed_AKTA_KELAHIRAN,printed_KIA,printed_KK,printed_KTP_EL,printed_total,failed_total,availability_pct,blanko_used,failures');
    expect(lines).toContain(`${today},3572,357201,E2E-3572-B002,0,0,4,3,7,0,100.0,3,`);
    expect(lines).toContain(`${today},3572,357201,E2E-3572-B003,0,2,0,0,2,0,100.0,2,`);
    expect(lines).toHaveLength(3);
  }, 120_000);
});
