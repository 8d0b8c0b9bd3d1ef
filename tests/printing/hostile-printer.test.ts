import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createActor, toPromise } from 'xstate';
import { IppDocumentPrinter, type IppPrinterOptions } from '../../devices/document-printer/driver.ts';
import { createPrintMachine, type PrintInput } from '../../flows/print/print-machine.ts';
import { unknownPrintAlerts } from '../../kiosk/fleet/alerts.ts';
import { LedgerSqlSources } from '../../kiosk/fleet/store-sources.ts';
import { printPorts } from '../../kiosk/printing/journey-ports.ts';
import { runPrint } from '../../kiosk/printing/run-print.ts';
import type { PrintDeps } from '../../kiosk/printing/types.ts';
import { demoSet, type DemoEntry } from '../../kiosk/registry/demo/demo-set.ts';
import { openEmbeddedRegistry, type EmbeddedRegistry } from '../../kiosk/registry/embedded/embedded-registry.ts';
import { HttpRegistry } from '../../kiosk/registry/http/http-registry.ts';
import { createRegistryServer, type RegistryServer } from '../../kiosk/registry/http/registry-server.ts';
import { kioskMigrations } from '../../kiosk/store/migrations/index.ts';
import { openDatabase } from '../../kiosk/store/open-database.ts';
import { PrintLedger } from '../../kiosk/store/print-ledger.ts';
import { seededFile } from '../registry/helpers/seeded.ts';
import { startIppFaultProxy, type IppFaultProxy } from '../support/ipp-fault-proxy.ts';
import { startIppEvePrinter, type IppEvePrinter } from '../support/ippeveprinter.ts';
import { renderTestPdf } from './support/test-render.ts';

/*
 * Exactly once against a hostile printer: ippeveprinter behind the fault proxy, and the embedded
 * registry served over HTTP (the same API a central system offers). Paper is counted on the
 * printer's side: its print command appends each finished document's name to printed.log.
 */

const SCRIPT = ['[ -f {{dir}}/jam ] && { echo "STATE: +media-jam" >&2; exit 1; }', '[ -f {{dir}}/slow ] && sleep "$(cat {{dir}}/slow)"', 'echo "$(basename "$1")" >> {{dir}}/printed.log', 'exit 0'].join('\n');
const KIOSK = 'ADM-HOSTILE';
/** The A4 documents of the demo set (KK and akta), one per test. */
const A4_DEMO = ['KK-3506-900001', 'AL-3506-900004', 'AM-3506-900006', 'KK-3506-900007', 'KK-3506-900011'];

let eve: IppEvePrinter;
let proxy: IppFaultProxy;
let seeded: { path: string; today: string; cleanup: () => void };
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  eve = await startIppEvePrinter({ kind: 'a4', script: SCRIPT });
  proxy = await startIppFaultProxy(eve.uri);
  seeded = await seededFile({ families: 0 });
});
afterAll(async () => {
  await proxy?.close();
  await eve?.stop();
  seeded?.cleanup();
});
afterEach(async () => {
  proxy.clear();
  for (const f of ['jam', 'slow']) rmSync(join(eve.dir, f), { force: true });
  while (closers.length) await closers.pop()?.();
  await idle();
});

