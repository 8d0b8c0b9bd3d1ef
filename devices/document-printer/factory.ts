import { join } from 'node:path';
import type { KioskConfig } from '../../kiosk/config/schema.ts';
import type { KioskLogger } from '../../kiosk/log/logger.ts';
import { FilePrinterSimulator } from './file-printer.ts';
import { IppDocumentPrinter } from './ipp-printer.ts';
import type { DocumentPrinter, DocumentPrinterKind } from './types.ts';

export interface DocumentPrinterHandle {
  printer: DocumentPrinter;
  /** The file printer behind `printer` in simulated mode (for the dev panel's fault switches). */
  simulator: FilePrinterSimulator | null;
  mode: 'simulated' | 'ipp';
  close(): Promise<void>;
}

const SECTION: Record<DocumentPrinterKind, 'a4Printer' | 'cardPrinter'> = { a4: 'a4Printer', card: 'cardPrinter' };

/**
 * Builds the A4 or card printer from configuration. Simulated mode starts a file printer on a
 * loopback port and points the same IPP driver at it; `ipp` mode talks to the configured URI.
 */
export async function createDocumentPrinter(kind: DocumentPrinterKind, config: KioskConfig, log?: KioskLogger): Promise<DocumentPrinterHandle> {
  const section = config.devices[SECTION[kind]];
  let simulator: FilePrinterSimulator | null = null;
  let uri: string;
  if (section.mode === 'ipp') {
    if (!section.uri) throw new Error(`bug: devices.${SECTION[kind]}.uri is required in ipp mode (the config schema checks it)`);
    uri = section.uri;
  } else {
    simulator = new FilePrinterSimulator({ kind, media: section.media, outDir: join(config.dataDir, 'printed', kind), printMs: section.simulatedPrintMs, ...(log ? { log } : {}) });
    uri = await simulator.start();
  }
  const printer = new IppDocumentPrinter({
    kind,
    uri,
    media: section.media,
    pollIntervalMs: section.pollIntervalMs,
    operationTimeoutMs: config.timeouts.deviceOperationMs,
    jobTimeoutMs: config.timeouts.printJobMs,
    userName: config.kiosk.id,
    ...(log ? { log } : {}),
  });
  return {
    printer,
    simulator,
    mode: section.mode,
    async close() {
      await printer.close();
      await simulator?.stop();
    },
  };
}
