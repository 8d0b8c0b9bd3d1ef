import type { CreatedDevice } from '../common/created-device.ts';
import { openSerialChannel } from '../common/serial-channel.ts';
import { simulatedLink } from '../common/simulated-link.ts';
import type { ReceiptPrinterConfig } from './config.ts';
import { ReceiptPrinter } from './driver.ts';
import { ReceiptPrinterSimulator } from './simulator.ts';

export interface ReceiptPrinterDeps {
  /** Config `timeouts.deviceOperationMs` (capped at 5 s: a status answer is quick). */
  operationTimeoutMs: number;
}

export type CreatedReceiptPrinter = CreatedDevice<ReceiptPrinter, ReceiptPrinterSimulator>;

export const paperDotsOf = (widthMm: 80 | 58): 576 | 384 => (widthMm === 80 ? 576 : 384);

/** Picks the simulated printer (memory or pty) or the real serial one from configuration. Call `driver.start()`. */
export async function createReceiptPrinter(config: ReceiptPrinterConfig, deps: ReceiptPrinterDeps): Promise<CreatedReceiptPrinter> {
  const paperDots = paperDotsOf(config.paperWidthMm);
  const common = {
    paperDots,
    operationTimeoutMs: Math.min(deps.operationTimeoutMs, 5000),
    jobTimeoutMs: config.jobTimeoutMs,
    heartbeatMs: config.heartbeatMs,
    backoff: { initialMs: 250, maxMs: config.reconnectMaxMs },
  };
  if (config.mode === 'serial') {
    const path = config.path as string;
    return { driver: new ReceiptPrinter({ ...common, mode: 'serial', open: (s) => openSerialChannel(path, config.baudRate, s), watchPath: path }), simulator: null, link: null, close: async () => {} };
  }
  const simulator = new ReceiptPrinterSimulator({ paperDots });
  const { link, fallback } = await simulatedLink('receipt', config.simulatorLink, config.baudRate, (ch) => simulator.attach(ch));
  const driver = new ReceiptPrinter({ ...common, mode: 'simulated', open: (s) => link.open(s), ...(link.path ? { watchPath: link.path } : {}) });
  return { driver, simulator, link, ...(fallback ? { fallback } : {}), close: () => link.close() };
}
