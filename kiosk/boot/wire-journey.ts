import { scannerPort } from '../journey/scanner-port.ts';
import { SkippableClock, systemClock, type FlowClock } from '../../flows/clock.ts';
import { JourneyHost } from '../../flows/host.ts';
import type { JourneyPorts } from '../../flows/ports.ts';
import { journeySettings } from '../config/journey-settings.ts';
import type { KioskConfig } from '../config/schema.ts';
import { renderDocument } from '../documents/render.ts';
import { trustedRender } from '../documents/seal/trusted-render.ts';
import { configuredTrust } from '../registry/trust-list.ts';
import { CitizenNames } from '../privacy/citizen-names.ts';
import { loadOrCreateNikRefKey } from '../privacy/nik-ref-key.ts';
import { nikRef } from '../../core/nik-mask.ts';
import type { RenderFn } from '../printing/types.ts';
import { localDay } from '../registry/identifiers/dates.ts';
import { launchUrl, mountTouchUi, tokenLaunchUrl } from '../server/ui-mount.ts';
import { LaunchTokens } from '../server/ws/launch-token.ts';
import { loopbackHosts, newSecret, sameSecret } from '../server/ws/lockdown.ts';
import type { AccessEvent } from '../server/ws/protocol.ts';
import { cardPort } from '../journey/card-port.ts';
import { kioskPort } from '../journey/kiosk-port.ts';
import { sessionRecord } from '../journey/session-record.ts';
import { printPorts } from '../printing/journey-ports.ts';
import { receiptSink } from '../printing/receipt.ts';
import type { BootContext } from './context.ts';
import type { KioskBus } from '../bus.ts';
import { busReporter } from '../fleet/bus-reporter.ts';
import type { ServiceState } from '../fleet/service-state.ts';
import type { DeviceBoard } from '../../devices/common/device-board.ts';
import type { DocumentPrintersHandle } from './wire-document-printers.ts';
import type { OpeningHoursHandle } from './wire-opening-hours.ts';
import type { HidDevices } from './wire-hid-devices.ts';
import type { RegistryHandle } from './wire-registry.ts';
import type { SerialDevices } from './wire-serial-devices.ts';

export interface JourneyParts {
  registry: RegistryHandle;
  printers: DocumentPrintersHandle;
  hid: HidDevices;
  serial: SerialDevices;
  service: ServiceState;
  /** Print outcomes, fingerprints and seals are said here (the fleet counts them, never whose). */
  bus: KioskBus;
  /** Opening hours: while closed, the attract screen says when the kiosk opens. */
  hours?: Pick<OpeningHoursHandle, 'opensAt'>;
}

export interface JourneyHandle {
  readonly host: JourneyHost;
  /** The kiosk browser's launch URL with a single-use token, never the secret (valid once the server listens). */
  launchUrl(): string;
  /** Tells `listener` whenever the launch URL changed (its token was spent). */
  onLaunchUrlChange(listener: () => void): () => void;
  /** The clock the flows run on (the dev panel skips it in simulator mode). */
  readonly clock: FlowClock;
  /** The touch UI's URL with this boot's secret: for the person at a laptop in simulator mode only, never a log. */
  secretUiUrl(): string;
  /** The technician's corner gesture on the touchscreen: the kiosk browser goes to maintenance. */
  openMaintenance(): boolean;
  /** Voice guidance and the keypad reach the touch UI through its socket. */
  readonly ui: { sendAccess(event: AccessEvent): boolean; onAttach(listener: () => void): () => void };
  /** True when `given` is this boot's touch UI secret (the speech route checks it). */
  uiAuthorized(given: string | null): boolean;
}

/** Every device simulated (or not fitted): the kiosk on a laptop, where the dev panel makes sense. */
export function simulatorMode(config: KioskConfig): boolean {
  const d = config.devices;
  return (
    (d.cardReader.mode === 'simulated' || (d.cardReader.mode === 'pcsc' && d.cardReader.pcsc.virtualCard)) &&
    d.receiptPrinter.mode === 'simulated' &&
    d.a4Printer.mode === 'simulated' &&
    d.cardPrinter.mode === 'simulated' &&
    d.scanner.mode !== 'hid' &&
    d.touchscreen.mode !== 'hid' &&
    d.keypad.mode !== 'hid' &&
    d.headphoneJack.mode !== 'evdev'
  );
}

