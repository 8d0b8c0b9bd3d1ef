/*
 * Crash harness for exactly-once printing: `npm run crash-test -- --prints N [--seed S]`.
 *
 * The parent plays the world outside the kiosk: a real IPP printer (ippeveprinter, whose print
 * command appends each finished document's name to printed.log — the paper) and the registry's
 * entitlement table, reached over the child's IPC channel like a remote service. The child is the
 * kiosk: it opens the store, reconciles the ledger, tells the registry, then prints one entitlement
 * after another through the real pipeline. The parent kills it with SIGKILL at random times and right
 * after random ledger commits, restarts it, and once N documents are out, checks that no document
 * came out twice and no entitlement was lost. Last line: `prints=N duplicates=D lost=L unknown=U`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { IppDocumentPrinter } from '../devices/document-printer/ipp-printer.ts';
import type { TracePoint } from '../kiosk/printing/types.ts';
import { runPrint } from '../kiosk/printing/run-print.ts';
import type { Registry } from '../kiosk/registry/registry.ts';
import { openDatabase } from '../kiosk/store/open-database.ts';
import { kioskMigrations } from '../kiosk/store/migrations/index.ts';
import { PrintLedger, type LedgerRow } from '../kiosk/store/print-ledger.ts';
import { reconcileLedger, type ReconcileReport } from '../kiosk/printing/reconcile.ts';
import { syncRegistry } from '../kiosk/printing/registry-sync.ts';
import { EntitlementTable, TEST_NIK } from '../tests/printing/support/entitlement-table.ts';
import { renderTestPdf } from '../tests/printing/support/test-render.ts';
import { startIppEvePrinter } from '../tests/support/ippeveprinter.ts';

type RegistryCall = 'claim' | 'confirmPrinted' | 'release';

type ToParent =
  | { type: 'ready'; report: ReconcileReport; synced: number }
  | { type: 'registry'; id: number; call: RegistryCall; args: unknown[] }
  | { type: 'next'; id: number }
  | { type: 'trace'; point: TracePoint; ledgerId: string }
  | { type: 'result'; ok: boolean; code?: string };

type ToChild = { type: 'answer'; id: number; value: unknown } | { type: 'stop' };

const TRACE_POINTS: TracePoint[] = [
  'claim:row-committed',
  'claim:registry-answered',
  'render:committed',
  'submit:intent-committed',
  'submit:accepted',
  'submit:committed',
  'watch:finished',
  'settle:committed',
  'settle:registry-told',
];

/** mulberry32: a seeded generator, so a failing run can be repeated with its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/* ---------------------------------------------------------------- the kiosk (child) */

async function kiosk(): Promise<void> {
  const send = (m: ToParent) => process.send?.(m);
  let nextId = 1;
  const pending = new Map<number, (v: unknown) => void>();
  let stopping = false;
  process.on('message', (m: ToChild) => {
    if (m.type === 'stop') stopping = true;
    else pending.get(m.id)?.(m.value);
  });
  process.on('disconnect', () => process.exit(0));
  const ask = <T>(msg: { type: 'registry'; call: RegistryCall; args: unknown[] } | { type: 'next' }): Promise<T> =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, (v) => {
        pending.delete(id);
        resolve(v as T);
      });
      send({ ...msg, id } as ToParent);
    });
  // The registry as a remote service: every call crosses the process boundary.
  const registry: Pick<Registry, 'claim' | 'confirmPrinted' | 'release'> = {
    claim: (request) => ask({ type: 'registry', call: 'claim', args: [request] }),
    confirmPrinted: (applicationId, ledgerId) => ask({ type: 'registry', call: 'confirmPrinted', args: [applicationId, ledgerId] }),
    release: (applicationId, ledgerId, reason) => ask({ type: 'registry', call: 'release', args: [applicationId, ledgerId, reason] }),
  };

  const opened = openDatabase({ path: join(process.env.ADM_CRASH_DATA ?? '', 'kiosk.sqlite'), migrations: kioskMigrations });
  if (!opened.ok) throw new Error(opened.error.message);
  const ledger = new PrintLedger(opened.value.db);
  const printer = new IppDocumentPrinter({
    kind: 'a4',
    uri: process.env.ADM_CRASH_PRINTER ?? '',
    media: 'iso_a4_210x297mm',
    pollIntervalMs: 1000,
    operationTimeoutMs: 5000,
    jobTimeoutMs: 30_000,
    jobPollMs: 5,
    userName: 'ADM-CRASH-TEST',
  });

  const report = await reconcileLedger(ledger, { a4: printer }, { waitForJobMs: 20_000 });
  const synced = await syncRegistry(ledger, registry);
  send({ type: 'ready', report, synced: synced.synced });
  if (process.env.ADM_CRASH_MODE === 'settle') {
    await printer.close();
    opened.value.db.close();
    process.exit(synced.failed === 0 ? 0 : 3);
  }

  const deps = {
    ledger,
    registry,
    printers: { a4: printer },
    kioskId: 'ADM-CRASH-TEST',
    subjectRef: () => 'crash-test-subject',
    attentionTimeoutMs: 10_000,
    jobTimeoutMs: 30_000,
    trace: (point: TracePoint, ledgerId: string) => send({ type: 'trace', point, ledgerId }),
  };
  while (!stopping) {
    const next = await ask<{ applicationId: string; pin: string } | null>({ type: 'next' });
    if (!next) break;
    const r = await runPrint(deps, { applicationId: next.applicationId, documentType: 'akta-mati', nik: TEST_NIK, proof: { kind: 'pin', pin: next.pin } }, renderTestPdf);
    send(r.ok ? { type: 'result', ok: true } : { type: 'result', ok: false, code: r.error.code });
  }
  await printer.close();
  opened.value.db.close();
  process.exit(0);
}

