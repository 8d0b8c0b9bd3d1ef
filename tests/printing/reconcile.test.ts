import type { Database } from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IppDocumentPrinter } from '../../devices/document-printer/driver.ts';
import { jobNameFor } from '../../devices/document-printer/types.ts';
import { reconcileLedger } from '../../kiosk/printing/reconcile.ts';
import { syncRegistry } from '../../kiosk/printing/registry-sync.ts';
import { kioskMigrations } from '../../kiosk/store/migrations/index.ts';
import { openDatabase } from '../../kiosk/store/open-database.ts';
import { PrintLedger } from '../../kiosk/store/print-ledger.ts';
import { EntitlementTable } from './support/entitlement-table.ts';
import { freePortInRange, startIppEvePrinter, type IppEvePrinter } from '../support/ippeveprinter.ts';
import { samplePdf } from '../devices/document-printer/sample-pdf.ts';

const SCRIPT = ['case "$1" in', '  *jam*) echo "STATE: +media-jam" >&2; exit 1;;', '  *slow*) sleep 1;;', 'esac', 'exit 0'].join('\n');

let eve: IppEvePrinter;
let printer: IppDocumentPrinter;
let pdf: Buffer;
beforeAll(async () => {
  eve = await startIppEvePrinter({ kind: 'a4', script: SCRIPT });
  printer = new IppDocumentPrinter({ kind: 'a4', uri: eve.uri, media: eve.media, pollIntervalMs: 200, operationTimeoutMs: 2000, jobTimeoutMs: 10_000, jobPollMs: 20 });
  pdf = await samplePdf();
});
afterAll(async () => {
  await printer?.close();
  await eve?.stop();
});

const dbOf = new WeakMap<PrintLedger, Database>();
function freshLedger(): PrintLedger {
  const opened = openDatabase({ path: ':memory:', migrations: kioskMigrations });
  if (!opened.ok) throw new Error(opened.error.message);
  const ledger = new PrintLedger(opened.value.db);
  dbOf.set(ledger, opened.value.db);
  return ledger;
}

let app = 0;
/** A row left by a crash at a given point. `suffix` makes the print command jam or dawdle. */
function rowAt(l: PrintLedger, state: 'claimed' | 'rendered' | 'submitting' | 'submitted', opts: { jobId?: number; suffix?: string; jobName?: string } = {}) {
  const r = l.create({ applicationId: `APP-${++app}`, documentType: 'kk', subjectRef: 'ref', printer: 'a4' });
  if (!r.ok) throw new Error(r.error.message);
  const id = r.value.id;
  const jobName = opts.jobName ?? `${jobNameFor(id)}${opts.suffix ?? ''}`;
  if (state !== 'claimed') l.markRendered(id, 1);
  if (state === 'submitting' || state === 'submitted') l.markSubmitting(id, eve.uri, jobName);
  if (state === 'submitted') l.markSubmitted(id, opts.jobId ?? 0);
  return { id, jobName, applicationId: `APP-${app}` };
}

async function send(name: string, wait = true): Promise<number> {
  const ready = await printer.checkReady();
  if (!ready.ok) throw new Error(ready.error.message);
  const sent = await printer.submit({ name, pdf });
  if (!sent.ok) throw new Error(sent.error.message);
  if (wait) await printer.watch(sent.value.id);
  return sent.value.id;
}

