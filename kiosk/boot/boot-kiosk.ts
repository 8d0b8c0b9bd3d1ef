import type { KioskConfig } from '../config/schema.ts';
import type { KioskLogger } from '../log/logger.ts';
import { mkdirSync } from 'node:fs';
import { lockDataDir } from '../firmware/file-access.ts';
import { Lifecycle } from '../lifecycle.ts';
import { openKioskStore, type KioskStore } from '../store/kiosk-store.ts';
import type { StoreOpenError } from '../store/errors.ts';
import { createHttpServer, type HttpServer } from '../server/http-server.ts';
import { addHealthRoute } from '../server/healthz.ts';
import { type BootContext } from './context.ts';
import { DeviceBoard } from '../../devices/common/device-board.ts';
import { wireFirmware } from './wire-firmware.ts';
import { wireFleet } from './wire-fleet.ts';
import { wireService } from './wire-service.ts';
import { wireDevPanel } from './wire-dev-panel.ts';
import { KioskBus } from '../bus.ts';
import { wireRegistry } from './wire-registry.ts';
import { wireJourney, type JourneyHandle } from './wire-journey.ts';
import { wireDocumentPrinters } from './wire-document-printers.ts';
import { wireHidDevices } from './wire-hid-devices.ts';
import { wireSerialDevices, type SerialDevices } from './wire-serial-devices.ts';
import { wireMaintenance } from './wire-maintenance.ts';
import { wireOpeningHours } from './wire-opening-hours.ts';
import { wireRegistryLink } from './wire-registry-link.ts';
import { hoursView } from '../opening-hours/health.ts';
import { wirePower, wirePowerOff, type PowerHandle } from './wire-power.ts';
import { wireGuidance, wireHeadphoneJack } from './wire-accessibility.ts';
import { VERSION } from '../version.ts';
import { err, ok, type Result } from '../../core/result.ts';

export interface Kiosk {
  readonly config: KioskConfig;
  readonly log: KioskLogger;
  readonly store: KioskStore;
  readonly http: HttpServer;
  readonly devices: DeviceBoard;
  readonly lifecycle: Lifecycle;
  /** The citizen journey and its touch UI (tests drive and inspect it). */
  readonly journey: JourneyHandle;
  /** The UPS and what the kiosk makes of the power (tests drive the simulated upsd through it). */
  readonly power: PowerHandle;
  /** The serial devices' simulators, in simulator mode (the receipts a test reads). */
  readonly simulators: SerialDevices['simulators'];
  /** Bounded shutdown; true when every step finished cleanly. */
  close(): Promise<boolean>;
}

export type BootError =
  | { step: 'store'; error: StoreOpenError; message: string }
  | { step: 'http'; message: string };

/**
 * The composition root: builds every area in order from what the areas before it built, starts
 * them (lifecycle), then listens. Each area is built in its `wire-<area>.ts` from a `BootContext`;
 * nothing below this file reads configuration itself.
 */
