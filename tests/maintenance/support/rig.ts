import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { type BootContext } from '../../../kiosk/boot/context.ts';
import { DeviceBoard } from '../../../devices/common/device-board.ts';
import { wireMaintenance, type MaintenanceHandle } from '../../../kiosk/boot/wire-maintenance.ts';
import { KioskBus } from '../../../kiosk/bus.ts';
import type { CitizenFlow } from '../../../kiosk/maintenance/maintenance.ts';
import type { RegistryOutcomes } from '../../../kiosk/printing/registry-sync.ts';
import { UnavailableRegistry } from '../../../kiosk/registry/unavailable-registry.ts';
import { stand, type Stand } from '../../support/stand.ts';
import { configSchema, type KioskConfig, type KioskConfigInput } from '../../../kiosk/config/schema.ts';
import { FleetStateStore } from '../../../kiosk/store/fleet-state.ts';
import { ServiceState } from '../../../kiosk/fleet/service-state.ts';
import { Lifecycle } from '../../../kiosk/lifecycle.ts';
import { createLogger, type KioskLogger } from '../../../kiosk/log/logger.ts';
import { hashPin } from '../../../kiosk/maintenance/pin-hash.ts';
import { createHttpServer, type HttpServer } from '../../../kiosk/server/http-server.ts';
import { openKioskStore, type KioskStore } from '../../../kiosk/store/kiosk-store.ts';
import { PrintLedger } from '../../../kiosk/store/print-ledger.ts';
import { createCardReader } from '../../../devices/card-reader/factory.ts';
import type { EktpReader } from '../../../devices/card-reader/types.ts';
import type { ReaderSimulator } from '../../../devices/card-reader/simulator.ts';
import { createReceiptPrinter } from '../../../devices/receipt-printer/factory.ts';
import type { ReceiptPrinter } from '../../../devices/receipt-printer/driver.ts';
import type { ReceiptPrinterSimulator } from '../../../devices/receipt-printer/simulator.ts';
import { FilePrinterSimulator } from '../../../devices/document-printer/simulator.ts';
import { IppDocumentPrinter } from '../../../devices/document-printer/driver.ts';
import { sampleDocuments } from '../../../kiosk/documents/sample/family.ts';
import { samplePhoto, sampleSignature } from '../../../kiosk/documents/sample/images.ts';
import type { Person } from '../../../core/domain.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { MemoryHidBus } from '../../../devices/common/hid/memory-transport.ts';
import { createScanner } from '../../../devices/scanner/factory.ts';
import type { ScannerDriver } from '../../../devices/scanner/driver.ts';
import { createTouchscreen } from '../../../devices/touchscreen/factory.ts';
import type { TouchscreenDriver } from '../../../devices/touchscreen/driver.ts';
import type { TouchscreenSimulator } from '../../../devices/touchscreen/simulator.ts';
import { err } from '../../../core/result.ts';

export const TECH_PIN = '246810';

export interface LogLine {
  event: string;
  [k: string]: unknown;
}

export async function memoryLogger(): Promise<{ log: KioskLogger; lines: LogLine[] }> {
  const lines: LogLine[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const l of chunk.toString().split('\n')) if (l.trim()) lines.push(JSON.parse(l) as LogLine);
      cb();
    },
  });
  return { log: await createLogger({ level: 'debug', pretty: false, destination }), lines };
}

/** A sample household's people: the first is the technician, the second is not. */
export async function people(): Promise<{ technician: Person; citizen: Person }> {
  const docs = sampleDocuments({ photo: await samplePhoto(), signature: await sampleSignature() });
  const kk = docs.kk.content;
  if (kk.type !== 'kk') throw new Error('bug: sample kk');
  const [technician, citizen] = kk.members as unknown as [Person, Person];
  return { technician, citizen };
}

