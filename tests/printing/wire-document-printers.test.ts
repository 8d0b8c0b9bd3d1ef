import { areaContext } from '../support/boot-context.ts';
import type { KioskConfigInput } from '../../kiosk/config/schema.ts';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DeviceBoard } from '../../devices/common/device-board.ts';
import { wireDocumentPrinters } from '../../kiosk/boot/wire-document-printers.ts';
import { runPrint } from '../../kiosk/printing/run-print.ts';
import { PrintLedger } from '../../kiosk/store/print-ledger.ts';
import { tempDir } from '../support/temp-dir.ts';
import { EntitlementTable, TEST_NIK } from './support/entitlement-table.ts';
import { renderTestPdf } from './support/test-render.ts';

const cleanup: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

const context = (input: KioskConfigInput & { dataDir: string }) => areaContext(input);

describe('wireDocumentPrinters (simulated printers)', () => {
  it('settles unfinished prints before returning, shows both printers on the board, and prints to the data directory', async () => {
    const dir = tempDir('wire-printers');
    cleanup.push(dir.remove);
    const dataDir = join(dir.path, 'data');
    const input = { dataDir, devices: { a4Printer: { simulatedPrintMs: 20, pollIntervalMs: 100 }, cardPrinter: { simulatedPrintMs: 20 } } };

    // A crash left a claimed row and a rendered one behind.
    const first = await context(input);
    const l = new PrintLedger(first.store.db);
    const claimed = l.create({ applicationId: 'APP-A', documentType: 'kk', subjectRef: 'r', printer: 'a4' });
    const rendered = l.create({ applicationId: 'APP-B', documentType: 'ktp', subjectRef: 'r', printer: 'card' });
    if (!claimed.ok || !rendered.ok) throw new Error('create');
    l.markRendered(rendered.value.id, 1);
    await first.lifecycle.shutdown(4000);

    const { ctx, lifecycle, lines } = await context(input);
    cleanup.push(() => lifecycle.shutdown(4000));
    const board = new DeviceBoard();
    const table = new EntitlementTable();
    const printing = await wireDocumentPrinters(ctx, board, { registry: table });
    await lifecycle.start();

    expect(printing.reconciled).toMatchObject({ rows: 2, released: 2 });
    expect(printing.ledger.get(claimed.value.id)?.state).toBe('released');
    expect(lines.some((e) => e.event === 'print.reconcile_finished')).toBe(true);
    expect(board.summaries()).toMatchObject([
      { id: 'a4Printer', mode: 'simulated', status: { device: 'online', paper: 'full', reasons: [] } },
      { id: 'cardPrinter', mode: 'simulated', status: { device: 'online', media: 'present' } },
    ]);

    table.add('APP-C', '135790');
    const deps = printing.printDeps(table, () => 'subject-ref');
    const r = await runPrint(deps, { applicationId: 'APP-C', documentType: 'akta-mati', nik: TEST_NIK, proof: { kind: 'pin', pin: '135790' } }, renderTestPdf);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(table.get('APP-C')?.status).toBe('printed');
    const printed = readdirSync(join(dataDir, 'printed', 'a4'));
    expect(printed).toContain(`00001-adm-${r.value.ledgerId}.pdf`);
    // The released rows were owed to the registry; they hold nothing there, so they are done.
    for (let i = 0; i < 100 && printing.ledger.pendingRegistrySync().length > 0; i++) await new Promise((res) => setTimeout(res, 10));
    expect(printing.ledger.pendingRegistrySync()).toEqual([]);

    // The fault switches of the simulator reach the board through polling.
    printing.simulators.card?.setFaults({ mediaEmpty: true });
    await printing.printers.card.refreshStatus();
    expect(board.summaries()[1]).toMatchObject({ status: { media: 'notPresent' } });

    expect(await lifecycle.shutdown(4000)).toBe(true);
    expect(existsSync(join(dataDir, 'kiosk.sqlite'))).toBe(true);
  });

  it('a real printer that does not answer leaves its submitted rows unknown and the board offline', async () => {
    const dir = tempDir('wire-printers');
    cleanup.push(dir.remove);
    const input = {
      dataDir: join(dir.path, 'data'),
      timeouts: { deviceOperationMs: 300 },
      devices: { a4Printer: { mode: 'ipp' as const, uri: 'ipp://127.0.0.1:9/ipp/print', bootJobWaitMs: 0 } },
    };
    const first = await context(input);
    const l = new PrintLedger(first.store.db);
    const row = l.create({ applicationId: 'APP-D', documentType: 'kk', subjectRef: 'r', printer: 'a4' });
    if (!row.ok) throw new Error('create');
    l.markRendered(row.value.id, 1);
    l.markSubmitting(row.value.id, 'ipp://127.0.0.1:9/ipp/print', `adm-${row.value.id}`);
    l.markSubmitted(row.value.id, 4);
    await first.lifecycle.shutdown(4000);

    const { ctx, lifecycle } = await context(input);
    cleanup.push(() => lifecycle.shutdown(4000));
    const board = new DeviceBoard();
    const printing = await wireDocumentPrinters(ctx, board);
    await lifecycle.start();
    expect(printing.reconciled).toMatchObject({ rows: 1, unknown: 1 });
    expect(board.summaries()[0]).toMatchObject({ id: 'a4Printer', mode: 'ipp', status: { device: 'offline', paper: 'unknown', reasons: ['unreachable'] } });
  });
});
