import { ok } from '../../core/result.ts';
import type { BootContext } from './context.ts';
import type { DeviceBoard } from '../../devices/common/device-board.ts';
import type { DocumentPrintersHandle } from './wire-document-printers.ts';
import type { KioskBus } from '../bus.ts';
import type { FleetSources } from '../fleet/sources.ts';
import type { HidDevices } from './wire-hid-devices.ts';
import type { SerialDevices } from './wire-serial-devices.ts';
import type { ServiceState } from '../fleet/service-state.ts';
import type { Registry } from '../../core/registry.ts';
import type { RegistryLink } from '../registry/link-health.ts';
import { hoursView } from '../opening-hours/health.ts';
import type { OpeningHoursHandle } from './wire-opening-hours.ts';
import { loadOrCreateAuditKey } from '../maintenance/audit-key.ts';
import { CardReaderDevice } from '../maintenance/devices/card-reader.ts';
import { DocumentPrinterDevice } from '../maintenance/devices/document-printer.ts';
import { ScannerDevice, TouchscreenDevice } from '../maintenance/devices/hid-devices.ts';
import { HeadphoneJackDevice, KeypadDevice } from '../maintenance/devices/access-devices.ts';
import type { KeypadDriver } from '../../devices/keypad/driver.ts';
import type { HeadphoneJackDriver } from '../../devices/headphone-jack/driver.ts';
import type { SpeechService } from '../speech/speech-service.ts';
import { ReceiptPrinterDevice } from '../maintenance/devices/receipt-printer.ts';
import type { MaintenanceDevice } from '../maintenance/devices/types.ts';
import { UpsDevice } from '../maintenance/devices/ups.ts';
import type { PowerHandle } from './wire-power.ts';
import { Maintenance, type CitizenFlow } from '../maintenance/maintenance.ts';
import type { CitizenMessage } from '../maintenance/service-notice.ts';
import { technicianCardOf } from '../maintenance/technician-card.ts';
import { addMaintenanceRoutes } from '../maintenance/server/routes.ts';
import { loopbackHosts } from '../maintenance/server/lockdown.ts';

export interface MaintenanceWiring {
  /** The fleet's service state: maintenance parks the citizen flow through its `technician` reason. */
  service: ServiceState;
  board: DeviceBoard;
  /** Maintenance says here when the fleet should look again, and when its hidden entry was used. */
  bus: KioskBus;
  /** The citizen journey (`JourneyHost` fits): entering waits for a print under way. */
  citizens?: CitizenFlow;
  registry?: Pick<Registry, 'confirmPrinted' | 'release'>;
  serial?: Pick<SerialDevices, 'cardReader' | 'receiptPrinter'>;
  hid?: Pick<HidDevices, 'scanner' | 'touchscreen'>;
  printers?: Pick<DocumentPrintersHandle, 'printers' | 'ledger'>;
  /** Opening hours and the registry link, shown on the devices screen. */
  hours?: Pick<OpeningHoursHandle, 'hours' | 'state'>;
  link?: Pick<RegistryLink, 'snapshot'>;
  power?: Pick<PowerHandle, 'ups' | 'snapshot' | 'recentEvents'>;
  /** The accessibility keypad, the headphone jack and speech, for the self-test. */
  access?: { keypad: KeypadDriver; jack: HeadphoneJackDriver; speech: SpeechService };
}

export interface MaintenanceHandle {
  readonly maintenance: Maintenance;
  /** What the fleet reads of maintenance: ribbon and receipt roll, and a remote operator's view and answer on an unknown print. */
  readonly fleetSources: Pick<FleetSources, 'consumables' | 'printEvidence' | 'resolvePrint'>;
  /** The technician's message for the out-of-service screen, when one is set. */
  citizenNotice(): { technicianHold: boolean; message: CitizenMessage | null };
}

/** How long a technician has to place a finger after the card was read. */
const TECHNICIAN_FINGER_MS = 20_000;

/**
 * Maintenance mode: its own app at /maintenance/ (page + JSON API on the kiosk's loopback server),
 * the vendor-mode machine that parks the citizen flow through the service state, adapters over
 * every wired device, the touchscreen's hidden gesture, and ribbon and receipt-roll counters added
 * to what the fleet reports.
 */