export interface Rig {
  config: KioskConfig;
  dir: string;
  url: string;
  log: KioskLogger;
  lines: LogLine[];
  store: KioskStore;
  http: HttpServer;
  service: ServiceState;
  board: DeviceBoard;
  handle: MaintenanceHandle;
  /** What maintenance says to the other areas (fleet refresh, hidden entry). */
  bus: KioskBus;
  /** The citizen journey maintenance waits for; a test puts its own in. */
  citizens: Stand<CitizenFlow>;
  /** The registry maintenance tells outcomes to; a test puts its own in. */
  registry: Stand<RegistryOutcomes>;
  ledger: PrintLedger;
  sims: { a4: FilePrinterSimulator; card: FilePrinterSimulator; receipt: ReceiptPrinterSimulator; reader: ReaderSimulator };
  drivers: { a4: IppDocumentPrinter; card: IppDocumentPrinter; receipt: ReceiptPrinter; reader: EktpReader };
  technician: Person;
  citizen: Person;
  touch: TouchscreenSimulator | null;
  /** Adds a fake USB stick (a temp directory listed in the rig's mounts file). */
  mountUsb(opts?: { readOnly?: boolean; fsType?: string }): string;
  close(): Promise<void>;
}

export interface RigOptions {
  config?: KioskConfigInput;
  /** Register the card reader and printers with maintenance (default true). */
  devices?: boolean;
  printMs?: number;
  /** The scanner and touchscreen on a simulated HID bus (for the corner gesture). */
  hid?: boolean;
  /** Real rate limits (the lockdown test); by default each request finds the buckets refilled. */
  realRateLimits?: boolean;
  /** The kiosk's wall clock (PIN lockout, audit times); the machine's delays stay on real time. */
  now?: () => Date;
  /** A real IPP printer (ippeveprinter) to use as the A4 printer instead of the file printer. */
  a4Printer?: { uri: string; media: string };
}

/**
 * The maintenance area wired as boot wires it (wire-maintenance.ts) on a real store, a real HTTP
 * server on an ephemeral loopback port, IPP file printers on loopback ports, and the serial reader
 * and receipt printer talking to their simulators over in-memory cables.
 */
