import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../../kiosk/config/schema.ts';
import { cardReaderCheck, receiptPrinterCheck } from '../../../kiosk/doctor/serial-checks.ts';
import { serveOnPath } from '../../../devices/common/pty-host.ts';
import { ReceiptPrinterSimulator } from '../../../devices/receipt-printer/simulator.ts';
import { ReaderSimulator } from '../../../devices/card-reader/simulator.ts';
import { startSocat } from '../../support/socat.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
const signal = () => AbortSignal.timeout(8000);

describe('adm doctor serial checks', () => {
  it('simulated devices (memory and pty) answer', async () => {
    for (const link of ['memory', 'pty'] as const) {
      const config = configSchema.parse({ devices: { cardReader: { simulatorLink: link }, receiptPrinter: { simulatorLink: link } } });
      expect(await cardReaderCheck.run(config, signal())).toEqual([{ status: 'ok', detail: expect.stringContaining('SAM present') }]);
      expect(await receiptPrinterCheck.run(config, signal())).toEqual([{ status: 'ok', detail: expect.stringContaining('paper ok') }]);
    }
  });

  it('a serial path that does not exist, or is not a device, fails with what to do', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'adm-doctor-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'plain'), '');
    const missing = configSchema.parse({ devices: { cardReader: { mode: 'serial', path: join(dir, 'nope') } } });
    expect(await cardReaderCheck.run(missing, signal())).toEqual([{ status: 'fail', detail: expect.stringContaining('does not exist') }]);
    const plain = configSchema.parse({ devices: { receiptPrinter: { mode: 'serial', path: join(dir, 'plain') } } });
    expect(await receiptPrinterCheck.run(plain, signal())).toEqual([{ status: 'fail', detail: expect.stringContaining('not a serial device') }]);
  });

  it('real serial mode on a pty: reports a missing SAM and a printer out of paper', async () => {
    const r = await startSocat('adm-doctor-r-');
    cleanups.push(() => r.dispose());
    const reader = new ReaderSimulator({ lookup: () => undefined });
    reader.setFaults({ noSam: true });
    const rh = serveOnPath(r.pathB, 115200, (ch) => reader.attach(ch), 10);
    cleanups.push(() => rh.stop());
    const p = await startSocat('adm-doctor-p-');
    cleanups.push(() => p.dispose());
    const printer = new ReceiptPrinterSimulator({ paperDots: 576 });
    printer.setPaper('out');
    const ph = serveOnPath(p.pathB, 115200, (ch) => printer.attach(ch), 10);
    cleanups.push(() => ph.stop());
    const config = configSchema.parse({ devices: { cardReader: { mode: 'serial', path: r.pathA }, receiptPrinter: { mode: 'serial', path: p.pathA } } });
    expect(await cardReaderCheck.run(config, signal())).toEqual([{ status: 'fail', detail: expect.stringContaining('no SAM') }]);
    expect(await receiptPrinterCheck.run(config, signal())).toEqual([{ status: 'fail', detail: expect.stringContaining('paper out') }]);
    printer.setPaper('nearEnd');
    expect(await receiptPrinterCheck.run(config, signal())).toEqual([{ status: 'warn', detail: expect.stringContaining('near end') }]);
  });

  it('a device that never answers fails the check within the time limit', async () => {
    const r = await startSocat('adm-doctor-dead-');
    cleanups.push(() => r.dispose());
    const config = configSchema.parse({ devices: { cardReader: { mode: 'serial', path: r.pathA } } });
    const out = await cardReaderCheck.run(config, signal());
    expect(out).toEqual([{ status: 'fail', detail: expect.stringContaining('no answer') }]);
  });
});