/**
 * The citizen journey: the session and print machines on the real registry, print pipeline,
 * devices and service state; the touch UI and its socket; and, in simulator mode, the dev panel.
 */
export function wireJourney(ctx: BootContext, board: DeviceBoard, parts: JourneyParts): JourneyHandle {
  const { config, log, lifecycle } = ctx;
  const clock: FlowClock = simulatorMode(config) ? new SkippableClock() : systemClock;
  const reporter = busReporter(parts.bus);
  const refKey = loadOrCreateNikRefKey(config.dataDir);
  const subjectRef = (nik: string) => nikRef(nik, refKey);

  // Only a seal that chains to the configured trust list is drawn; the package's own office key never decides.
  const trust = configuredTrust(config.trust, config.dataDir);
  if (!trust.ok) log.event('documents.trust_list_refused', { code: trust.error.code, reason: trust.error.message });
  const render: RenderFn = trustedRender(async (pkg, signal) => {
    const r = await renderDocument(pkg.content, pkg.signature, { signal, log });
    if (!r.ok) return { ok: false, error: { code: r.error.code, message: r.error.message } };
    return r;
  }, { trust, log, fleet: reporter });

  // The citizen's NIK and every name the journey sees, held by the redactor while the journey lasts.
  const citizenNames = new CitizenNames(log.redactor);
  const registry = citizenNames.watch(parts.registry.registry);

  const kiosk = kioskPort({ summaries: () => board.summaries(), service: parts.service, pollMs: 500, opensAt: () => parts.hours?.opensAt() ?? null });
  const ports: JourneyPorts = {
    card: cardPort(parts.serial.cardReader, reporter),
    scanner: scannerPort(parts.hid.scanner),
    registry,
    printing: printPorts(
      { ...parts.printers.printDeps(registry, subjectRef), onReview: () => reporter.refresh() },
      render,
      receiptSink(parts.serial.receiptPrinter, { kioskId: config.kiosk.id, location: config.kiosk.location, paperWidthMm: config.devices.receiptPrinter.paperWidthMm, now: ctx.now }),
    ),
    kiosk,
    today: () => localDay(new Date(clock.now())),
  };

  const record = sessionRecord({ log, clock, names: citizenNames, subjectRef, printed: () => reporter.refresh() });
  const host = new JourneyHost({
    ports,
    settings: journeySettings(config),
    clock,
    language: config.kiosk.language,
    onEmitted: record.onEmitted,
    onCrash: record.onCrash,
  });

  let hosts: ReadonlySet<string> | null = null;
  const knownHosts = (): ReadonlySet<string> => {
    if (hosts) return hosts;
    try {
      hosts = loopbackHosts(Number(new URL(ctx.http.url()).port));
      return hosts;
    } catch {
      return new Set();
    }
  };

  const secret = newSecret();
  const launch = new LaunchTokens();
  const perSecond = ctx.config.http.uiIntentsPerSecond;
  const socket = mountTouchUi(ctx.http.routes, { journey: host, secret, launch, hosts: knownHosts, log, limits: { perSecond, burst: perSecond * 2 } });

  const handle: JourneyHandle = {
    host,
    clock,
    launchUrl: () => tokenLaunchUrl(ctx.http.url(), launch.current),
    onLaunchUrlChange: (listener) => launch.onRotate(() => listener()),
    secretUiUrl: () => launchUrl(ctx.http.url(), secret),
    openMaintenance: () => socket.openMaintenance(),
    ui: { sendAccess: (e) => socket.sendAccess(e), onAttach: (l) => socket.onAttach(l) },
    uiAuthorized: (given) => sameSecret(given, secret),
  };
  // The hidden entry, seen by the runtime (the touchscreen's corner gesture): the browser goes to maintenance.
  const offEntry = parts.bus.on('maintenance.entryRequested', (e) => {
    if (e.source === 'gesture') socket.openMaintenance();
  });

  lifecycle.add('journey', async (signal) => {
    // A document being printed is finished (or parked in the ledger) before anything below closes.
    while (host.printing() && !signal.aborted) await new Promise((r) => setTimeout(r, 100));
    offEntry();
    await socket.close();
    host.stop();
    kiosk.close();
  });

  return handle;
}
