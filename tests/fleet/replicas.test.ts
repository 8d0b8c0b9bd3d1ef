import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Registry } from 'prom-client';
import { FleetMonitor } from '../../kiosk/fleet/monitor/monitor.ts';
import { fleetMetrics } from '../../kiosk/fleet/monitor/metrics.ts';
import { kioskJson } from '../../kiosk/fleet/monitor/fleet-view.ts';
import { LoadWorker } from '../../kiosk/fleet/load/load-worker.ts';
import { simAddresses } from '../../kiosk/fleet/load/run-load.ts';
import { Mosquitto } from '../support/mosquitto.ts';

/**
 * Two monitors side by side (highly available behind Prometheus) must give the same picture and
 * the same series, apart from their `replica` label.
 */
let broker: Mosquitto;
const monitors: Array<{ m: FleetMonitor; metrics: Registry; replica: string }> = [];
const workers: LoadWorker[] = [];

beforeAll(async () => {
  broker = await Mosquitto.start();
  for (const replica of ['a', 'b']) {
    const m = new FleetMonitor({ url: broker.url, reconnectMs: 200 });
    await m.ready(AbortSignal.timeout(10_000));
    monitors.push({ m, metrics: fleetMetrics(m.view, { replica, monitor: m }), replica });
  }
}, 30_000);

afterAll(async () => {
  await Promise.all(workers.map((w) => w.kill()));
  await Promise.all(monitors.map((x) => x.m.close()));
  await broker?.close();
});

/** The metrics text without this replica's label, and the view without the monitor's own clock. */
async function picture(x: (typeof monitors)[number]): Promise<{ metrics: string; kiosks: unknown[] }> {
  const text = await x.metrics.metrics();
  expect(text).toContain(`replica="${x.replica}"`);
  return {
    metrics: text.replace(new RegExp(`,?replica="${x.replica}"`, 'g'), '').replace(/\{\}/g, ''),
    kiosks: x.m.view.kiosks().map((k) => ({ ...kioskJson(k), lastSeen: undefined })),
  };
}

describe('two fleet monitors', () => {
  it('show the same fleet and export the same series apart from the replica label', async () => {
    const addresses = simAddresses(24).map((a, i) => ({ ...a, district: `${a.region}${String(10 + (i % 3))}` }));
    const start = (kiosks: typeof addresses) =>
      LoadWorker.start({ brokerUrl: broker.url, kiosks, telemetryIntervalMs: 3_600_000, alertCheckMs: 200, drift: false, signal: AbortSignal.timeout(60_000) });
    const [stay, gone] = await Promise.all([start(addresses.slice(0, 16)), start(addresses.slice(16))]);
    workers.push(stay, gone);
    await stay.act({ kiosk: addresses[0]!.kiosk, print: { type: 'KK', n: 5 } });
    await stay.act({ kiosk: addresses[1]!.kiosk, blanko: 0 });
    await gone.kill();

    // Each monitor gets every message in its own time: poll until both have settled on the same picture.
    const deadline = Date.now() + 60_000;
    let a = await picture(monitors[0]!);
    let b = await picture(monitors[1]!);
    while (JSON.stringify(a) !== JSON.stringify(b) || monitors.some((x) => x.m.view.summary().lost !== 8)) {
      if (Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 100));
      [a, b] = [await picture(monitors[0]!), await picture(monitors[1]!)];
    }
    expect(monitors[0]!.m.view.summary()).toMatchObject({ kiosks: 24, online: 16, lost: 8 });
    expect(a.metrics).toContain(`adm_kiosk_documents_printed_today{region="${addresses[0]!.region}",kiosk="${addresses[0]!.kiosk}",type="KK"`);
    expect(a.metrics).toContain(`adm_kiosk_alert{region="${addresses[1]!.region}",kiosk="${addresses[1]!.kiosk}",kind="blanko.out"`);
    expect(a.metrics).toContain('adm_fleet_broker_up 1');
    expect(b.metrics).toBe(a.metrics);
    expect(b.kiosks).toEqual(a.kiosks);
  }, 120_000);
});