describe('boot reconciliation against ippeveprinter', () => {
  it('releases rows that never reached the printer', async () => {
    const l = freshLedger();
    const claimed = rowAt(l, 'claimed');
    const rendered = rowAt(l, 'rendered');
    const report = await reconcileLedger(l, { a4: printer }, { waitForJobMs: 5000 });
    expect(report).toMatchObject({ rows: 2, released: 2, printed: 0, unknown: 0 });
    for (const r of [claimed, rendered]) expect(l.get(r.id)).toMatchObject({ state: 'released', registrySync: 'pending' });
  });

  it('finds a job sent just before the crash by its name and follows it', async () => {
    const l = freshLedger();
    const row = rowAt(l, 'submitting');
    const jobId = await send(row.jobName);
    const report = await reconcileLedger(l, { a4: printer }, { waitForJobMs: 5000 });
    expect(report.printed).toBe(1);
    expect(l.get(row.id)).toMatchObject({ state: 'printed', jobId, registrySync: 'pending' });
  });

  it('a send that was interrupted and left no job is unknown, not retried', async () => {
    const l = freshLedger();
    const row = rowAt(l, 'submitting');
    const report = await reconcileLedger(l, { a4: printer }, { waitForJobMs: 5000 });
    expect(report.unknown).toBe(1);
    expect(l.get(row.id)).toMatchObject({ state: 'unknown', registrySync: 'none' });
    expect(l.get(row.id)?.reason).toMatch(/no job with this name/);
  });

  it('asks the printer about submitted jobs: completed → printed, aborted → released, still printing → waits', async () => {
    const l = freshLedger();
    const done = rowAt(l, 'submitted', { jobId: 0 });
    const doneJob = await send(done.jobName);
    const jam = rowAt(l, 'submitted', { suffix: '-jam' });
    const jamJob = await send(jam.jobName);
    const slow = rowAt(l, 'submitted', { suffix: '-slow' });
    const slowJob = await send(slow.jobName, false);
    // The rows were written before the job ids were known; set them as the crash left them.
    const db = openRowsDb(l);
    db.prepare('UPDATE print_ledger SET job_id = ? WHERE id = ?').run(doneJob, done.id);
    db.prepare('UPDATE print_ledger SET job_id = ? WHERE id = ?').run(jamJob, jam.id);
    db.prepare('UPDATE print_ledger SET job_id = ? WHERE id = ?').run(slowJob, slow.id);

    const report = await reconcileLedger(l, { a4: printer }, { waitForJobMs: 10_000 });
    expect(report).toMatchObject({ rows: 3, printed: 2, released: 1, unknown: 0 });
    expect(l.get(done.id)?.state).toBe('printed');
    expect(l.get(jam.id)).toMatchObject({ state: 'released' });
    expect(l.get(jam.id)?.reason).toMatch(/aborted/);
    expect(l.get(slow.id)?.state).toBe('printed');
  });

  it('a job the printer no longer knows, or knows under another name, is unknown', async () => {
    const l = freshLedger();
    const forgotten = rowAt(l, 'submitted', { jobId: 99_999 });
    const otherJob = await send('adm-somebody-else');
    const reused = rowAt(l, 'submitted', { jobId: otherJob });
    const report = await reconcileLedger(l, { a4: printer }, { waitForJobMs: 5000 });
    expect(report.unknown).toBe(2);
    expect(l.get(forgotten.id)?.reason).toMatch(/no longer knows job 99999/);
    expect(l.get(reused.id)?.reason).toMatch(/not this row/);
  });

  it('a printer that does not answer, or is not configured, leaves submitted rows unknown', async () => {
    const l = freshLedger();
    const port = await freePortInRange();
    const gone = new IppDocumentPrinter({ kind: 'a4', uri: `ipp://localhost:${port}/ipp/print`, media: eve.media, pollIntervalMs: 200, operationTimeoutMs: 500, jobTimeoutMs: 1000 });
    const a = rowAt(l, 'submitted', { jobId: 1 });
    const b = rowAt(l, 'submitting');
    expect(await reconcileLedger(l, { a4: gone }, { waitForJobMs: 1000 })).toMatchObject({ unknown: 2 });
    expect(l.get(a.id)?.reason).toMatch(/did not answer/);
    expect(l.get(b.id)?.reason).toMatch(/did not answer/);
    const l2 = freshLedger();
    const c = rowAt(l2, 'submitted', { jobId: 1 });
    expect(await reconcileLedger(l2, {}, { waitForJobMs: 1000 })).toMatchObject({ unknown: 1 });
    expect(l2.get(c.id)?.reason).toMatch(/no a4 printer/);
    await gone.close();
  });

  it('a job stuck without paper past the boot wait is canceled; canceled after it began, it is unknown', async () => {
    const l = freshLedger();
    await eve.setTrayLevel(0);
    const row = rowAt(l, 'submitting');
    const sent = await printer.submit({ name: row.jobName, pdf });
    if (!sent.ok) throw new Error(sent.error.message);
    openRowsDb(l).prepare("UPDATE print_ledger SET state = 'submitted', job_id = ? WHERE id = ?").run(sent.value.id, row.id);
    // ippeveprinter cannot cancel a job that waits for paper; refill a moment after the cancel.
    const refill = setTimeout(() => void eve.setTrayLevel(250), 1500);
    const report = await reconcileLedger(l, { a4: printer }, { waitForJobMs: 500, cancelWaitMs: 8000 });
    clearTimeout(refill);
    await eve.setTrayLevel(250);
    expect(report.unknown).toBe(1);
    expect(l.get(row.id)?.reason).toMatch(/canceled after printing began/);
  });
});

describe('telling the registry', () => {
  it('confirms printed rows, releases released ones, keeps failures pending for later', async () => {
    const l = freshLedger();
    const table = new EntitlementTable();
    const claim = async (applicationId: string) => {
      table.add(applicationId, '111111');
      const r = l.create({ applicationId, documentType: 'akta-mati', subjectRef: 'ref', printer: 'a4' });
      if (!r.ok) throw new Error('create');
      await table.claim({ applicationId, ledgerId: r.value.id, nik: '3506042505900001', proof: { kind: 'pin', pin: '111111' }, kioskId: 'K' });
      return r.value.id;
    };
    const printed = await claim('A-1');
    l.markRendered(printed, 1);
    l.markSubmitting(printed, 'ipp://x', 'n');
    l.markSubmitted(printed, 5);
    l.markPrinted(printed, { reason: 'completed', sheets: 1 });
    const released = await claim('A-2');
    l.markReleased(released, 'render failed');
    // A claim that never reached the registry: releasing it holds nothing.
    table.add('A-3', '111111');
    const never = l.create({ applicationId: 'A-3', documentType: 'akta-mati', subjectRef: 'ref', printer: 'a4' });
    if (!never.ok) throw new Error('create');
    l.markReleased(never.value.id, 'interrupted');

    table.fail('confirmPrinted', 'unavailable');
    expect(await syncRegistry(l, table)).toEqual({ synced: 2, failed: 1 });
    expect(l.get(printed)?.registrySync).toBe('pending');
    expect(table.get('A-1')?.status).toBe('claimed');
    expect(table.get('A-2')?.status).toBe('ready');
    expect(l.get(never.value.id)?.registrySync).toBe('done');

    expect(await syncRegistry(l, table)).toEqual({ synced: 1, failed: 0 });
    expect(table.get('A-1')?.status).toBe('printed');
    expect(l.pendingRegistrySync()).toEqual([]);
    expect(table.violations).toEqual([]);
  });
});

/** The ledger's database, to write a row as a crash left it (job id learnt too late). */
function openRowsDb(l: PrintLedger): Database {
  const db = dbOf.get(l);
  if (!db) throw new Error('unknown ledger');
  return db;
}
