import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makePrinterRig, type PrinterRig } from './rigs.ts';
import { sampleReceipt } from './fixtures.ts';
import { MemoryCable } from '../../../devices/common/memory-cable.ts';
import { ReceiptPrinter } from '../../../devices/receipt-printer/driver.ts';

let rig: PrinterRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});
const signal = () => AbortSignal.timeout(10_000);

function zbar(png: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'adm-zbar-'));
  try {
    const file = join(dir, 'r.png');
    writeFileSync(file, png);
    return execFileSync('zbarimg', ['--raw', '-q', file], { encoding: 'utf8' }).trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.each(['memory', 'pty'] as const)('receipt printer (%s)', (kind) => {
  it('prints a receipt the printer confirms; the simulator draws it and the QR scans', async () => {
    rig = await makePrinterRig(kind);
    const r = await rig.printer.print(await sampleReceipt(), signal());
    expect(r).toMatchObject({ ok: true, value: { paper: 'full' } });
    const [receipt] = rig.sim.receipts();
    expect(receipt?.cut).toBe(true);
    expect(receipt?.lines).toEqual(expect.arrayContaining(['ANJUNGAN DUKCAPIL MANDIRI', 'BUKTI CETAK', '-'.repeat(48)]));
    expect(receipt?.lines.some((l) => /^Dokumen +Kartu Keluarga$/.test(l) && l.length === 48)).toBe(true);
    expect(receipt?.qrCodes).toEqual(['ADM1.kk.3506010101200001.2026-11-23']);
    expect(receipt?.rasters).toBe(1);
    const png = await (receipt as NonNullable<typeof receipt>).png();
    expect(zbar(png)).toBe('ADM1.kk.3506010101200001.2026-11-23');
    expect(rig.printer.status()).toMatchObject({ device: 'online', paper: 'full' });
  });

  it('paper out: the job fails before a byte of it is sent (paperOut, beforeJob)', async () => {
    rig = await makePrinterRig(kind);
    rig.sim.setPaper('out');
    await expect.poll(() => rig?.printer.status().paper).toBe('out');
    expect(rig.printer.status().reasons).toContain('media-empty');
    const r = await rig.printer.print(await sampleReceipt(), signal());
    expect(r).toMatchObject({ ok: false, error: { reason: 'paperOut', stage: 'beforeJob', completion: 'deviceNotReady' } });
    expect(rig.sim.state().printBytes).toBe(0);
  });

  it('paper running out mid-job is reported as such, and the rest never prints later', async () => {
    rig = await makePrinterRig(kind);
    rig.sim.setPaperLeftMm(25);
    const r = await rig.printer.print(await sampleReceipt(), signal());
    expect(r).toMatchObject({ ok: false, error: { reason: 'paperOut', stage: 'duringJob' } });
    expect(rig.sim.uncut().rasters + rig.sim.uncut().lines.length).toBeGreaterThan(0);
    expect(rig.sim.receipts()).toHaveLength(0);
    rig.sim.setPaper('full');
    await expect.poll(() => rig?.printer.status().paper).toBe('full');
    expect(rig.sim.state().held).toBe(0);
    expect(rig.sim.receipts()).toHaveLength(0);
  });

  it('a printer without Automatic Status Back comes online by DLE EOT, refuses a job with paper out, and notices paper out mid-job by polling', async () => {
    rig = await makePrinterRig(kind, { sim: { automaticStatusBack: false } });
    expect(rig.sim.state().asb).toBe(false);
    expect(rig.printer.status()).toMatchObject({ device: 'online', paper: 'full' });
    expect(await rig.printer.print(await sampleReceipt(), signal())).toMatchObject({ ok: true });
    rig.sim.setPaper('out');
    expect(await rig.printer.print(await sampleReceipt(), signal())).toMatchObject({ ok: false, error: { reason: 'paperOut', stage: 'beforeJob' } });
    rig.sim.setPaper('full');
    rig.sim.setPaperLeftMm(25);
    expect(await rig.printer.print(await sampleReceipt(), signal())).toMatchObject({ ok: false, error: { reason: 'paperOut', stage: 'duringJob' } });
    expect(rig.sim.receipts()).toHaveLength(1);
  });

  it('near end: prints, reports paper low and media-low', async () => {
    rig = await makePrinterRig(kind);
    rig.sim.setPaper('nearEnd');
    const r = await rig.printer.print(await sampleReceipt(), signal());
    expect(r).toMatchObject({ ok: true, value: { paper: 'low' } });
    expect(rig.printer.status()).toMatchObject({ device: 'online', paper: 'low', reasons: ['media-low'] });
  });

  it('cover open: status userError/cover-open by Automatic Status Back; a job is refused (coverOpen)', async () => {
    rig = await makePrinterRig(kind);
    rig.sim.setCoverOpen(true);
    await expect.poll(() => rig?.printer.status().device).toBe('userError');
    expect(rig.printer.status()).toMatchObject({ reasons: ['cover-open'], action: 'clear' });
    const r = await rig.printer.print(await sampleReceipt(), signal());
    expect(r).toMatchObject({ ok: false, error: { reason: 'coverOpen', stage: 'beforeJob', completion: 'userError' } });
    expect(rig.sim.state().printBytes).toBe(0);
    rig.sim.setCoverOpen(false);
    await expect.poll(() => rig?.printer.status().device).toBe('online');
  });

  it('cutter jam: the receipt prints but the cut fails → cutterError; clearing the jam brings it back', async () => {
    rig = await makePrinterRig(kind);
    rig.sim.setCutterJam(true);
    const r = await rig.printer.print(await sampleReceipt(), signal());
    expect(r).toMatchObject({ ok: false, error: { reason: 'cutterError', stage: 'duringJob', completion: 'hardwareError', action: 'clear' } });
    expect(rig.printer.status()).toMatchObject({ device: 'hardwareError', reasons: ['cutter-error'] });
    expect(rig.sim.uncut().qrCodes).toHaveLength(1);
    rig.sim.setCutterJam(false);
    await expect.poll(() => rig?.printer.status().device).toBe('online');
    expect((await rig.printer.print(await sampleReceipt(), signal())).ok).toBe(true);
  });

  it('disconnect mid-job → disconnected; reconnects on its own and prints again', async () => {
    rig = await makePrinterRig(kind);
    rig.sim.setStalled(true);
    const job = rig.printer.print(await sampleReceipt(), signal());
    await expect.poll(() => rig?.sim.state().held).toBeGreaterThan(0);
    await rig.unplug();
    const r = await job;
    expect(r).toMatchObject({ ok: false, error: { reason: 'disconnected', completion: 'deviceNotReady' } });
    await expect.poll(() => rig?.printer.status().device).toBe('noDevice');
    await rig.plug();
    await expect.poll(() => rig?.printer.status().device, { timeout: 5000 }).toBe('online');
    rig.sim.setStalled(false);
    expect((await rig.printer.print(await sampleReceipt(), signal())).ok).toBe(true);
  });
});

describe('receipt printer (memory only)', () => {
  it('58 mm paper: 32 columns and a 384-dot PNG', async () => {
    rig = await makePrinterRig('memory', { paperDots: 384 });
    expect((await rig.printer.print(await sampleReceipt(), signal())).ok).toBe(true);
    const receipt = rig.sim.receipts()[0];
    expect(receipt?.lines).toContain('-'.repeat(32));
    const png = await (receipt as NonNullable<typeof receipt>).png();
    expect(png.readUInt32BE(16)).toBe(384);
  });

  it('an image that cannot be read → badLayout, nothing sent', async () => {
    rig = await makePrinterRig('memory');
    const r = await rig.printer.print({ blocks: [{ kind: 'image', png: Uint8Array.from([1, 2, 3]) }, { kind: 'cut' }] }, signal());
    expect(r).toMatchObject({ ok: false, error: { reason: 'badLayout', completion: 'invalidData' } });
    expect(rig.sim.state().printBytes).toBe(0);
  });

  it('a second job while one runs → busy; a canceled job → canceled and the buffers cleared', async () => {
    rig = await makePrinterRig('memory');
    rig.sim.setStalled(true);
    const controller = new AbortController();
    const layout = await sampleReceipt();
    const first = rig.printer.print(layout, controller.signal);
    await expect.poll(() => rig?.sim.state().held).toBeGreaterThan(0);
    expect(await rig.printer.print(layout, signal())).toMatchObject({ ok: false, error: { reason: 'busy', completion: 'sequenceError' } });
    controller.abort();
    expect(await first).toMatchObject({ ok: false, error: { reason: 'canceled', stage: 'duringJob', completion: 'canceled' } });
    expect(rig.sim.state().held).toBe(0);
    rig.sim.setStalled(false);
    expect(rig.sim.receipts()).toHaveLength(0);
  });

  it('a printer that never confirms → timeout (timeOut), buffers cleared', async () => {
    rig = await makePrinterRig('memory');
    rig.sim.setStalled(true);
    const r = await rig.printer.print(await sampleReceipt(), signal(), { timeoutMs: 300 });
    expect(r).toMatchObject({ ok: false, error: { reason: 'timeout', stage: 'duringJob', completion: 'timeOut' } });
    expect(rig.sim.state().held).toBe(0);
  });

  it('a printer that answers nothing never comes online (hardwareError/timeout) and jobs fail disconnected', async () => {
    const cable = new MemoryCable('dead-printer');
    const printer = new ReceiptPrinter({
      mode: 'serial',
      open: (s) => cable.open(s),
      paperDots: 576,
      operationTimeoutMs: 100,
      jobTimeoutMs: 1000,
      handshakeTimeoutMs: 150,
      backoff: { initialMs: 10, maxMs: 20 },
    });
    printer.start();
    try {
      await expect.poll(() => printer.status()).toMatchObject({ device: 'hardwareError', reasons: ['timeout'] });
      expect(await printer.print(await sampleReceipt(), signal())).toMatchObject({ ok: false, error: { reason: 'disconnected', stage: 'beforeJob' } });
    } finally {
      await printer.stop();
    }
  });
});