/** Waits until ippeveprinter has finished whatever a test left on it (a canceled job's sheet). */
async function idle(): Promise<void> {
  const probe = new IppDocumentPrinter({ kind: 'a4', uri: eve.uri, media: eve.media, pollIntervalMs: 200, operationTimeoutMs: 2000, jobTimeoutMs: 15_000 });
  try {
    const end = Date.now() + 30_000;
    while (Date.now() < end) {
      const s = await probe.refreshStatus();
      if (s.ok && s.value.ippState === 'idle') return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('ippeveprinter did not become idle within 30 s');
  } finally {
    await probe.close();
  }
}

const paper = () => readFileSync(join(eve.dir, 'printed.log'), { encoding: 'utf8', flag: 'a+' }).split('\n').filter(Boolean);
const paperFor = (ledgerId: string) => paper().filter((f) => f.includes(ledgerId)).length;

async function waitFor(what: string, check: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`${what} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let fileNo = 0;
/** A kiosk (its own ledger and printer driver) and the registry over HTTP, on a fresh copy of the seeded file. */
async function kiosk(printer: Partial<IppPrinterOptions> = {}, deps: Partial<PrintDeps> = {}) {
  const path = join(seeded.path, `../registry-${++fileNo}.sqlite`);
  copyFileSync(seeded.path, path);
  const opened = openEmbeddedRegistry({ path });
  if (!opened.ok) throw new Error(opened.error.message);
  const embedded: EmbeddedRegistry = opened.value;
  const server: RegistryServer = createRegistryServer({ registry: embedded, port: 0, host: '127.0.0.1' });
  const url = await server.listen();
  const registry = new HttpRegistry({ url });
  const driver = new IppDocumentPrinter({ kind: 'a4', uri: proxy.uri, media: eve.media, pollIntervalMs: 200, operationTimeoutMs: 2000, jobTimeoutMs: 15_000, jobPollMs: 30, userName: KIOSK, ...printer });
  closers.push(async () => {
    await driver.close();
    await registry.close();
    await server.close();
    await embedded.close();
  });
  const db = openDatabase({ path: ':memory:', migrations: kioskMigrations });
  if (!db.ok) throw new Error(db.error.message);
  const ledger = new PrintLedger(db.value.db);
  const full: PrintDeps = { ledger, registry, printers: { a4: driver }, kioskId: KIOSK, subjectRef: () => 'subject-ref', attentionTimeoutMs: 5000, jobTimeoutMs: 15_000, ...deps };
  return { deps: full, ledger, registry, driver, db: db.value.db };
}

function demo(applicationId: string): { entry: DemoEntry; request: Parameters<typeof runPrint>[1] } {
  const entry = demoSet(seeded.today).find((d) => d.applicationId === applicationId);
  if (!entry?.pin) throw new Error(`no demo entry ${applicationId}`);
  return { entry, request: { applicationId, documentType: entry.type, nik: entry.nik, proof: { kind: 'pin', pin: entry.pin } } };
}

describe('exactly once against a hostile printer and the registry over HTTP', () => {
  it('the answer to Print-Job is lost and the printer keeps no history: unknown, and the citizen cannot print it again', async () => {
    const k = await kiosk();
    const { entry, request } = demo(A4_DEMO[0] as string);
    proxy.add({ op: 'Print-Job', action: 'drop-answer', times: 1 });
    proxy.add({ op: '*', action: 'hide-completed', times: Infinity });
    const first = await runPrint(k.deps, request, renderTestPdf);
    expect(!first.ok && first.error).toMatchObject({ code: 'outcome_unknown', state: 'unknown' });
    const ledgerId = first.ok ? '' : (first.error.ledgerId as string);
    await waitFor('the page came out', () => paperFor(ledgerId) > 0);
    // The citizen signs in again and tries: refused, here and at any other kiosk.
    expect((await runPrint(k.deps, request, renderTestPdf)).ok).toBe(false);
    const other = await kiosk();
    expect(await runPrint({ ...other.deps, registry: k.registry }, request, renderTestPdf)).toMatchObject({ ok: false, error: { code: 'claim_refused', registry: { code: 'already_claimed' } } });
    expect(await k.registry.claimStatus(entry.applicationId, ledgerId)).toMatchObject({ ok: true, value: { state: 'claimed' } });
    await new Promise((r) => setTimeout(r, 500));
    expect(paper().filter((f) => f.includes(entry.documentNumber.toLowerCase()) || f.includes(ledgerId))).toHaveLength(1);
  });

  it('asks Get-Jobs as the kiosk user, for completed jobs too: a printer that hides other users\' job names still gives the job back', async () => {
    const k = await kiosk();
    const { entry, request } = demo(A4_DEMO[1] as string);
    proxy.add({ op: 'Print-Job', action: 'drop-answer', times: 1 });
    proxy.add({ op: 'Get-Jobs', action: 'hide-other-users', user: KIOSK, times: Infinity });
    const r = await runPrint(k.deps, request, renderTestPdf);
    expect(r).toMatchObject({ ok: true, value: { registryTold: true } });
    const asked = proxy.seen.filter((s) => s.op === 'Get-Jobs');
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((s) => s.user === KIOSK && (s.whichJobs === 'all' || s.whichJobs === 'completed' || s.whichJobs === 'not-completed'))).toBe(true);
    expect(await k.registry.claimStatus(entry.applicationId, r.ok ? r.value.ledgerId : '')).toMatchObject({ ok: true, value: { state: 'printed' } });
  });

  it('a printer that counts no sheets aborts a job after printing began: unknown, never released', async () => {
    const k = await kiosk();
    const { entry, request } = demo(A4_DEMO[2] as string);
    writeFileSync(join(eve.dir, 'jam'), '');
    proxy.add({ op: '*', action: 'strip-sheets', times: Infinity });
    const r = await runPrint(k.deps, request, renderTestPdf);
    expect(!r.ok && r.error).toMatchObject({ code: 'outcome_unknown', state: 'unknown' });
    expect(await k.registry.claimStatus(entry.applicationId, r.ok ? '' : (r.error.ledgerId as string))).toMatchObject({ ok: true, value: { state: 'claimed' } });
  });

  it('one slow answer while the job prints does not make a good print unknown', async () => {
    const k = await kiosk({ operationTimeoutMs: 400 });
    const { entry, request } = demo(A4_DEMO[3] as string);
    writeFileSync(join(eve.dir, 'slow'), '1.5');
    let polls = 0;
    const r = await runPrint(k.deps, request, renderTestPdf, {
      onProgress: (p) => {
        // Once the job prints, the next two status answers come late.
        if (p.kind === 'state' && p.job.state === 'processing' && polls++ === 0) proxy.add({ op: 'Get-Job-Attributes', action: 'delay', ms: 700, times: 2 });
      },
    });
    expect(r).toMatchObject({ ok: true });
    expect(proxy.seen.some((s) => s.op === 'Get-Job-Attributes' && s.fault === 'delay')).toBe(true);
    expect(await k.registry.claimStatus(entry.applicationId, r.ok ? r.value.ledgerId : '')).toMatchObject({ ok: true, value: { state: 'printed' } });
  });
});

describe('one owner for each timeout: the print as the journey runs it', () => {
  const machine = (deps: PrintDeps) => createPrintMachine(printPorts(deps, renderTestPdf, null));
  async function input(registry: HttpRegistry, request: Parameters<typeof runPrint>[1]): Promise<PrintInput> {
    const listed = await registry.listDocuments(request.nik, seeded.today);
    const application = listed.ok ? listed.value.find((l) => l.application.id === request.applicationId)?.application : undefined;
    if (!application) throw new Error(`${request.applicationId} is not listed`);
    return { application, nik: request.nik, proof: request.proof };
  }

  it('a job still printing at its deadline is canceled and seen to end, so the next citizen is not told the printer is busy', async () => {
    const k = await kiosk({}, { jobTimeoutMs: 1500 });
    const { request } = demo(A4_DEMO[4] as string);
    writeFileSync(join(eve.dir, 'slow'), '4');
    const print = createActor(machine(k.deps), { input: await input(k.registry, request) });
    print.start();
    const outcome = await toPromise(print);
    expect(outcome).toMatchObject({ kind: 'unknown' });
    const row = k.ledger.get(outcome.kind === 'unknown' ? outcome.ledgerId : '');
    expect(row).toMatchObject({ state: 'unknown' });
    expect(row?.reason).toMatch(/canceled after printing began/);
    // The kiosk canceled the job and saw it end: nothing is left running for the next citizen.
    expect(await k.driver.job(row?.jobId ?? 0)).toMatchObject({ ok: true, value: { state: 'canceled' } });
  });

  it('"nothing came out" after a completed job: up for review with a fleet alert, the entitlement stays used, nothing reprinted', async () => {
    const k = await kiosk();
    const { request } = demo(A4_DEMO[2] as string);
    const ports = printPorts(k.deps, renderTestPdf, null);
    const print = createActor(createPrintMachine(ports), { input: await input(k.registry, request) });
    print.start();
    const outcome = await toPromise(print);
    expect(outcome).toMatchObject({ kind: 'printed' });
    const ledgerId = outcome.kind === 'printed' ? outcome.ledgerId : '';
    expect(await ports.reportNothingOut(ledgerId, { signal: AbortSignal.timeout(5000) })).toEqual({ ok: true, value: undefined });
    expect(k.ledger.get(ledgerId)).toMatchObject({ state: 'printed', review: 'citizen: nothing came out', reviewClosedAt: null });
    const alerts = unknownPrintAlerts(new LedgerSqlSources(k.db).unknownPrints());
    expect(alerts).toEqual([{ kind: 'print.reported_missing', subject: ledgerId, data: { documentType: request.documentType } }]);
    // Never an automatic reprint: the registry still says printed, a new claim is refused.
    expect(await k.registry.claimStatus(request.applicationId, ledgerId)).toMatchObject({ ok: true, value: { state: 'printed' } });
    expect(await runPrint(k.deps, request, renderTestPdf)).toMatchObject({ ok: false, error: { code: 'already_live' } });
    const other = await kiosk();
    expect(await runPrint({ ...other.deps, registry: k.registry }, request, renderTestPdf)).toMatchObject({ ok: false, error: { code: 'claim_refused', registry: { code: 'already_claimed' } } });
    expect(paperFor(ledgerId)).toBe(1);
  });

  it('a printer slow to say it is ready is waited for: the print is not made unknown by a shorter timer', async () => {
    const k = await kiosk({ operationTimeoutMs: 3000 });
    const { request } = demo(A4_DEMO[0] as string);
    const print = createActor(machine(k.deps), { input: await input(k.registry, request) });
    proxy.add({ op: 'Get-Printer-Attributes', action: 'delay', ms: 1500, times: 1 });
    print.start();
    expect(await toPromise(print)).toMatchObject({ kind: 'printed' });
  });
});
