import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST_DEVICES, startKiosk, type KioskProcess } from '../e2e/support/kiosk-process.ts';
import { Capture } from '../fleet/support/capture.ts';
import { Mosquitto } from '../support/mosquitto.ts';
import { startNut, type NutServer } from '../support/nut-upsd.ts';
import { tempDir } from '../support/temp-dir.ts';
import { runAdm } from '../support/kiosk-process.ts';
import { UiClient } from './support/ui-client.ts';
import { MaintenanceApi } from '../maintenance/support/api.ts';
import { hashPin } from '../../kiosk/maintenance/pin-hash.ts';
import type { DemoEntry } from '../../kiosk/registry/demo/demo-set.ts';
import { DOCUMENT_MEDIA } from '../../core/domain.ts';

// Issue "power cuts": a real upsd with NUT's dummy-ups driver, its status file changed
// OL → OB → OB LB → OL while a citizen's document prints, against a real `adm start` and a real broker.

const TECH_PIN = '246810';

const cleanups: Array<() => unknown> = [];
let nut: NutServer;
let broker: Mosquitto;
let fleet: Capture;
let dir: { path: string; remove(): void };

beforeAll(async () => {
  nut = await startNut();
  cleanups.push(() => nut.stop());
  broker = await Mosquitto.start();
  cleanups.push(() => broker.stop());
  fleet = await Capture.open(broker.url);
  cleanups.push(() => fleet.client.endAsync());
  dir = tempDir('power');
  cleanups.push(() => dir.remove());
}, 60_000);

