import { areaContext } from '../support/boot-context.ts';
import { createActor, SimulatedClock } from 'xstate';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceStatus, DeviceSummary } from '../../core/device-status.ts';
import type { JourneyPorts, PrintHandle } from '../../flows/ports.ts';
import { createSessionMachine } from '../../flows/session/session-machine.ts';
import { viewOf, viewSchema } from '../../flows/view.ts';
import { DeviceBoard } from '../../devices/common/device-board.ts';
import { kioskPort } from '../../kiosk/journey/kiosk-port.ts';
import { wireFleet } from '../../kiosk/boot/wire-fleet.ts';
import { wireService } from '../../kiosk/boot/wire-service.ts';
import { KioskBus } from '../../kiosk/bus.ts';
import { wireOpeningHours } from '../../kiosk/boot/wire-opening-hours.ts';
import { FleetView, shownStatus } from '../../kiosk/fleet/monitor/fleet-view.ts';
import { ok } from '../../core/result.ts';
import { CITIZEN, LISTINGS, NIK, SETTINGS } from '../flows/support/fixtures.ts';
import { statePath } from '../flows/support/harness.ts';
import { ScriptedPorts, settle } from '../flows/support/scripted-ports.ts';
import { Mosquitto } from '../support/mosquitto.ts';
import { tempDir } from '../support/temp-dir.ts';
import { Capture, type Captured } from '../fleet/support/capture.ts';

/**
 * A day at a kecamatan office, on an injected clock: the kiosk's opening hours, its service state,
 * its fleet side on a real mosquitto, the real kiosk port and the real session machine (devices and
 * registry scripted). Open at 08:00 → a citizen still printing at 15:00 finishes → closed, with the
 * printers switched off for the night and no device alert → open again the next morning.
 */
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const HOURS = { timezone: 'Asia/Jakarta', weekly: { mon: ['08:00-15:00'], tue: ['08:00-15:00'], wed: ['08:00-15:00'], thu: ['08:00-15:00'], fri: ['08:00-15:00'] } };
const handle = (over: Partial<PrintHandle> = {}): PrintHandle => ({ ledgerId: 'L0001', application: LISTINGS[0]!.application, pages: 1, ...over });

async function kioskOnAClock(brokerUrl: string, start: Date) {
  const dir = tempDir('day-walk');
  cleanups.push(() => dir.remove());
  const clock = { now: start };
  const { ctx, lifecycle, lines } = await areaContext(
    { dataDir: dir.path, kiosk: { id: 'ADM-3506-D001', regionCode: '3506' }, fleet: { mqttUrl: brokerUrl, alertCheckMs: 60_000, telemetryIntervalMs: 60_000 }, openingHours: HOURS },
    () => clock.now,
  );
  cleanups.push(() => lifecycle.shutdown(3000));
  const since = start.toISOString();
  const status: Record<'a4Printer' | 'cardPrinter', DeviceStatus> = {
    a4Printer: { device: 'online', paper: 'full', reasons: [], since },
    cardPrinter: { device: 'online', media: 'present', reasons: [], since },
  };
  const board = new DeviceBoard();
  for (const id of ['a4Printer', 'cardPrinter'] as const) board.add((): DeviceSummary => ({ id, mode: 'simulated', status: status[id] }));
  const service = wireService(ctx, board);
  const hours = wireOpeningHours(ctx, service);
  const fleet = { ...wireFleet(ctx, { board, service, bus: new KioskBus() }), service };
  await lifecycle.start();
  const port = kioskPort({ summaries: () => board.summaries(), service, pollMs: 20, opensAt: () => hours.opensAt() });
  cleanups.push(() => port.close());
  return { clock, status, fleet, hours, port, lines };
}

/** Device alerts raised on the event topic. */
const deviceAlertsRaised = (m: Captured[]) => m.filter((x) => x.topic.endsWith('/event') && String(x.json.kind).startsWith('device.') && x.json.active === true);