export async function startRig(options: RigOptions = {}): Promise<Rig> {
  const tmp = tempDir('maint');
  const { technician, citizen } = await people();
  const mountsFile = join(tmp.path, 'mounts');
  writeFileSync(mountsFile, 'proc /proc proc rw 0 0\n/dev/sda1 / ext4 rw 0 0\n');
  const input = {
    ...options.config,
    dataDir: join(tmp.path, 'data'),
    http: { port: 0 },
    devices: { a4Printer: { pollIntervalMs: 100 }, cardPrinter: { pollIntervalMs: 100 }, ...options.config?.devices },
    timeouts: { deviceOperationMs: 3000, printJobMs: 15000, ...options.config?.timeouts },
    maintenance: {
      technicianPinHash: await hashPin(TECH_PIN),
      technicianNiks: [technician.nik],
      usb: { mountsFile, roots: [join(tmp.path, 'media')] },
      ...options.config?.maintenance,
    },
  } as KioskConfigInput;
  const config = configSchema.parse(input);
  const { log, lines } = await memoryLogger();
  const opened = openKioskStore(config.dataDir, log);
  if (!opened.ok) throw new Error(opened.error.message);
  const store = opened.value;
  const lifecycle = new Lifecycle(log);
  const http = createHttpServer({ host: '127.0.0.1', port: 0, log });
  const ctx: BootContext = { config, log, store, lifecycle, http, now: options.now ?? (() => new Date()), startedAt: Date.now() };
  const board = new DeviceBoard();
  const service = new ServiceState(() => new Date(), new FleetStateStore(store.db));

  const printMs = options.printMs ?? 150;
  const a4Sim = new FilePrinterSimulator({ kind: 'a4', media: config.devices.a4Printer.media, outDir: join(tmp.path, 'printed-a4'), printMs });
  const cardSim = new FilePrinterSimulator({ kind: 'card', media: config.devices.cardPrinter.media, outDir: join(tmp.path, 'printed-card'), printMs });
  const common = { pollIntervalMs: 100, operationTimeoutMs: 3000, jobTimeoutMs: 15000, jobPollMs: 100 };
  const a4 = options.a4Printer
    ? new IppDocumentPrinter({ kind: 'a4', uri: options.a4Printer.uri, media: options.a4Printer.media, userName: config.kiosk.id, ...common })
    : new IppDocumentPrinter({ kind: 'a4', uri: await a4Sim.start(), media: config.devices.a4Printer.media, ...common });
  const card = new IppDocumentPrinter({ kind: 'card', uri: await cardSim.start(), media: config.devices.cardPrinter.media, ...common });
  await Promise.all([a4.refreshStatus(), card.refreshStatus()]);
  board.add(() => ({ id: 'a4Printer', mode: 'simulated', status: a4.status() }));
  board.add(() => ({ id: 'cardPrinter', mode: 'simulated', status: card.status() }));
  a4.startPolling();
  card.startPolling();

  const lookup = (nik: string) => [technician, citizen].find((p) => p.nik === nik);
  const reader = await createCardReader(config.devices.cardReader, { fingerprintAttempts: 3, operationTimeoutMs: 3000, lookup });
  const receipt = await createReceiptPrinter(config.devices.receiptPrinter, { operationTimeoutMs: 3000 });
  reader.driver.start();
  receipt.driver.start();
  await Promise.all([reader.driver.waitConnected(AbortSignal.timeout(5000)), receipt.driver.waitConnected(AbortSignal.timeout(5000))]);
  board.add(() => reader.driver.summary());
  board.add(() => receipt.driver.summary());

  let hid: { scanner: ScannerDriver; touchscreen: TouchscreenDriver; touchSim: TouchscreenSimulator } | null = null;
  if (options.hid) {
    const deps = { bus: new MemoryHidBus(), nodeHid: () => Promise.resolve(err({ code: 'unavailable' as const, reason: 'node-hid-missing' as const, detail: 'simulated bus only' })), operationTimeoutMs: 1000 };
    const scanner = await createScanner(config.devices.scanner, deps);
    const touch = await createTouchscreen(config.devices.touchscreen, deps);
    scanner.driver.start();
    touch.driver.start();
    for (let i = 0; i < 200 && (scanner.driver.status.device !== 'online' || touch.driver.status.device !== 'online'); i++) await new Promise((r) => setTimeout(r, 10));
    hid = { scanner: scanner.driver, touchscreen: touch.driver, touchSim: touch.simulator as TouchscreenSimulator };
    board.add(() => scanner.driver.summary());
    board.add(() => touch.driver.summary());
  }

  const ledger = new PrintLedger(store.db);
  const withDevices = options.devices !== false;
  let rateMs = 0;
  const bus = new KioskBus();
  const citizens = stand<CitizenFlow>({ printing: () => false, subscribe: () => () => {} });
  const registry = stand<RegistryOutcomes>(new UnavailableRegistry('no registry in this rig yet'));
  const handle = wireMaintenance(
    ctx,
    {
      service,
      board,
      bus,
      citizens: citizens.face,
      registry: registry.face,
      ...(hid ? { hid } : {}),
      ...(withDevices ? { serial: { cardReader: reader.driver, receiptPrinter: receipt.driver }, printers: { printers: { a4, card }, ledger } } : {}),
    },
    options.realRateLimits ? {} : { rateClock: () => (rateMs += 60_000) },
  );
  await lifecycle.start();
  await http.listen();
  let usbCount = 0;
  return {
    config,
    dir: tmp.path,
    url: http.url(),
    log,
    lines,
    store,
    http,
    service,
    board,
    handle,
    bus,
    citizens,
    registry,
    ledger,
    sims: { a4: a4Sim, card: cardSim, receipt: receipt.simulator as ReceiptPrinterSimulator, reader: reader.simulator as ReaderSimulator },
    drivers: { a4, card, receipt: receipt.driver, reader: reader.driver },
    technician,
    citizen,
    touch: hid?.touchSim ?? null,
    mountUsb(opts = {}) {
      const point = join(tmp.path, 'media', 'adm', `USB STICK ${++usbCount}`);
      mkdirSync(point, { recursive: true });
      const escaped = point.replace(/ /g, '\\040');
      writeFileSync(mountsFile, `/dev/sdb${usbCount} ${escaped} ${opts.fsType ?? 'vfat'} ${opts.readOnly ? 'ro' : 'rw'},nosuid,nodev 0 0\n`, { flag: 'a' });
      return point;
    },
    async close() {
      await lifecycle.shutdown(3000);
      await http.close();
      await Promise.all([a4.close(), card.close(), reader.driver.stop(), receipt.driver.stop(), hid?.scanner.close(), hid?.touchscreen.close()]);
      await Promise.all([reader.close(), receipt.link?.close(), a4Sim.stop(), cardSim.stop()]);
      store.close();
      tmp.remove();
    },
  };
}