afterAll(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/**
 * A power-off helper stand-in: appends one line per call to a file the test reads, then does what
 * a host's `systemctl poweroff` does to a kiosk still closing its store: SIGTERM, and again later.
 */
let scripts = 0;
function powerOffScript(): { argv: string[]; calls(): number } {
  const n = ++scripts;
  const marker = join(dir.path, `poweroff-calls-${n}`);
  const script = join(dir.path, `adm-poweroff-${n}`);
  writeFileSync(script, `#!/bin/sh\necho "poweroff $(date +%s%N)" >> '${marker}'\nkill -TERM $PPID\nsleep 1.2\nkill -TERM $PPID 2>/dev/null || true\n`);
  chmodSync(script, 0o755);
  return { argv: [script], calls: () => (existsSync(marker) ? readFileSync(marker, 'utf8').trim().split('\n').filter(Boolean).length : 0) };
}

function kioskConfig(powerOff: string[], printMs: number): Record<string, unknown> {
  const printer = { ...FAST_DEVICES.devices.a4Printer, simulatedPrintMs: printMs };
  return {
    kiosk: { id: 'ADM-3506-UPS1' },
    devices: {
      a4Printer: printer,
      cardPrinter: printer,
      ups: { mode: 'nut', host: '127.0.0.1', port: nut.port, name: nut.name, pollIntervalMs: 300, timeoutMs: 1500, reconnectMaxMs: 1000, resumeChargePct: 50, lowChargePct: 20, lowRuntimeS: 180, powerOffCommand: powerOff },
    },
    fleet: { mqttUrl: broker.url, telemetryIntervalMs: 60_000, alertCheckMs: 500 },
  };
}

/** The newest retained `state` this kiosk published. */
function lastState(kiosk = 'ADM-3506-UPS1'): Record<string, unknown> | undefined {
  return fleet.messages.filter((m) => m.topic.endsWith(`/${kiosk}/state`)).at(-1)?.json;
}

async function fleetPower(state: string): Promise<Record<string, unknown>> {
  await expect.poll(() => (lastState()?.power as { state?: string } | undefined)?.state, { timeout: 20_000, interval: 100 }).toBe(state);
  return lastState()?.power as Record<string, unknown>;
}

async function signInAndPrint(ui: UiClient, e: DemoEntry): Promise<void> {
  await ui.until((v) => v.screen === 'attract');
  await ui.intent({ type: 'start' }, 'choose-method');
  await ui.intent({ type: 'method', method: 'nik' }, 'nik-pin');
  await ui.intent({ type: 'submitLogin', nik: e.nik, pin: e.loginPin }, 'documents');
  await ui.intent({ type: 'choose', applicationId: e.applicationId }, 'proof');
  await ui.intent({ type: 'submitPin', pin: e.pin }, 'confirm');
  await ui.intent({ type: 'confirm' }, 'printing');
}

function ledger(dataDir: string): Array<{ application_id: string; state: string; registry_sync: string }> {
  const db = new Database(join(dataDir, 'kiosk.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT application_id, state, registry_sync FROM print_ledger ORDER BY created_at').all() as Array<{ application_id: string; state: string; registry_sync: string }>;
  } finally {
    db.close();
  }
}

function powerEvents(dataDir: string): string[] {
  const db = new Database(join(dataDir, 'kiosk.sqlite'), { readonly: true });
  try {
    return (db.prepare("SELECT detail FROM journal WHERE kind = 'power' ORDER BY id").all() as Array<{ detail: string }>).map((r) => (JSON.parse(r.detail) as { event: string }).event);
  } finally {
    db.close();
  }
}

const a4Pdfs = (dataDir: string) => (existsSync(join(dataDir, 'printed', 'a4')) ? readdirSync(join(dataDir, 'printed', 'a4')).filter((f) => f.endsWith('.pdf')).length : 0);

describe('power cuts with a real upsd and dummy-ups', () => {
  it('mains lost mid-print: the print completes once, no new session, fleet on_battery; back on mains: serving; low battery mid-print: the print finishes, clean stop, power-off once', async () => {
    nut.write({ status: 'OL', chargePct: 100, runtimeS: 1800 });
    await nut.served('OL');
    const powerOff = powerOffScript();
    const kiosk: KioskProcess = await startKiosk(kioskConfig(powerOff.argv, 4000));
    cleanups.push(() => kiosk.stop());
    const demo = (await kiosk.devState()).demo.filter((d) => d.expect === 'ready' && d.loginPin && d.pin && DOCUMENT_MEDIA[d.type] === 'a4');
    const [first, second] = [demo[0] as DemoEntry, demo.find((d) => d.nik !== demo[0]?.nik) as DemoEntry];
    const ui = await UiClient.open(kiosk.uiUrl);
    cleanups.push(() => ui.close());
    await fleetPower('mains');

    // 1. Mains lost while the first document prints.
    await signInAndPrint(ui, first);
    nut.write({ status: 'OB DISCHRG', chargePct: 80, runtimeS: 900 });
    const onBattery = await fleetPower('on_battery');
    expect(onBattery).toMatchObject({ status: 'OB DISCHRG', chargePct: 80, runtimeS: 900 });
    expect((lastState()?.service as { reasons: string[] }).reasons).toContain('on-battery');
    expect(ui.last?.screen).toBe('printing');
    await ui.until((v) => v.screen === 'take-document', 30_000);
    await ui.intent({ type: 'finish' }, 'thank-you');
    await ui.intent({ type: 'dismiss' }, 'out-of-service');
    expect(ui.last?.outOfService).toBe('on_battery');
    // No new session: a touch on the glass is refused and the screen stays.
    const seen = ui.views.length;
    ui.send({ type: 'start' });
    await new Promise((r) => setTimeout(r, 1500));
    expect(ui.views.slice(seen).every((v) => v.screen === 'out-of-service')).toBe(true);
    expect(ui.last?.actions).not.toContain('start');
    expect(a4Pdfs(kiosk.dataDir)).toBe(1);

    // 2. Mains back with charge above resumeChargePct: serving again by itself.
    nut.write({ status: 'OL CHRG', chargePct: 81, runtimeS: 950 });
    await fleetPower('mains');
    await ui.until((v) => v.screen === 'attract');
    expect((lastState()?.service as { inService: boolean }).inService).toBe(true);

    // 3. Mains lost again during the second print, then the battery runs low while it prints.
    await signInAndPrint(ui, second);
    nut.write({ status: 'OB DISCHRG', chargePct: 60, runtimeS: 700 });
    await fleetPower('on_battery');
    nut.write({ status: 'OB DISCHRG LB', chargePct: 15, runtimeS: 120 });
    await fleetPower('low_battery');
    const exited = await new Promise<number | null>((resolve) => {
      if (kiosk.child.exitCode !== null) resolve(kiosk.child.exitCode);
      else kiosk.child.once('exit', (code) => resolve(code));
    });
    expect(exited, kiosk.output().split('\n').filter((l) => /shutdown|power\.|stopped|error/i.test(l)).join('\n')).toBe(0);
    // The print under way finished before the kiosk stopped.
    expect(ui.views.some((v) => v.screen === 'take-document' && ui.views.indexOf(v) > seen)).toBe(true);
    // Started detached as the kiosk's last act: it may write its line just after the kiosk exited.
    await expect.poll(() => powerOff.calls(), { timeout: 5000 }).toBe(1);
    const rows = ledger(kiosk.dataDir);
    expect(rows.map((r) => [r.application_id, r.state])).toEqual([
      [first.applicationId, 'printed'],
      [second.applicationId, 'printed'],
    ]);
    expect(rows.filter((r) => ['claimed', 'rendered', 'submitted', 'unknown'].includes(r.state))).toEqual([]);
    expect(a4Pdfs(kiosk.dataDir)).toBe(2);
    expect(powerEvents(kiosk.dataDir)).toEqual(['mains-lost', 'mains-back', 'mains-lost', 'low-battery', 'stopped', 'power-off-requested']);
    const out = kiosk.output();
    expect(out).toContain('"msg":"power.off_requested"');
    expect(out).toContain('"event":"kiosk.stopped","clean":true');
    // The host's own stop signals after the request must not cut the clean stop short: it already ended.
    await new Promise((r) => setTimeout(r, 1500));
    expect(powerOff.calls()).toBe(1);
  }, 180_000);

  it('booting on a battery already low: never opens to citizens, stops cleanly once booted, and asks for power-off once', async () => {
    nut.write({ status: 'OB DISCHRG LB', chargePct: 8, runtimeS: 60 });
    await nut.served('OB DISCHRG LB');
    const powerOff = powerOffScript();
    const data = join(dir.path, 'boot-low');
    const configFile = join(dir.path, 'boot-low.json');
    writeFileSync(configFile, JSON.stringify({ dataDir: data, http: { port: 0 }, log: { level: 'info', pretty: false }, ...kioskConfig(powerOff.argv, 600) }));
    const r = await runAdm(['start', '--config', configFile], { ADM_DATA_DIR: '', ADM_PORT: '' });
    expect(r.code, r.stdout.slice(-3000)).toBe(0);
    expect(r.stdout).toContain('"event":"kiosk.ready"');
    expect(r.stdout).toContain('"reason":"low-battery"');
    // Held out before the kiosk opened: the low-battery decision precedes "ready".
    expect(r.stdout.indexOf('"to":"low_battery"')).toBeGreaterThan(0);
    expect(r.stdout.indexOf('"to":"low_battery"')).toBeLessThan(r.stdout.indexOf('"event":"kiosk.ready"'));
    expect(r.stdout).toContain('"event":"kiosk.stopped","clean":true');
    await expect.poll(() => powerOff.calls(), { timeout: 5000 }).toBe(1);
    await new Promise((res) => setTimeout(res, 1500));
    expect(powerOff.calls()).toBe(1);
    expect(powerEvents(data)).toEqual(['low-battery', 'stopped', 'power-off-requested']);
    expect(ledger(data)).toEqual([]);
  }, 90_000);

  it('boots after a low-battery stop: charging below resumeChargePct holds citizens out, and it opens by itself once charged', async () => {
    nut.write({ status: 'OL CHRG', chargePct: 30, runtimeS: 400 });
    await nut.served('OL CHRG');
    const kiosk = await startKiosk({ ...kioskConfig([], 600), maintenance: { technicianPinHash: await hashPin(TECH_PIN) } });
    cleanups.push(() => kiosk.stop());
    const ui = await UiClient.open(kiosk.uiUrl);
    cleanups.push(() => ui.close());
    const held = await ui.until((v) => v.screen === 'out-of-service');
    expect(held.outOfService).toBe('battery_charging');
    expect((await fleetPower('battery_charging')).chargePct).toBe(30);
    nut.write({ status: 'OL CHRG', chargePct: 55, runtimeS: 800 });
    await ui.until((v) => v.screen === 'attract', 20_000);
    await fleetPower('mains');
    const health = (await (await fetch(`${kiosk.base}/healthz`)).json()) as { power: { state: string; chargePct: number; events: Array<{ event: string }> }; devices: Record<string, { state: string }> };
    expect(health.power).toMatchObject({ state: 'mains', chargePct: 55 });
    expect(health.power.events.map((e) => e.event)).toEqual(['service-resumed']);
    expect(health.devices.ups?.state).toBe('online');
    // The maintenance devices screen: the UPS, the power now and the last power events.
    const api = new MaintenanceApi(kiosk.base);
    expect((await api.signIn(TECH_PIN)).status).toBe(200);
    const overview = await api.get<{ devices: Array<{ id: string; mode: string; status: { device: string }; details: Record<string, unknown>; canSelfTest: boolean }> }>('overview');
    const ups = overview.body.devices.find((d) => d.id === 'ups');
    expect(ups).toMatchObject({ mode: 'nut', status: { device: 'online' }, canSelfTest: true, details: { power: 'mains', upsStatus: 'OL CHRG', chargePct: 55, nutDriver: 'dummy-ups' } });
    expect(ups?.details.powerEvent1).toMatch(/service-resumed \(OL CHRG, 55%, 800 s\)$/);
  }, 120_000);
});