export function wireMaintenance(ctx: BootContext, w: MaintenanceWiring, options: { rateClock?: () => number } = {}): MaintenanceHandle {
  const { config, log } = ctx;
  const op = config.timeouts.deviceOperationMs;
  const devices: MaintenanceDevice[] = [];
  if (w.printers) {
    const jobTimeoutMs = config.timeouts.printJobMs;
    devices.push(new DocumentPrinterDevice({ printer: w.printers.printers.a4, mode: config.devices.a4Printer.mode, operationTimeoutMs: op, jobTimeoutMs, now: ctx.now }));
    devices.push(new DocumentPrinterDevice({ printer: w.printers.printers.card, mode: config.devices.cardPrinter.mode, operationTimeoutMs: op, jobTimeoutMs, now: ctx.now }));
  }
  if (w.serial) {
    devices.push(new CardReaderDevice(w.serial.cardReader, op));
    devices.push(new ReceiptPrinterDevice({ printer: w.serial.receiptPrinter, kioskId: config.kiosk.id, operationTimeoutMs: op, now: ctx.now }));
  }
  if (w.hid) devices.push(new ScannerDevice(w.hid.scanner), new TouchscreenDevice(w.hid.touchscreen));
  const power = w.power;
  if (power?.ups) devices.push(new UpsDevice({ ups: power.ups, power: () => power.snapshot(), recentEvents: (n) => power.recentEvents(n) }));
  if (w.access) devices.push(new KeypadDevice(w.access.keypad), new HeadphoneJackDevice(w.access.jack, w.access.speech));

  const hours = w.hours;
  const link = w.link;
  const maintenance = new Maintenance({
    config,
    log,
    db: ctx.store.db,
    journal: ctx.store.journal,
    service: w.service,
    summaries: () => w.board.summaries(),
    auditKey: loadOrCreateAuditKey(config.dataDir, config.maintenance.auditKeyFile),
    startedAt: ctx.startedAt,
    now: ctx.now,
    fleetRefresh: () => w.bus.emit('fleet.refresh', {}),
    devices,
    ...(w.citizens ? { citizens: w.citizens } : {}),
    ...(w.serial ? { card: technicianCardOf(w.serial.cardReader, { operationTimeoutMs: op, fingerTimeoutMs: TECHNICIAN_FINGER_MS }) } : {}),
    ...(w.printers ? { ledger: w.printers.ledger, printers: w.printers.printers } : {}),
    ...(w.registry ? { registry: w.registry } : {}),
    ...(hours ? { openingHours: () => hoursView(hours) } : {}),
    ...(link ? { registryLink: () => link.snapshot() } : {}),
  });
  const offEntry = maintenance.onEntryRequested((source) => w.bus.emit('maintenance.entryRequested', { source }));
  const touchscreen = w.hid?.touchscreen;
  const onGesture = () => maintenance.requestEntry('gesture');
  touchscreen?.on('technicianGesture', onGesture);

  addMaintenanceRoutes(ctx.http.routes, {
    maintenance,
    log,
    hosts: () => loopbackHosts(Number(new URL(ctx.http.url()).port || 80)),
    ...(options.rateClock ? { now: options.rateClock } : {}),
  });
  ctx.lifecycle.add('maintenance', {
    start: () => maintenance.start(),
    stop: () => {
      touchscreen?.off('technicianGesture', onGesture);
      offEntry();
      maintenance.close();
    },
  });

  return {
    maintenance,
    fleetSources: {
      consumables: () => maintenance.consumables.forFleet(),
      // A remote operator sees the same evidence and is held to the same checks and audit as a technician.
      printEvidence: (ledgerId) => maintenance.printEvidence(ledgerId),
      resolvePrint: async (ledgerId, decision, note, by) => {
        const r = await maintenance.resolvePrint({ ref: by, method: 'fleet' }, ledgerId, decision, note);
        return r.ok ? ok({ state: r.value.row.state, resolvedBy: r.value.row.resolvedBy, registryTold: r.value.registryTold, reason: r.value.row.reason }) : r;
      },
    },
    citizenNotice: () => maintenance.citizenNotice(),
  };
}