export async function bootKiosk(config: KioskConfig, log: KioskLogger): Promise<Result<Kiosk, BootError>> {
  const startedAt = Date.now();
  log.event('kiosk.starting', { version: VERSION, kioskId: config.kiosk.id, dataDir: config.dataDir });
  const lifecycle = new Lifecycle(log);

  // The data directory is the runtime's alone (`adm start` sets umask 0077 for what it creates):
  // whatever an older version, a restore by hand or a wide umask left is narrowed before anything is read.
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const narrowed = lockDataDir(config.dataDir);
  if (narrowed.length > 0) log.event('kiosk.data_modes_narrowed', { count: narrowed.length, first: narrowed.slice(0, 5) });
  const store = openKioskStore(config.dataDir, log);
  if (!store.ok) return err({ step: 'store', error: store.error, message: store.error.message });
  lifecycle.add('store', { outermost: true, stop: () => store.value.close() });

  const http = createHttpServer({ host: config.http.host, port: config.http.port, log });
  const devices = new DeviceBoard();
  const bus = new KioskBus((event, error) => log.event('kiosk.bus_listener_failed', { event, error: error.message }));
  const ctx: BootContext = { config, log, store: store.value, lifecycle, http, now: () => new Date(), startedAt };
  // Each area is built from what the areas before it built; building starts nothing. Then every
  // area starts in this order (the store, the power-off request and the fleet first), and stops in reverse.
  const powerOff = wirePowerOff(ctx);
  const service = wireService(ctx, devices);
  const registry = wireRegistry(ctx);
  // The registry link and the opening hours hold the kiosk closed through the service state.
  wireRegistryLink(ctx, registry, service);
  const hours = wireOpeningHours(ctx, service);
  const hid = await wireHidDevices(ctx, devices);
  const headphoneJack = await wireHeadphoneJack(ctx, devices);
  const serialDevices = await wireSerialDevices(ctx, devices, { lookup: (nik) => registry.embedded?.findPerson(nik) });
  // Unfinished prints are settled before the kiosk opens.
  const printers = await wireDocumentPrinters(ctx, devices, { registry: registry.registry });

  const health = addHealthRoute(http.routes, { kioskId: config.kiosk.id, startedAt, board: devices, hosts: () => http.hosts(), log });
  health.add('openingHours', () => hoursView(hours));
  health.add('registryLink', () => registry.link.snapshot());
  // The citizen journey and its touch UI.
  const journey = wireJourney(ctx, devices, { registry, printers, hid, serial: serialDevices, service, bus, hours });
  // The UPS: its start waits for the first reading, so a kiosk booting on battery never opens; a low battery waits for a print under way.
  const power = await wirePower(ctx, devices, { service, powerOff, bus, printing: () => journey.host.printing() });
  if (power.ups) health.add('power', () => ({ ...power.snapshot(), events: power.recentEvents(5) }));
  // Whether a citizen is at the kiosk (the screen's name only), for the power-off after closing.
  health.add('citizen', () => ({ screen: journey.host.current().view.screen, printing: journey.host.printing() }));
  // In simulator mode, the dev panel drives every simulated device.
  wireDevPanel(ctx, { journey, registry, printers, hid, serial: serialDevices, service, ups: power.simulator, headphoneJack: headphoneJack.simulator });
  // Voice guidance and the keypad on the touch UI; the jack and keypad drive it.
  const guidance = wireGuidance(ctx, { keypad: hid.keypad, jack: headphoneJack.driver, journey, health });
  // Maintenance mode at /maintenance/: parks the journey through the service state before a technician works.
  const maintenance = wireMaintenance(ctx, { service, board: devices, bus, citizens: journey.host, registry: registry.registry, serial: serialDevices, hid, printers, hours, link: registry.link, power, access: { keypad: hid.keypad, jack: headphoneJack.driver, speech: guidance.speech } });
  // Last built, first started: the fleet reports on every area above and hears them on the bus.
  wireFleet(ctx, {
    board: devices,
    service,
    bus,
    sources: {
      registryReachable: registry.reachable,
      registryLink: () => ({ down: registry.link.down, downForMs: registry.link.snapshot().downForMs, lastError: registry.link.snapshot().lastError }),
      ...(power.ups ? { power: () => power.snapshot() } : {}),
      guidanceSessions: () => guidance.guidance.sessionsWithGuidance,
      ...maintenance.fleetSources,
    },
  });

  await lifecycle.start();
  try {
    await http.listen();
  } catch (e) {
    await lifecycle.shutdown(config.timeouts.shutdownMs);
    return err({ step: 'http', message: `cannot listen on ${config.http.host}:${config.http.port}: ${(e as Error).message}` });
  }
  lifecycle.add('http', () => http.close());

  // Last: the boot self-test, then READY=1 and the watchdog for systemd.
  await wireFirmware(ctx, devices, { service, launchUrl: journey.launchUrl, onLaunchUrlChange: journey.onLaunchUrlChange, health });
  log.event('kiosk.ready', { url: http.url(), bootMs: Date.now() - startedAt });
  return ok({
    config,
    log,
    store: store.value,
    http,
    devices,
    lifecycle,
    journey,
    power,
    simulators: serialDevices.simulators,
    close: () => lifecycle.shutdown(config.timeouts.shutdownMs),
  });
}
