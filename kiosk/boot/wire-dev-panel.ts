import type { BootContext } from './context.ts';
import type { SkippableClock } from '../../flows/clock.ts';
import { mountDevPanel } from '../devpanel/devpanel.ts';
import type { HeadphoneJackSimulator } from '../../devices/headphone-jack/simulator.ts';
import type { UpsSimulator } from '../../devices/ups/simulator.ts';
import type { ServiceState } from '../fleet/service-state.ts';
import { demoSet } from '../registry/demo/demo-set.ts';
import { localDay } from '../registry/identifiers/dates.ts';
import { launchUrl } from '../server/ui-mount.ts';
import { writeSimulatorUrls } from '../server/simulator-urls.ts';
import { newSecret } from '../server/ws/lockdown.ts';
import type { DocumentPrintersHandle } from './wire-document-printers.ts';
import type { HidDevices } from './wire-hid-devices.ts';
import { simulatorMode, type JourneyHandle } from './wire-journey.ts';
import type { RegistryHandle } from './wire-registry.ts';
import type { SerialDevices } from './wire-serial-devices.ts';

export interface DevPanelParts {
  journey: JourneyHandle;
  registry: RegistryHandle;
  printers: DocumentPrintersHandle;
  hid: HidDevices;
  serial: SerialDevices;
  service: ServiceState;
  /** The simulated upsd; null with a real UPS or none. */
  ups: UpsSimulator | null;
  /** The headphone jack's simulator; null when the jack is real or absent. */
  headphoneJack: HeadphoneJackSimulator | null;
}

/**
 * In simulator mode (every device simulated: a laptop), the dev panel at /devpanel/ with its own
 * secret drives the far ends of every device. Once the server listens, the launch URLs are logged
 * without their secrets, and the URLs with them go to a file only the kiosk's user reads.
 */
export function wireDevPanel(ctx: BootContext, parts: DevPanelParts): void {
  const { config, log } = ctx;
  const devSecret = simulatorMode(config) ? newSecret() : null;
  if (devSecret) {
    const sims = parts.serial.simulators;
    const embedded = parts.registry.embedded;
    const host = parts.journey.host;
    mountDevPanel(ctx.http.routes, {
      secret: devSecret,
      hosts: () => ctx.http.hosts(),
      log,
      targets: {
        cardReader: sims.cardReader,
        cardReaderLink: parts.serial.links.cardReader,
        receiptPrinter: sims.receiptPrinter,
        receiptPrinterLink: parts.serial.links.receiptPrinter,
        scanner: parts.hid.simulators.scanner,
        touchscreen: parts.hid.simulators.touchscreen,
        keypad: parts.hid.simulators.keypad,
        headphoneJack: parts.headphoneJack,
        printers: parts.printers.simulators,
        clock: parts.journey.clock as SkippableClock,
        service: parts.service,
        ups: parts.ups,
        demo: () => (embedded ? demoSet(embedded.meta('seeded_on') ?? localDay(ctx.now())) : []),
        screen: () => host.current().view.screen,
      },
    });
  }

  // After the server's own listen callback has recorded its address.
  ctx.http.server.once('listening', () => setImmediate(() => {
    log.event('ui.launch_urls', { ui: `${ctx.http.url()}/`, devPanel: devSecret ? `${ctx.http.url()}/devpanel/` : null });
    // On a laptop a person opens these by hand; on a kiosk the URL goes to the browser session by
    // file. They hold secrets, so they go to a file only the kiosk's user reads, and to the screen
    // only when a person is at a terminal: never to a log, a journal or an export.
    if (devSecret) {
      const { path, text } = writeSimulatorUrls(config.dataDir, { ui: parts.journey.secretUiUrl(), devPanel: launchUrl(ctx.http.url(), devSecret, '/devpanel/') });
      process.stdout.write(process.stdout.isTTY ? text : `Touch UI and dev panel URLs (with their secrets): ${path}\n`);
    }
  }));
}
