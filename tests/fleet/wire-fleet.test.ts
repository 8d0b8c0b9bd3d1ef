import { areaContext } from '../support/boot-context.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { DeviceBoard } from '../../devices/common/device-board.ts';
import { wireFleet } from '../../kiosk/boot/wire-fleet.ts';
import { wireService } from '../../kiosk/boot/wire-service.ts';
import { KioskBus } from '../../kiosk/bus.ts';
import { busReporter } from '../../kiosk/fleet/bus-reporter.ts';
import type { FleetSources } from '../../kiosk/fleet/sources.ts';
import type { DeviceStatus, DeviceSummary } from '../../core/device-status.ts';
import { Mosquitto } from '../support/mosquitto.ts';
import { tempDir } from '../support/temp-dir.ts';
import { Capture } from './support/capture.ts';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function boot(fleetConfig: Record<string, unknown>, sources: Partial<FleetSources> = {}) {
  const dir = tempDir('wire-fleet');
  cleanups.push(() => dir.remove());
  const { ctx, lifecycle, lines } = await areaContext({ dataDir: dir.path, fleet: { alertCheckMs: 200, ...fleetConfig } });
  cleanups.push(() => lifecycle.shutdown(3000));
  const board = new DeviceBoard();
  const status: Record<'a4Printer' | 'cardPrinter', DeviceStatus> = {
    a4Printer: { device: 'online', paper: 'full', reasons: [], since: new Date().toISOString() },
    cardPrinter: { device: 'online', media: 'present', reasons: [], since: new Date().toISOString() },
  };
  for (const id of ['a4Printer', 'cardPrinter'] as const) board.add((): DeviceSummary => ({ id, mode: 'simulated', status: status[id] }));
  const service = wireService(ctx, board);
  const bus = new KioskBus();
  const fleetHandle = wireFleet(ctx, { board, service, bus, sources });
  await lifecycle.start();
  // What the journey and maintenance report, they say on the bus.
  const fleet = { ...fleetHandle, service, reporter: busReporter(bus) };
  return { fleet, status, lines, lifecycle };
}

async function waitFor(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('wireFleet', () => {
  it('without a broker: no agent, but the service state works and follows what can be printed', async () => {
    const { fleet, status, lines } = await boot({});
    expect(fleet.agent).toBeNull();
    expect(lines.map((l) => l.event)).toContain('fleet.disabled');
    expect(fleet.service.inService).toBe(true);
    status.a4Printer.device = 'offline';
    status.cardPrinter.media = 'notPresent';
    await waitFor(() => fleet.service.has('no-printable-document'), 'out of service with nothing printable');
    status.cardPrinter.media = 'present';
    await waitFor(() => fleet.service.inService, 'back once KTP-el and KIA can be printed');
    fleet.reporter.fingerprintFailure(); // a no-op without a broker, never a crash
  });

  it('with a broker: reports device alerts and stops with an offline state at shutdown', async () => {
    const broker = await Mosquitto.start();
    cleanups.push(() => broker.close());
    const capture = await Capture.open(broker.url);
    cleanups.push(() => capture.close());
    const { fleet, status, lines, lifecycle } = await boot({ mqttUrl: broker.url }, { registryReachable: () => false });
    expect(fleet.agent).not.toBeNull();
    expect(lines.find((l) => l.event === 'fleet.command_key_missing')).toBeDefined();
    status.a4Printer.paper = 'out';
    await capture.until((m) => m.some((x) => x.json.kind === 'paper.out' && x.json.active === true), 5000, 'paper.out alert');
    fleet.reporter.refresh();
    await fleet.agent?.publishTelemetry();
    await capture.until((m) => m.some((x) => x.topic.endsWith('/telemetry') && x.json.registryReachable === false), 5000, 'registry reachability from a later source');
    expect(await lifecycle.shutdown(3000)).toBe(true);
    await capture.until((m) => m.some((x) => x.topic.endsWith('/state') && x.json.status === 'offline'), 5000, 'offline state');
    expect(lines.map((l) => l.event)).toContain('fleet.stopped');
  });
});
