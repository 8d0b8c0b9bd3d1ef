import { afterEach, describe, expect, it } from 'vitest';
import { upsConfigSchema } from '../../devices/ups/config.ts';
import { createUps } from '../../devices/ups/factory.ts';
import type { UpsSimulator } from '../../devices/ups/simulator.ts';
import { PowerWatch } from '../../kiosk/power/power-watch.ts';
import { Journal } from '../../kiosk/store/journal.ts';
import { PowerEventLog } from '../../kiosk/store/power-events.ts';
import { Redactor } from '../../kiosk/privacy/redactor.ts';
import { kioskDb, memoryLogger } from '../fleet/support/harness.ts';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
const poll = { timeout: 10_000, interval: 20 };

async function rig(options: { printing?: () => boolean; drainMs?: number } = {}) {
  const created = await createUps(upsConfigSchema.parse({ mode: 'simulated', pollIntervalMs: 200, timeoutMs: 500 }), { credentials: null });
  const { driver, simulator } = created;
  cleanups.push(() => created.close());
  cleanups.push(() => driver.stop());
  const events = new PowerEventLog(new Journal(kioskDb(), new Redactor()));
  const { log } = await memoryLogger();
  const holds: Record<string, boolean> = {};
  const reports: Array<string | null> = [];
  let stops = 0;
  const watch = new PowerWatch({
    ups: driver,
    thresholds: { lowChargePct: 20, lowRuntimeS: 180, resumeChargePct: 50 },
    service: { set: (r, v) => ((holds[r] = v), true) },
    events,
    log,
    printing: options.printing ?? (() => false),
    drainMs: options.drainMs ?? 0,
    stopForLowBattery: () => stops++,
    report: (_s, e) => reports.push(e),
  });
  cleanups.push(() => watch.stop());
  driver.start();
  await expect.poll(() => watch.snapshot().state, poll).toBe('mains');
  return { sim: simulator as UpsSimulator, watch, holds, events, reports, stops: () => stops };
}

describe('the power watch', () => {
  it('asks for the low-battery stop exactly once, however often and however flappy the UPS says LB', async () => {
    const r = await rig();
    r.sim.power({ status: 'OB LB', chargePct: 10, runtimeS: 60 });
    await expect.poll(() => r.stops(), poll).toBe(1);
    // LB read again on every poll, then the flag flapping off and on, then FSD: still one stop.
    for (const status of ['OB', 'OB LB', 'OB', 'OB LB FSD']) {
      r.sim.power({ status, chargePct: status === 'OB' ? 25 : 10, runtimeS: status === 'OB' ? 400 : 60 });
      await new Promise((res) => setTimeout(res, 300));
    }
    expect(r.stops()).toBe(1);
  });

  it('waits for the print under way, at most drainMs', async () => {
    let printing = true;
    const r = await rig({ printing: () => printing, drainMs: 60_000 });
    r.sim.power({ status: 'OB LB', chargePct: 10, runtimeS: 60 });
    await expect.poll(() => r.watch.snapshot().state, poll).toBe('low_battery');
    await new Promise((res) => setTimeout(res, 600));
    expect(r.stops()).toBe(0);
    printing = false;
    await expect.poll(() => r.stops(), poll).toBe(1);

    let stuck = true;
    const r2 = await rig({ printing: () => stuck, drainMs: 500 });
    r2.sim.power({ status: 'OB', chargePct: 15, runtimeS: 900 });
    await expect.poll(() => r2.stops(), poll).toBe(1);
    expect(stuck).toBe(true);
    stuck = false;
  });

  it('holds and releases the service, journals each change once, and tells the fleet', async () => {
    const r = await rig();
    r.sim.power({ status: 'OB DISCHRG', chargePct: 70, runtimeS: 900 });
    await expect.poll(() => r.holds['on-battery'], poll).toBe(true);
    r.sim.power({ status: 'OB DISCHRG', chargePct: 65, runtimeS: 850 });
    await new Promise((res) => setTimeout(res, 300));
    r.sim.power({ status: 'OL CHRG', chargePct: 40, runtimeS: 500 });
    await expect.poll(() => r.holds['battery-charging'], poll).toBe(true);
    expect(r.holds['on-battery']).toBe(false);
    r.sim.power({ status: 'OL CHRG', chargePct: 60, runtimeS: 1000 });
    await expect.poll(() => r.holds['battery-charging'], poll).toBe(false);
    expect(r.events.recent().map((e) => e.event)).toEqual(['service-resumed', 'mains-back', 'mains-lost']);
    expect(r.reports.filter((e) => e !== null)).toEqual(['mains-lost', 'mains-back', 'service-resumed']);
    expect(r.watch.snapshot()).toMatchObject({ state: 'mains', status: 'OL CHRG', chargePct: 60, runtimeS: 1000 });
  });
});
