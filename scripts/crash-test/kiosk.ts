import { join } from 'node:path';
import { createActor, toPromise } from 'xstate';
import { IppDocumentPrinter } from '../../devices/document-printer/driver.ts';
import { createPrintMachine } from '../../flows/print/print-machine.ts';
import { printPorts } from '../../kiosk/printing/journey-ports.ts';
import { reconcileLedger } from '../../kiosk/printing/reconcile.ts';
import { syncRegistry } from '../../kiosk/printing/registry-sync.ts';
import { resolvePrint } from '../../kiosk/printing/resolve.ts';
import type { PrintDeps } from '../../kiosk/printing/types.ts';
import { HttpRegistry } from '../../kiosk/registry/http/http-registry.ts';
import { localDay } from '../../kiosk/registry/identifiers/dates.ts';
import { kioskMigrations } from '../../kiosk/store/migrations/index.ts';
import { openDatabase } from '../../kiosk/store/open-database.ts';
import { PrintLedger } from '../../kiosk/store/print-ledger.ts';
import { renderTestPdf } from '../../tests/printing/support/test-render.ts';
import type { Entitlement, ToChild, ToParent } from './protocol.ts';

/**
 * One kiosk of the crash harness: its own store, its A4 printer (ippeveprinter behind the fault
 * proxy) and the shared registry over HTTP. It boots as the kiosk does (reconcile, tell the
 * registry), then prints what citizens ask for through the journey's own print machine and ports.
 * In `settle` mode it is the last, unkilled boot: it reconciles and has each unknown print answered
 * with the truth the harness knows (the paper), as a technician would.
 */
export async function kioskProcess(): Promise<void> {
  const env = (k: string) => process.env[k] ?? '';
  const send = (m: ToParent) => process.send?.(m);
  let nextId = 1;
  const pending = new Map<number, (v: unknown) => void>();
  let stopping = false;
  process.on('message', (m: ToChild) => {
    if (m.type === 'stop') stopping = true;
    else pending.get(m.id)?.(m.value);
  });
  process.on('disconnect', () => process.exit(0));
  const ask = <T>(msg: { type: 'next' } | { type: 'truth'; ledgerId: string }): Promise<T> =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, (v) => {
        pending.delete(id);
        resolve(v as T);
      });
      send({ ...msg, id } as ToParent);
    });

  const kioskId = env('ADM_CRASH_KIOSK');
  const opened = openDatabase({ path: join(env('ADM_CRASH_DATA'), 'kiosk.sqlite'), migrations: kioskMigrations });
  if (!opened.ok) throw new Error(opened.error.message);
  const ledger = new PrintLedger(opened.value.db);
  const registry = new HttpRegistry({ url: env('ADM_CRASH_REGISTRY'), deadlineMs: 3000, timeoutMs: 2500 });
  const printer = new IppDocumentPrinter({ kind: 'a4', uri: env('ADM_CRASH_PRINTER'), media: 'iso_a4_210x297mm', pollIntervalMs: 1000, operationTimeoutMs: 2000, jobTimeoutMs: 30_000, jobPollMs: 10, userName: kioskId });
  const close = async () => {
    await printer.close();
    await registry.close();
    opened.value.db.close();
  };

  const report = await reconcileLedger(ledger, { a4: printer }, { waitForJobMs: 20_000 });
  const synced = await syncRegistry(ledger, registry);
  send({ type: 'ready', report, synced: synced.synced });

  if (env('ADM_CRASH_MODE') === 'settle') {
    for (const row of ledger.list({ state: 'unknown', limit: 10_000 })) {
      for (let attempt = 0; attempt < 5; attempt++) {
        const paper = await ask<number>({ type: 'truth', ledgerId: row.id });
        const decision = paper > 0 ? 'printed' : 'not_printed';
        const r = await resolvePrint({ ledger, printers: { a4: printer }, registry, cancelWaitMs: 20_000, registryDeadlineMs: 5000 }, row.id, decision, 'technician:crash-test', `paper in the tray: ${paper}`);
        send({ type: 'resolved', ledgerId: row.id, decision, ok: r.ok, ...(r.ok ? {} : { code: r.error.code }) });
        if (r.ok) break;
        await new Promise((res) => setTimeout(res, 1000));
      }
    }
    await syncRegistry(ledger, registry);
    const left = { unknownLeft: ledger.counts().unknown, pendingSync: ledger.pendingRegistrySync().length };
    send({ type: 'settled', ...left });
    await close();
    process.exit(left.unknownLeft === 0 && left.pendingSync === 0 ? 0 : 3);
  }

  const deps: PrintDeps = {
    ledger,
    registry,
    printers: { a4: printer },
    kioskId,
    subjectRef: () => 'crash-test-subject',
    attentionTimeoutMs: 8000,
    jobTimeoutMs: 30_000,
    cancelWaitMs: 20_000,
    trace: (point, ledgerId) => send({ type: 'trace', point, ledgerId }),
  };
  const ports = printPorts(deps, renderTestPdf, null);
  while (!stopping) {
    const next = await ask<Entitlement | null>({ type: 'next' });
    if (!next) break;
    // As the journey does: the citizen's list, then the chosen document.
    const listed = await registry.listDocuments(next.nik, localDay(new Date(), 420));
    const application = listed.ok ? listed.value.find((l) => l.application.id === next.applicationId && l.kind === 'ready')?.application : undefined;
    if (!application) {
      send({ type: 'result', outcome: listed.ok ? 'not_listed_ready' : `list_${listed.error.code}` });
      continue;
    }
    const print = createActor(createPrintMachine(ports), { input: { application, nik: next.nik, proof: { kind: 'pin', pin: next.pin } } });
    print.start();
    const outcome = await toPromise(print);
    send({ type: 'result', outcome: outcome.kind === 'refused' ? `refused:${outcome.error.code}` : outcome.kind === 'printed' ? 'printed' : `${outcome.kind}:${outcome.reason}` });
  }
  await close();
  process.exit(0);
}
