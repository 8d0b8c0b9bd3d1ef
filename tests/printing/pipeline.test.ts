import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { IppDocumentPrinter } from '../../devices/document-printer/driver.ts';
import type { JobProgress } from '../../devices/document-printer/types.ts';
import { runPrint } from '../../kiosk/printing/run-print.ts';
import { printPorts } from '../../kiosk/printing/journey-ports.ts';
import { cancelPrint, claimPrint } from '../../kiosk/printing/steps.ts';
import type { Application } from '../../core/domain.ts';
import type { PrintDeps, RenderFn, TracePoint } from '../../kiosk/printing/types.ts';
import { reconcileLedger } from '../../kiosk/printing/reconcile.ts';
import { syncRegistry } from '../../kiosk/printing/registry-sync.ts';
import { kioskMigrations } from '../../kiosk/store/migrations/index.ts';
import { openDatabase } from '../../kiosk/store/open-database.ts';
import { PrintLedger } from '../../kiosk/store/print-ledger.ts';
import { freePortInRange, startIppEvePrinter, type IppEvePrinter } from '../support/ippeveprinter.ts';
import { EntitlementTable, TEST_NIK } from './support/entitlement-table.ts';
import { failingRender, renderTestPdf } from './support/test-render.ts';

// Flag files in the printer's directory make its print command jam or dawdle.
// A slow job prints until the test lets it finish (`go`, at most 30 s), never for a fixed time.
const SCRIPT = ['[ -f {{dir}}/jam ] && { echo "STATE: +media-jam" >&2; exit 1; }', '[ -f {{dir}}/slow ] && { n=0; while [ ! -f {{dir}}/go ] && [ $n -lt 600 ]; do sleep 0.05; n=$((n+1)); done; }', 'echo "$(basename "$1")" >> {{dir}}/printed.log', 'exit 0'].join('\n');
const letSlowJobsFinish = () => writeFileSync(join(eve.dir, 'go'), '');
const PIN = '246810';

let eve: IppEvePrinter;
let printer: IppDocumentPrinter;
beforeAll(async () => {
  eve = await startIppEvePrinter({ kind: 'a4', script: SCRIPT });
  printer = new IppDocumentPrinter({ kind: 'a4', uri: eve.uri, media: eve.media, pollIntervalMs: 200, operationTimeoutMs: 2000, jobTimeoutMs: 10_000, jobPollMs: 20 });
});
afterAll(async () => {
  await printer?.close();
  await eve?.stop();
});
afterEach(async () => {
  for (const f of ['jam', 'slow', 'go']) rmSync(join(eve.dir, f), { force: true });
  await eve.setTrayLevel(250);
});

let n = 0;
function setup(over: Partial<PrintDeps> = {}) {
  const opened = openDatabase({ path: ':memory:', migrations: kioskMigrations });
  if (!opened.ok) throw new Error(opened.error.message);
  const ledger = new PrintLedger(opened.value.db);
  const table = new EntitlementTable();
  const applicationId = `APP-${++n}`;
  table.add(applicationId, PIN);
  const trace: TracePoint[] = [];
  const deps: PrintDeps = {
    ledger,
    registry: table,
    printers: { a4: printer },
    kioskId: 'ADM-TEST',
    subjectRef: () => 'subject-ref',
    attentionTimeoutMs: 5000,
    jobTimeoutMs: 10_000,
    trace: (p) => trace.push(p),
    ...over,
  };
  const request = { applicationId, documentType: 'akta-mati' as const, nik: TEST_NIK, proof: { kind: 'pin' as const, pin: PIN } };
  return { deps, ledger, table, applicationId, request, trace };
}

const paper = () => readFileSync(join(eve.dir, 'printed.log'), { encoding: 'utf8', flag: 'a+' }).split('\n').filter(Boolean);
const printedFor = (ledgerId: string) => paper().filter((f) => f.includes(ledgerId)).length;