describe('a day on the injected clock', () => {
  it('open → closed at 15:00 (the print under way finishes first) → open next morning; the fleet shows closed with no device alerts', async () => {
    const broker = await Mosquitto.start();
    cleanups.push(() => broker.close());
    const capture = await Capture.open(broker.url);
    cleanups.push(() => capture.close());
    // Monday 7 December 2026, 07:30 WIB.
    const k = await kioskOnAClock(broker.url, new Date('2026-12-07T00:30:00Z'));
    const agent = k.fleet.agent;
    if (!agent) throw new Error('expected a fleet agent');

    // The session machine on the real kiosk port, with scripted devices and registry.
    const scripted = new ScriptedPorts();
    const ports: JourneyPorts = { card: scripted.card, scanner: scripted.scanner, registry: scripted.registry, printing: scripted.printing, kiosk: k.port, today: () => '2026-12-07' };
    const sessionClock = new SimulatedClock();
    const actor = createActor(createSessionMachine(ports, SETTINGS), { clock: sessionClock, input: { kiosk: k.port.status(), language: 'id' } });
    actor.start();
    cleanups.push(() => actor.stop());
    const at = () => statePath(actor.getSnapshot().value);
    const view = () => viewSchema.parse(viewOf(actor.getSnapshot()));
    const answer = async (name: string, value: unknown) => {
      scripted.answer(name, value);
      await settle();
    };
    const send = async (e: Parameters<typeof actor.send>[0]) => {
      actor.send(e);
      await settle();
    };
    const monitor = new FleetView();
    let applied = 0;
    const show = () => {
      for (const m of capture.messages.slice(applied)) monitor.apply(m.topic, m.text, Date.now());
      applied = capture.messages.length;
      const kiosk = monitor.get('3506', 'ADM-3506-D001');
      return kiosk ? shownStatus(kiosk) : 'none';
    };
    const seen = capture.messages;

    // 07:30: closed before opening. The screen says when it opens; nobody can start.
    await capture.until((m) => m.some((x) => x.topic.endsWith('/state') && (x.json.service as { reasons?: string[] } | undefined)?.reasons?.includes('closed-hours') === true), 5000, 'state closed-hours');
    expect(at()).toBe('outOfService');
    expect(view()).toMatchObject({ screen: 'out-of-service', outOfService: 'closed', opensAt: '2026-12-07T08:00:00+07:00' });
    expect(actor.getSnapshot().can({ type: 'start' })).toBe(false);
    // The printers are still switched off from the night: no alert while closed.
    k.status.a4Printer.device = 'powerOff';
    k.status.cardPrinter.device = 'powerOff';
    agent.checkAlerts();
    expect(show()).toBe('closed');

    // 07:50 the staff switch the printers on; 08:00 the kiosk opens.
    k.status.a4Printer.device = 'online';
    k.status.cardPrinter.device = 'online';
    k.clock.now = new Date('2026-12-07T01:00:00Z');
    k.hours.check();
    await settle();
    expect(k.hours.state()?.open).toBe(true);
    await capture.until((m) => m.some((x) => x.topic.endsWith('/state') && (x.json.service as { inService?: boolean } | undefined)?.inService === true), 5000, 'in service at 08:00');
    expect(at()).toBe('attract');
    expect(show()).toBe('online');

    // 14:58: a citizen signs in and prints; the printer is still working at 15:00.
    k.clock.now = new Date('2026-12-07T07:58:00Z');
    await send({ type: 'start' });
    await send({ type: 'method', method: 'nik' });
    await send({ type: 'submitLogin', nik: NIK, pin: '123456' });
    await answer('registry.signInWithPin', ok(CITIZEN));
    await answer('registry.listDocuments', ok(LISTINGS));
    await send({ type: 'choose', applicationId: 'app-kk' });
    await send({ type: 'submitPin', pin: '654321' });
    await send({ type: 'confirm' });
    await answer('print.claim', ok(handle({ pages: null })));
    await answer('print.render', ok(handle({ pages: 2 })));
    await answer('print.submit', ok(handle({ pages: 2 })));
    expect(at()).toBe('printing');

    k.clock.now = new Date('2026-12-07T08:00:00Z'); // 15:00 WIB
    k.hours.check();
    await settle();
    expect(k.hours.state()?.open).toBe(false);
    expect(k.fleet.service.has('closed-hours')).toBe(true);
    // The print under way is not interrupted, nor is the citizen's session.
    expect(at()).toBe('printing');
    await answer('print.watch', ok({ ...handle({ pages: 2 }), registryConfirmed: true }));
    await answer('print.receipt', ok(undefined));
    expect(at()).toBe('takeDocument');
    expect(actor.getSnapshot().context.outcome).toMatchObject({ kind: 'printed' });
    await send({ type: 'finish' });
    expect(at()).toBe('thankYou');
    sessionClock.increment(SETTINGS.thankYouMs);
    await settle();
    // Only now, with the citizen gone, does the screen close; it names Tuesday 08:00.
    expect(at()).toBe('outOfService');
    expect(view()).toMatchObject({ outOfService: 'closed', opensAt: '2026-12-08T08:00:00+07:00' });
    expect(actor.getSnapshot().context.citizen).toBeNull();

    // 15:30 the printers are switched off for the night; the fleet is told closed, not lost, and no alert.
    k.clock.now = new Date('2026-12-07T08:30:00Z');
    k.status.a4Printer.device = 'powerOff';
    k.status.a4Printer.since = k.clock.now.toISOString();
    k.status.cardPrinter.device = 'offline';
    agent.checkAlerts();
    await agent.publishTelemetry();
    await capture.until((m) => m.some((x) => x.topic.endsWith('/telemetry') && (x.json.devices as Record<string, { state: string }> | undefined)?.a4Printer?.state === 'powerOff'), 5000, 'night telemetry');
    expect(show()).toBe('closed');
    expect(agent.alerts.active().filter((a) => a.kind.startsWith('device.'))).toEqual([]);
    expect(monitor.summary()).toMatchObject({ closed: 1, lost: 0, online: 0 });

    // 03:00 at night: still closed, still no alert.
    k.clock.now = new Date('2026-12-07T20:00:00Z');
    agent.checkAlerts();
    expect(k.hours.state()?.open).toBe(false);
    expect(at()).toBe('outOfService');

    // Tuesday 08:00: open again by itself. The A4 printer is still off: now that is an alert.
    k.status.cardPrinter.device = 'online';
    k.clock.now = new Date('2026-12-08T01:00:00Z');
    k.hours.check();
    await settle();
    expect(k.hours.state()?.open).toBe(true);
    expect(k.fleet.service.has('closed-hours')).toBe(false);
    await capture.until((m) => deviceAlertsRaised(m).length > 0, 5000, 'the A4 printer alert once open');
    expect(show()).toBe('online');
    expect(at()).toBe('attract');

    // Between closing and opening the fleet saw no device alert at all.
    const closedAt = '2026-12-07T08:00:00.000Z';
    const openedAt = '2026-12-08T01:00:00.000Z';
    const raised = deviceAlertsRaised(seen);
    expect(raised.filter((x) => String(x.json.at) >= closedAt && String(x.json.at) < openedAt)).toEqual([]);
    expect(raised.map((x) => [x.json.kind, x.json.subject])).toEqual([['device.offline', 'a4Printer']]);
    expect(k.lines.filter((l) => l.event === 'hours.closed').map((l) => l.opensAt)).toEqual(['2026-12-07T08:00:00+07:00', '2026-12-08T08:00:00+07:00']);
  });
});
