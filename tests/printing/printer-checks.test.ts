import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../kiosk/config/schema.ts';
import { a4PrinterCheck, cardPrinterCheck, printLedgerCheck } from '../../kiosk/doctor/printer-checks.ts';
import { kioskMigrations } from '../../kiosk/store/migrations/index.ts';
import { openDatabase } from '../../kiosk/store/open-database.ts';
import { PrintLedger } from '../../kiosk/store/print-ledger.ts';
import { freePortInRange, startIppEvePrinter, type IppEvePrinter } from '../support/ippeveprinter.ts';
import { tempDir } from '../support/temp-dir.ts';

let eve: IppEvePrinter;
const dir = tempDir('printer-checks');
beforeAll(async () => {
  eve = await startIppEvePrinter({ kind: 'a4' });
});
afterAll(async () => {
  await eve?.stop();
  dir.remove();
});
const signal = () => AbortSignal.timeout(10_000);

describe('adm doctor: printers', () => {
  it('a real A4 printer that answers, supports the media and has paper passes', async () => {
    const config = configSchema.parse({ dataDir: dir.path, devices: { a4Printer: { mode: 'ipp', uri: eve.uri } } });
    const out = await a4PrinterCheck.run(config, signal());
    expect(out.map((o) => o.status)).toEqual(['ok', 'ok', 'ok']);
    expect(out[0]?.detail).toMatch(/answers/);
  });

  it('media the printer does not list fails; an empty tray warns', async () => {
    const config = configSchema.parse({ dataDir: dir.path, devices: { cardPrinter: { mode: 'ipp', uri: eve.uri } } });
    await eve.setTrayLevel(0);
    try {
      const out = await cardPrinterCheck.run(config, signal());
      expect(out.find((o) => o.status === 'fail')?.detail).toMatch(/iso_id-1_85.6x53.98mm/);
      const a4 = await a4PrinterCheck.run(configSchema.parse({ dataDir: dir.path, devices: { a4Printer: { mode: 'ipp', uri: eve.uri } } }), signal());
      expect(a4.at(-1)).toMatchObject({ status: 'warn', detail: expect.stringContaining('paper out') });
    } finally {
      await eve.setTrayLevel(250);
    }
  });

  it('a printer that does not answer fails with the reason', async () => {
    const port = await freePortInRange();
    const config = configSchema.parse({ dataDir: dir.path, timeouts: { deviceOperationMs: 500 }, devices: { a4Printer: { mode: 'ipp', uri: `ipp://localhost:${port}/ipp/print` } } });
    const out = await a4PrinterCheck.run(config, signal());
    expect(out).toEqual([{ status: 'fail', detail: expect.stringContaining('unreachable') }]);
  });

  it('simulated printers say where jobs go', async () => {
    const out = await a4PrinterCheck.run(configSchema.parse({ dataDir: dir.path }), signal());
    expect(out[0]).toMatchObject({ status: 'ok', detail: expect.stringContaining(join(dir.path, 'printed', 'a4')) });
  });

  it('the ledger check names prints waiting for a technician and outcomes owed to the registry', async () => {
    const opened = openDatabase({ path: join(dir.path, 'kiosk.sqlite'), migrations: kioskMigrations });
    if (!opened.ok) throw new Error(opened.error.message);
    const l = new PrintLedger(opened.value.db);
    const a = l.create({ applicationId: 'A', documentType: 'kk', subjectRef: 'r', printer: 'a4' });
    const b = l.create({ applicationId: 'B', documentType: 'kk', subjectRef: 'r', printer: 'a4' });
    if (!a.ok || !b.ok) throw new Error('create');
    l.markUnknown(a.value.id, 'printer silent');
    l.markReleased(b.value.id, 'render failed');
    opened.value.db.close();
    const out = await printLedgerCheck.run(configSchema.parse({ dataDir: dir.path }), signal());
    expect(out.map((o) => o.status)).toEqual(['warn', 'ok', 'warn']);
    expect(out[0]?.detail).toMatch(/1 print/);
  });
});
