import { MemoryCable } from '../../../devices/common/memory-cable.ts';
import { openSerialChannel } from '../../../devices/common/serial-channel.ts';
import { serveOnPath } from '../../../devices/common/pty-host.ts';
import { ReceiptPrinter, type ReceiptPrinterOptions } from '../../../devices/receipt-printer/driver.ts';
import { ReceiptPrinterSimulator, type ReceiptSimulatorOptions } from '../../../devices/receipt-printer/simulator.ts';
import { startSocat } from '../../support/socat.ts';

export interface PrinterRig {
  kind: 'memory' | 'pty';
  sim: ReceiptPrinterSimulator;
  printer: ReceiptPrinter;
  unplug(): Promise<void>;
  plug(): Promise<void>;
  close(): Promise<void>;
}

const defaults = (open: ReceiptPrinterOptions['open'], paperDots: 576 | 384): ReceiptPrinterOptions => ({
  mode: 'simulated',
  open,
  paperDots,
  operationTimeoutMs: 1000,
  jobTimeoutMs: 5000,
  handshakeTimeoutMs: 500,
  heartbeatMs: 60_000,
  jobPollMs: 100,
  idleFlushMs: 50,
  backoff: { initialMs: 10, maxMs: 100 },
});

async function connected(printer: ReceiptPrinter): Promise<void> {
  printer.start();
  if (!(await printer.waitConnected(AbortSignal.timeout(5000)))) throw new Error(`printer did not connect: ${JSON.stringify(printer.status())}`);
}

export async function makePrinterRig(
  kind: 'memory' | 'pty',
  options: { paperDots?: 576 | 384; printer?: Partial<ReceiptPrinterOptions>; sim?: Partial<ReceiptSimulatorOptions> } = {},
): Promise<PrinterRig> {
  const paperDots = options.paperDots ?? 576;
  const sim = new ReceiptPrinterSimulator({ paperDots, ...options.sim });
  if (kind === 'memory') {
    const cable = new MemoryCable('printer');
    cable.onDeviceEnd((end) => sim.attach(end));
    const printer = new ReceiptPrinter({ ...defaults((s) => cable.open(s), paperDots), ...options.printer });
    await connected(printer);
    return { kind, sim, printer, unplug: async () => cable.unplug(), plug: async () => cable.plug(), close: () => printer.stop() };
  }
  const link = await startSocat('adm-printer-');
  const host = serveOnPath(link.pathB, 115200, (ch) => sim.attach(ch), 10);
  const printer = new ReceiptPrinter({ ...defaults((s) => openSerialChannel(link.pathA, 115200, s), paperDots), watchPath: link.pathA, mode: 'serial', ...options.printer });
  await connected(printer);
  return {
    kind,
    sim,
    printer,
    unplug: () => link.kill('SIGKILL'),
    plug: () => link.restart(),
    close: async () => {
      await printer.stop();
      await host.stop();
      await link.dispose();
    },
  };
}
