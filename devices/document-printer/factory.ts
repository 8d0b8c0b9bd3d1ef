import { join } from 'node:path';
import type { CreatedDevice } from '../common/created-device.ts';
import type { DocumentPrinterConfig } from './config.ts';
import { IppDocumentPrinter } from './driver.ts';
import { FilePrinterSimulator } from './simulator.ts';
import type { DocumentPrinter, DocumentPrinterKind, PrinterLog } from './types.ts';

export interface DocumentPrinterDeps {
  kind: DocumentPrinterKind;
  /** Simulated mode: the file printer writes what it prints under `<dataDir>/printed/<kind>`. */
  dataDir: string;
  /** Config `timeouts.deviceOperationMs`: each single IPP call. */
  operationTimeoutMs: number;
  /** Config `timeouts.printJobMs`: a whole job in `watch`. */
  jobTimeoutMs: number;
  /** `requesting-user-name` on every request (the kiosk id), so Get-Jobs finds this kiosk's jobs. */
  userName: string;
  log?: PrinterLog;
}

export type CreatedDocumentPrinter = CreatedDevice<DocumentPrinter, FilePrinterSimulator>;

/**
 * Builds the A4 or card printer from its configuration. Simulated mode starts a file printer on a
 * loopback port and points the same IPP driver at it; `ipp` mode talks to the configured URI.
 */
export async function createDocumentPrinter(config: DocumentPrinterConfig, deps: DocumentPrinterDeps): Promise<CreatedDocumentPrinter> {
  const { kind, log } = deps;
  let simulator: FilePrinterSimulator | null = null;
  let uri: string;
  if (config.mode === 'ipp') {
    if (!config.uri) throw new Error(`bug: the ${kind} printer's uri is required in ipp mode (the config schema checks it)`);
    uri = config.uri;
  } else {
    simulator = new FilePrinterSimulator({ kind, media: config.media, outDir: join(deps.dataDir, 'printed', kind), printMs: config.simulatedPrintMs, ...(log ? { log } : {}) });
    uri = await simulator.start();
  }
  const driver = new IppDocumentPrinter({
    kind,
    uri,
    media: config.media,
    pollIntervalMs: config.pollIntervalMs,
    operationTimeoutMs: deps.operationTimeoutMs,
    jobTimeoutMs: deps.jobTimeoutMs,
    userName: deps.userName,
    ...(log ? { log } : {}),
  });
  return {
    driver,
    simulator,
    link: null,
    async close() {
      await simulator?.stop();
    },
  };
}