describe('print pipeline against ippeveprinter and an entitlement table', () => {
  it('prints once: ledger printed, registry confirmed, A4 counter down, the rendered PDF in the spool', async () => {
    const { deps, ledger, table, applicationId, request, trace } = setup();
    let rendered: Uint8Array | null = null;
    const render: RenderFn = async (pkg, signal) => {
      const r = await renderTestPdf(pkg, signal);
      if (r.ok) rendered = r.value.pdf;
      return r;
    };
    const sheets = ledger.consumables.get('a4-sheets')?.level ?? 0;
    const r = await runPrint(deps, request, render);
    expect(r).toMatchObject({ ok: true, value: { registryTold: true } });
    if (!r.ok) return;
    expect(ledger.get(r.value.ledgerId)).toMatchObject({ state: 'printed', registrySync: 'done', jobId: r.value.jobId, subjectRef: 'subject-ref' });
    expect(table.get(applicationId)?.status).toBe('printed');
    expect(ledger.consumables.get('a4-sheets')?.level).toBe(sheets - 1);
    expect(printedFor(r.value.ledgerId)).toBe(1);
    const spooled = readFileSync(join(eve.spoolDir, `${r.value.jobId}-adm-${r.value.ledgerId}.pdf`));
    expect(rendered && spooled.equals(Buffer.from(rendered))).toBe(true);
    expect(trace).toEqual(['claim:row-committed', 'claim:registry-answered', 'render:committed', 'submit:intent-committed', 'submit:accepted', 'submit:committed', 'watch:finished', 'settle:committed', 'settle:registry-told']);
    // The same document cannot be claimed again.
    const again = await runPrint(deps, request, renderTestPdf);
    expect(!again.ok && again.error.code).toBe('already_live');
  });

  it('a wrong PIN fails the row and holds nothing', async () => {
    const { deps, ledger, table, applicationId, request } = setup();
    const r = await runPrint(deps, { ...request, proof: { kind: 'pin', pin: '000000' } }, renderTestPdf);
    expect(!r.ok && r.error).toMatchObject({ code: 'claim_refused', state: 'failed', registry: { code: 'wrong_pin', attemptsLeft: 2 } });
    if (!r.ok) expect(ledger.get(r.error.ledgerId ?? '')?.registrySync).toBe('none');
    expect(table.get(applicationId)?.status).toBe('ready');
  });

  it('a registry that reserved but did not answer gets the reservation released', async () => {
    const { deps, table, applicationId, request } = setup();
    table.fail('claim', 'timeout');
    const r = await runPrint(deps, request, renderTestPdf);
    expect(!r.ok && r.error).toMatchObject({ code: 'registry_unavailable', state: 'released', registry: { code: 'timeout' } });
    expect(table.get(applicationId)?.status).toBe('ready');
  });

  it('a render failure releases the entitlement', async () => {
    const { deps, table, applicationId, request, ledger } = setup();
    const r = await runPrint(deps, request, failingRender);
    expect(!r.ok && r.error).toMatchObject({ code: 'render_failed', state: 'released' });
    if (!r.ok) expect(ledger.get(r.error.ledgerId ?? '')).toMatchObject({ state: 'released', registrySync: 'done' });
    expect(table.get(applicationId)?.status).toBe('ready');
  });

  it('paper out before the job: nothing is sent, the entitlement is released, the UI gets the printer status', async () => {
    const { deps, table, applicationId, request } = setup();
    await eve.setTrayLevel(0);
    const before = eve.spooled().length;
    const r = await runPrint(deps, request, renderTestPdf);
    expect(!r.ok && r.error).toMatchObject({ code: 'printer_not_ready', state: 'released', printer: { code: 'not_ready' }, printerStatus: { paper: 'out' } });
    expect(eve.spooled().length).toBe(before);
    expect(table.get(applicationId)?.status).toBe('ready');
  });

  it('an unreachable printer: nothing is sent, the entitlement is released', async () => {
    const port = await freePortInRange();
    const gone = new IppDocumentPrinter({ kind: 'a4', uri: `ipp://localhost:${port}/ipp/print`, media: eve.media, pollIntervalMs: 200, operationTimeoutMs: 500, jobTimeoutMs: 2000 });
    const { deps, table, applicationId, request } = setup({ printers: { a4: gone } });
    const r = await runPrint(deps, request, renderTestPdf);
    expect(!r.ok && r.error).toMatchObject({ code: 'printer_not_ready', state: 'released', printer: { code: 'unreachable' } });
    expect(table.get(applicationId)?.status).toBe('ready');
    await gone.close();
  });

  it('paper runs out as the job is sent: the job waits, the technician refills, it prints', async () => {
    const { deps, table, applicationId, request } = setup({
      trace: (p) => {
        if (p === 'submit:intent-committed') eve.setTrayLevelSync(0);
      },
    });
    const seen: JobProgress[] = [];
    const r = await runPrint(deps, request, renderTestPdf, {
      onProgress: (e) => {
        seen.push(e);
        if (e.kind === 'attention' && !e.cleared) void eve.setTrayLevel(250);
      },
    });
    expect(r.ok).toBe(true);
    expect(seen.some((e) => e.kind === 'attention' && !e.cleared && e.printer.paper === 'out')).toBe(true);
    expect(table.get(applicationId)?.status).toBe('printed');
  });

  it('paper out and nobody refills: the job is canceled; as it may still print, the print is unknown and stays held', async () => {
    const { deps, ledger, table, applicationId, request } = setup({
      attentionTimeoutMs: 300,
      jobTimeoutMs: 1500,
      trace: (p) => {
        if (p === 'submit:intent-committed') eve.setTrayLevelSync(0);
      },
    });
    const r = await runPrint(deps, request, renderTestPdf);
    expect(!r.ok && r.error).toMatchObject({ code: 'outcome_unknown', state: 'unknown' });
    if (!r.ok) expect(ledger.get(r.error.ledgerId ?? '')?.reason).toMatch(/waited for a technician/);
    expect(table.get(applicationId)?.status).toBe('claimed');
    // ippeveprinter, refilled, prints the job it was told to cancel: exactly why this is unknown.
    await eve.setTrayLevel(250);
    if (!r.ok) {
      const row = ledger.get(r.error.ledgerId ?? '');
      if (row?.jobId) await printer.watch(row.jobId);
    }
  });

  it('a job the printer aborts (jam) is released with the printer reasons', async () => {
    const { deps, table, applicationId, request } = setup();
    writeFileSync(join(eve.dir, 'jam'), '');
    const r = await runPrint(deps, request, renderTestPdf);
    expect(!r.ok && r.error).toMatchObject({ code: 'print_failed', state: 'released', job: { state: 'aborted', reasons: ['aborted-by-system'] } });
    if (!r.ok) expect(printedFor(r.error.ledgerId ?? '')).toBe(0);
    expect(table.get(applicationId)?.status).toBe('ready');
  });

  it('a printer that hangs mid-job: the watch times out, the print is unknown, never retried', async () => {
    const { deps, ledger, table, applicationId, request } = setup({
      printers: { a4: new IppDocumentPrinter({ kind: 'a4', uri: eve.uri, media: eve.media, pollIntervalMs: 200, operationTimeoutMs: 400, jobTimeoutMs: 10_000, jobPollMs: 20 }) },
      trace: (p) => {
        if (p === 'submit:committed') eve.pause();
      },
    });
    writeFileSync(join(eve.dir, 'slow'), '');
    let r: Awaited<ReturnType<typeof runPrint>>;
    try {
      r = await runPrint(deps, request, renderTestPdf);
    } finally {
      eve.resume();
      letSlowJobsFinish();
    }
    expect(!r.ok && r.error).toMatchObject({ code: 'outcome_unknown', state: 'unknown' });
    if (!r.ok) expect(ledger.get(r.error.ledgerId ?? '')?.reason).toMatch(/stopped answering/);
    expect(table.get(applicationId)?.status).toBe('claimed');
    const again = await runPrint(deps, request, renderTestPdf);
    expect(!again.ok && again.error.code).toBe('already_live');
    if (!r.ok) {
      const row = ledger.get(r.error.ledgerId ?? '');
      if (row?.jobId) await printer.watch(row.jobId);
    }
    await deps.printers.a4?.close();
  });

  it('slow printer and cancel: the citizen cancels mid-print; the sheet in hand may come out, so it is unknown', async () => {
    const { deps, table, applicationId, request } = setup();
    writeFileSync(join(eve.dir, 'slow'), '');
    let ledgerId = '';
    let asked = false;
    const r = await runPrint(deps, request, renderTestPdf, {
      onLedgerId: (id) => (ledgerId = id),
      onProgress: (e) => {
        if (e.kind === 'state' && e.job.state === 'processing' && !asked) {
          asked = true;
          // The sheet in hand finishes only once the cancel has been asked for.
          void cancelPrint(deps, ledgerId).then(letSlowJobsFinish);
        }
      },
    });
    expect(asked).toBe(true);
    expect(!r.ok && r.error).toMatchObject({ code: 'outcome_unknown', state: 'unknown', job: { state: 'canceled' } });
    expect(table.get(applicationId)?.status).toBe('claimed');
    // The print command did run: the canceled job's sheet came out.
    expect(printedFor(ledgerId)).toBe(1);
    expect(await cancelPrint(deps, ledgerId)).toMatchObject({ ok: false, error: { code: 'ledger_conflict', state: 'unknown' } });
  });

  it('interrupted while printing (shutdown): the row stays submitted and boot settles it as printed', async () => {
    const { deps, ledger, table, applicationId, request } = setup();
    writeFileSync(join(eve.dir, 'slow'), '');
    const stop = new AbortController();
    const r = await runPrint(deps, request, renderTestPdf, { signal: stop.signal, onProgress: (e) => e.kind === 'state' && e.job.state === 'processing' && stop.abort() });
    expect(!r.ok && r.error).toMatchObject({ code: 'interrupted', state: 'submitted' });
    letSlowJobsFinish();
    const report = await reconcileLedger(ledger, { a4: printer }, { waitForJobMs: 10_000 });
    expect(report.printed).toBe(1);
    await syncRegistry(ledger, table);
    expect(table.get(applicationId)?.status).toBe('printed');
  });

  it('the registry is down when the print completes: printed stays owed and is told later', async () => {
    const { deps, ledger, table, applicationId, request } = setup();
    table.fail('confirmPrinted', 'unavailable');
    const r = await runPrint(deps, request, renderTestPdf);
    expect(r).toMatchObject({ ok: true, value: { registryTold: false } });
    expect(ledger.pendingRegistrySync()).toHaveLength(1);
    expect(await syncRegistry(ledger, table)).toEqual({ synced: 1, failed: 0 });
    expect(table.get(applicationId)?.status).toBe('printed');
    expect(table.violations).toEqual([]);
  });

  it('step by step through the journey’s ports: claim, render, submit, watch settles it printed; a printed row never moves again', async () => {
    const { deps, ledger, table, applicationId } = setup();
    const ports = printPorts(deps, renderTestPdf, null);
    const op = { signal: new AbortController().signal };
    const application = { id: applicationId, type: 'akta-mati' } as Application;
    const claimed = await ports.claim({ application, nik: TEST_NIK, proof: { kind: 'pin', pin: PIN } }, op);
    if (!claimed.ok) throw new Error(claimed.error.message);
    const rendered = await ports.render(claimed.value, op);
    if (!rendered.ok) throw new Error(String(rendered.error.detail));
    const submitted = await ports.submit(rendered.value, op);
    if (!submitted.ok) throw new Error(String(submitted.error.detail));
    const watched = await ports.watch(submitted.value, { ...op, onProgress: () => {} });
    expect(watched).toMatchObject({ ok: true, value: { ledgerId: claimed.value.ledgerId, registryConfirmed: true, pages: 1 } });
    expect(table.get(applicationId)?.status).toBe('printed');
    const id = claimed.value.ledgerId;
    expect(ledger.get(id)).toMatchObject({ state: 'printed', registrySync: 'done' });
    expect(ledger.markReleased(id, 'oops')).toMatchObject({ ok: false, error: { code: 'wrong_state', state: 'printed' } });
    expect(ledger.markUnknown(id, 'oops')).toMatchObject({ ok: false, error: { code: 'wrong_state', state: 'printed' } });
    // No receipt printer here: said, not thrown.
    expect(await ports.receipt({ handle: claimed.value, outcome: 'printed' }, op)).toMatchObject({ ok: false });
  });

  it('the ports say how the transaction settled: a refused submit is released; an unknown row stays unknown', async () => {
    const { deps, table, applicationId } = setup();
    const ports = printPorts(deps, renderTestPdf, null);
    const op = { signal: new AbortController().signal };
    await eve.setTrayLevel(0);
    const application = { id: applicationId, type: 'akta-mati' } as Application;
    const claimed = await ports.claim({ application, nik: TEST_NIK, proof: { kind: 'pin', pin: PIN } }, op);
    if (!claimed.ok) throw new Error(claimed.error.message);
    const rendered = await ports.render(claimed.value, op);
    if (!rendered.ok) throw new Error(String(rendered.error.detail));
    expect(await ports.submit(rendered.value, op)).toMatchObject({ ok: false, error: { code: 'paper_out', settled: 'released' } });
    expect(table.get(applicationId)?.status).toBe('ready');
    await eve.setTrayLevel(250);

    const second = setup();
    const c2 = await claimPrint(second.deps, second.request);
    if (!c2.ok) throw new Error(c2.error.message);
    second.ledger.markRendered(c2.value.ledgerId, 1);
    second.ledger.markSubmitting(c2.value.ledgerId, eve.uri, 'x');
    second.ledger.markSubmitted(c2.value.ledgerId, 1);
    second.ledger.markUnknown(c2.value.ledgerId, 'printer silent');
    expect(second.ledger.markReleased(c2.value.ledgerId, 'no')).toMatchObject({ ok: false, error: { state: 'unknown' } });
    expect(second.table.get(second.applicationId)?.status).toBe('claimed');
  });
});
