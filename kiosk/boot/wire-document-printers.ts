import { createDocumentPrinter, type CreatedDocumentPrinter } from '../../devices/document-printer/factory.ts';
import { printerSummary } from '../../devices/document-printer/status-map.ts';
import type { DocumentPrinter, DocumentPrinterKind } from '../../devices/document-printer/types.ts';
import type { PrintDeps } from '../printing/types.ts';
import { reconcileLedger, type ReconcileReport } from '../printing/reconcile.ts';
import { RegistrySync, type RegistryOutcomes } from '../printing/registry-sync.ts';
import { PrintLedger } from '../store/print-ledger.ts';
import type { BootContext } from './context.ts';
import type { DeviceBoard } from '../../devices/common/device-board.ts';
import { PRINTER_DEVICE_ID } from '../../core/device-status.ts';

export interface DocumentPrintersHandle {
  readonly printers: Record<DocumentPrinterKind, DocumentPrinter>;
  /** The file printers behind them in simulated mode (dev panel fault switches), else null. */
  readonly simulators: Record<DocumentPrinterKind, CreatedDocumentPrinter['simulator']>;
  readonly ledger: PrintLedger;
  /** What boot reconciliation did before the kiosk opened. */
  readonly reconciled: ReconcileReport;
  /** Everything the print steps need, given the registry and the keyed NIK hash. */
  printDeps(registry: PrintDeps['registry'], subjectRef: (nik: string) => string): PrintDeps;
  /** Tells the registry owed outcomes now, then checks every `intervalMs` for more. */
  startRegistrySync(registry: RegistryOutcomes, intervalMs?: number): void;
}

/**
 * The A4 and card printers from `config.devices.a4Printer` / `cardPrinter`, the print ledger, and
 * boot reconciliation of every unfinished ledger row, awaited here so the kiosk opens only after it.
 * Registry acknowledgements (confirm printed, release) are sent in the background when a registry is
 * given: the registry may be slow or away, and the kiosk must open anyway.
 */
export async function wireDocumentPrinters(ctx: BootContext, devices: DeviceBoard, options: { registry?: RegistryOutcomes } = {}): Promise<DocumentPrintersHandle> {
  const { config, log, lifecycle } = ctx;
  const handles: CreatedDocumentPrinter[] = [];
  // Registered before the flows are wired, so it runs after them at shutdown.
  lifecycle.add('document-printers', async () => {
    await Promise.all(handles.map(async (h) => {
      await h.driver.close();
      await h.close();
    }));
  });
  const deps = (kind: DocumentPrinterKind) => ({ kind, dataDir: config.dataDir, operationTimeoutMs: config.timeouts.deviceOperationMs, jobTimeoutMs: config.timeouts.printJobMs, userName: config.kiosk.id, log });
  const [a4, card] = await Promise.all([createDocumentPrinter(config.devices.a4Printer, deps('a4')), createDocumentPrinter(config.devices.cardPrinter, deps('card'))]);
  handles.push(a4, card);

  // A first status before anything asks; both at once, each bounded by deviceOperationMs.
  await Promise.all([a4.driver.refreshStatus(), card.driver.refreshStatus()]);
  for (const h of [a4, card]) {
    const mode = config.devices[PRINTER_DEVICE_ID[h.driver.kind]].mode;
    devices.add(() => printerSummary(h.driver, mode));
  }

  const ledger = new PrintLedger(ctx.store.db, ctx.now);
  const printers = { a4: a4.driver, card: card.driver };
  const reconciled = await reconcileLedger(ledger, printers, {
    waitForJobMs: Math.max(config.devices.a4Printer.bootJobWaitMs, config.devices.cardPrinter.bootJobWaitMs),
    log,
  });
  if (reconciled.rows > 0) ctx.store.journal.append('print.reconciled', { ...reconciled });

  const sync = new RegistrySync(ledger, log);
  lifecycle.add('registry-sync', {
    start: () => {
      for (const h of [a4, card]) h.driver.startPolling();
      if (options.registry) sync.start(options.registry);
    },
    stop: () => sync.stop(),
  });

  const handle: DocumentPrintersHandle = {
    printers,
    simulators: { a4: a4.simulator, card: card.simulator },
    ledger,
    reconciled,
    printDeps: (registry, subjectRef) => ({
      ledger,
      registry,
      printers,
      kioskId: config.kiosk.id,
      subjectRef,
      attentionTimeoutMs: Math.min(config.devices.a4Printer.attentionTimeoutMs, config.devices.cardPrinter.attentionTimeoutMs),
      jobTimeoutMs: config.timeouts.printJobMs,
      log,
    }),
    startRegistrySync: (registry, intervalMs) => sync.start(registry, intervalMs),
  };
  return handle;
}