/* ---------------------------------------------------------------- the world (parent) */

function meanOf() {
  let n = 0;
  let sum = 0;
  return { add: (v: number) => ((n += 1), (sum += v)), mean: () => (n === 0 ? 0 : sum / n) };
}

interface Life {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  killed: boolean;
}

async function harness(): Promise<number> {
  const target = Number(arg('--prints') ?? '200');
  if (!Number.isInteger(target) || target < 1) {
    process.stderr.write('usage: crash-test --prints N [--seed S]\n');
    return 2;
  }
  const seed = Number(arg('--seed') ?? Math.floor(Math.random() * 2 ** 31));
  const random = rng(seed);
  const started = Date.now();
  process.stdout.write(`crash-test: target ${target} prints, seed ${seed}\n`);

  const printer = await startIppEvePrinter({ kind: 'a4', script: 'echo "$(basename "$1")" >> {{dir}}/printed.log' });
  const dataDir = mkdtempSync(join(tmpdir(), 'adm-crash-'));
  const printedLog = join(printer.dir, 'printed.log');
  const table = new EntitlementTable();
  const pins = new Map<string, string>();
  for (let i = 1; i <= target * 2 + 50; i++) {
    const id = `APP-${String(i).padStart(5, '0')}`;
    const pin = String(100000 + ((i * 7919) % 900000));
    table.add(id, pin);
    pins.set(id, pin);
  }

  const physical = (): string[] => (existsSync(printedLog) ? readFileSync(printedLog, 'utf8').split('\n').filter((l) => l.length > 0) : []);
  const kills = new Map<string, number>();
  const outcomes = new Map<string, number>();
  const reconciled = { rows: 0, printed: 0, released: 0, unknown: 0 };
  let lives = 0;
  const bootMs = meanOf();
  const printMs = meanOf();
  const self = fileURLToPath(import.meta.url);

  const spawnKiosk = (mode: 'print' | 'settle'): Life => {
    lives++;
    const child = fork(self, ['--worker'], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, ADM_CRASH_DATA: dataDir, ADM_CRASH_PRINTER: printer.uri, ADM_CRASH_MODE: mode },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const life: Life = {
      child,
      killed: false,
      exited: new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal }))),
    };
    const answer = (m: ToChild) => {
      if (child.connected && !life.killed) child.send(m);
    };
    // A kill plan for this life: during boot, at a random moment of printing, or right after the
    // nth ledger commit of a random kind.
    const dice = random();
    const plan =
      mode === 'settle' ? null
      : dice < 0.15 ? { at: 'boot' as const, ms: Math.floor(random() * 1200) }
      : dice < 0.5 ? { at: 'time' as const, ms: Math.floor(random() * 12 * Math.max(printMs.mean(), 20)) }
      : { at: TRACE_POINTS[Math.floor(random() * TRACE_POINTS.length)] as TracePoint, nth: 1 + Math.floor(random() * 10) };
    let seen = 0;
    const spawnedAt = performance.now();
    let lastResultAt = 0;
    const kill = (why: string) => {
      if (life.killed) return;
      life.killed = true;
      child.kill('SIGKILL');
      kills.set(why, (kills.get(why) ?? 0) + 1);
    };
    if (plan?.at === 'boot') setTimeout(() => kill('during boot'), plan.ms).unref();
    child.on('message', async (m: ToParent) => {
      switch (m.type) {
        case 'ready':
          bootMs.add(performance.now() - spawnedAt);
          lastResultAt = performance.now();
          for (const k of ['rows', 'printed', 'released', 'unknown'] as const) reconciled[k] += m.report[k];
          if (plan?.at === 'time') setTimeout(() => kill('at a random time'), plan.ms).unref();
          break;
        case 'trace':
          if (plan && plan.at === m.point && ++seen === plan.nth) kill(`after ${m.point}`);
          break;
        case 'registry': {
          // The registry handles the call even if the kiosk is gone by now: the answer is lost.
          const [a, b] = m.args as [never, string];
          const value = m.call === 'claim' ? await table.claim(a) : m.call === 'confirmPrinted' ? await table.confirmPrinted(a, b) : await table.release(a, b);
          answer({ type: 'answer', id: m.id, value });
          break;
        }
        case 'next': {
          const id = physical().length >= target ? null : table.nextReady();
          answer({ type: 'answer', id: m.id, value: id ? { applicationId: id, pin: pins.get(id) } : null });
          break;
        }
        case 'result':
          if (m.ok) printMs.add(performance.now() - lastResultAt);
          lastResultAt = performance.now();
          outcomes.set(m.ok ? 'printed' : (m.code ?? 'error'), (outcomes.get(m.ok ? 'printed' : (m.code ?? 'error')) ?? 0) + 1);
          break;
      }
    });
    return life;
  };

  let exitCode = 0;
  try {
    while (physical().length < target) {
      const life = spawnKiosk('print');
      const end = await life.exited;
      if (!life.killed && end.code !== 0) throw new Error(`kiosk exited with ${String(end.code ?? end.signal)} without being killed`);
      if (!life.killed && physical().length < target && table.nextReady() === null) throw new Error('ran out of entitlements before reaching the target');
    }
    // One last boot with no kill: it settles whatever the last kill left.
    const last = spawnKiosk('settle');
    const end = await last.exited;
    if (end.code !== 0) throw new Error(`final settling boot exited with ${String(end.code ?? end.signal)}`);

    const result = check(table, physical(), printer.spooled(), join(dataDir, 'kiosk.sqlite'));
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(`kiosk lives: ${lives}, kills: ${[...kills.values()].reduce((a, b) => a + b, 0)} in ${seconds} s\n`);
    for (const [why, n] of [...kills].sort()) process.stdout.write(`  killed ${why}: ${n}\n`);
    process.stdout.write(`kiosk boot (spawn to reconciled) ${bootMs.mean().toFixed(0)} ms mean; one print ${printMs.mean().toFixed(0)} ms mean\n`);
    process.stdout.write(`print outcomes seen live: ${[...outcomes].map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
    process.stdout.write(`boot reconciliation: ${reconciled.rows} rows → printed ${reconciled.printed}, released ${reconciled.released}, unknown ${reconciled.unknown}\n`);
    process.stdout.write(`ledger: ${Object.entries(result.ledgerCounts).map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
    for (const p of result.problems.slice(0, 20)) process.stdout.write(`  problem: ${p}\n`);
    if (result.unknownThatPrinted + result.unknownNotPrinted > 0) {
      process.stdout.write(`unknown rows: ${result.unknownThatPrinted} did print, ${result.unknownNotPrinted} did not (a technician would check the tray)\n`);
    }
    process.stdout.write(`prints=${result.prints} duplicates=${result.duplicates} lost=${result.lost} unknown=${result.unknown}\n`);
    exitCode = result.duplicates === 0 && result.lost === 0 && result.problems.length === 0 && result.prints >= target ? 0 : 1;
  } catch (e) {
    process.stderr.write(`crash-test: ${(e as Error).message}\n${printer.output().slice(-2000)}\n`);
    exitCode = 1;
  } finally {
    await printer.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return exitCode;
}

interface CheckResult {
  prints: number;
  duplicates: number;
  lost: number;
  unknown: number;
  unknownThatPrinted: number;
  unknownNotPrinted: number;
  ledgerCounts: Record<string, number>;
  problems: string[];
}

/** Compares the paper (printed.log), the spool, the ledger and the registry's table. */
function check(table: EntitlementTable, printedNames: string[], spooled: string[], dbPath: string): CheckResult {
  const ledgerIdOf = (file: string) => /^\d+-adm-([0-9a-f-]{36})\.pdf$/.exec(file)?.[1] ?? null;
  const problems: string[] = [...table.violations];
  const paper = new Map<string, number>();
  for (const f of printedNames) {
    const id = ledgerIdOf(f);
    if (!id) problems.push(`printed a document with no ledger id: ${f}`);
    else paper.set(id, (paper.get(id) ?? 0) + 1);
  }
  const sent = new Map<string, number>();
  for (const f of spooled) {
    const id = ledgerIdOf(f);
    if (id) sent.set(id, (sent.get(id) ?? 0) + 1);
  }
  for (const [id, n] of sent) if (n > 1) problems.push(`ledger ${id} was sent to the printer ${n} times`);

  const db = new BetterSqlite3(dbPath, { readonly: true });
  const rows = db.prepare('SELECT id, application_id AS applicationId, state, registry_sync AS registrySync FROM print_ledger').all() as Array<Pick<LedgerRow, 'id' | 'applicationId' | 'state' | 'registrySync'>>;
  db.close();
  const rowById = new Map(rows.map((r) => [r.id, r]));
  const ledgerCounts: Record<string, number> = {};
  for (const r of rows) ledgerCounts[r.state] = (ledgerCounts[r.state] ?? 0) + 1;

  let duplicates = 0;
  let lost = 0;
  let unknownThatPrinted = 0;
  let unknownNotPrinted = 0;
  for (const [id] of paper) if (!rowById.has(id)) problems.push(`paper for ledger ${id}, which the ledger does not know`);
  for (const e of table.entitlements.values()) {
    const out = e.claims.reduce((n, id) => n + (paper.get(id) ?? 0), 0);
    if (out > 1) {
      duplicates += out - 1;
      problems.push(`${e.applicationId} printed ${out} times (ledger ids ${e.claims.join(', ')})`);
    }
    if (out >= 1 && e.status === 'ready') {
      duplicates += 1;
      problems.push(`${e.applicationId} printed but its entitlement is ready to print again`);
    }
    if (e.status === 'printed' && out === 0) {
      lost += 1;
      problems.push(`${e.applicationId} confirmed printed but no paper came out`);
    }
    if (e.status === 'claimed') {
      const row = e.ledgerId ? rowById.get(e.ledgerId) : undefined;
      if (row?.state === 'unknown') {
        if ((paper.get(row.id) ?? 0) > 0) unknownThatPrinted++;
        else unknownNotPrinted++;
      } else {
        lost += 1;
        problems.push(`${e.applicationId} is held by ${e.ledgerId ?? '?'} (ledger ${row?.state ?? 'missing'}) with no technician decision pending`);
      }
    }
  }
  for (const r of rows) {
    if (r.state === 'claimed' || r.state === 'rendered' || r.state === 'submitted') problems.push(`ledger ${r.id} still ${r.state} after the final boot`);
    if (r.registrySync === 'pending') problems.push(`ledger ${r.id} (${r.state}) still owes the registry an answer`);
    if (r.state === 'printed' && (paper.get(r.id) ?? 0) !== 1) problems.push(`ledger ${r.id} says printed but paper shows ${paper.get(r.id) ?? 0}`);
    if (r.state === 'released' && (paper.get(r.id) ?? 0) > 0) problems.push(`ledger ${r.id} was released although it printed`);
  }
  return {
    prints: [...paper.values()].reduce((a, b) => a + b, 0),
    duplicates,
    lost,
    unknown: ledgerCounts['unknown'] ?? 0,
    unknownThatPrinted,
    unknownNotPrinted,
    ledgerCounts,
    problems,
  };
}

if (process.argv.includes('--worker')) {
  await kiosk();
} else {
  process.exitCode = await harness();
}
