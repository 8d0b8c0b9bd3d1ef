/*
 * Crash harness for exactly-once printing:
 *   npm run crash-test -- --prints N [--kiosks K] [--faults all|none|LIST] [--seed S]
 *
 * The parent plays the world: one registry shared over HTTP (`adm registry serve`, its own process),
 * an A4 printer per kiosk (ippeveprinter behind a fault-injecting IPP proxy: lost answers, delays,
 * resets, hidden job history, restarts, jobs held for paper), citizens who ask for documents (two
 * kiosks sometimes race for the same one), SIGKILL at random times and right after ledger commits,
 * and at the end a technician who answers every unknown print with the truth: the paper. Each kiosk
 * is its own process running the journey's print machine and ports. Last line:
 * `prints=N duplicates=D lost=L unknown=U resolved=R`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SeededRandom } from '../kiosk/registry/seed/random.ts';
import type { TracePoint } from '../kiosk/printing/types.ts';
import { serveRegistry } from '../tests/registry/helpers/serve.ts';
import { check } from './crash-test/check.ts';
import { kioskProcess } from './crash-test/kiosk.ts';
import { TRACE_POINTS, type Entitlement, type ToChild, type ToParent } from './crash-test/protocol.ts';
import { FAULTS, PrinterSite, entitlementRegistry, playFault, type Fault } from './crash-test/world.ts';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

interface Life {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  killed: boolean;
}

const count = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
const list = (m: Map<string, number>) => [...m].sort().map(([k, v]) => `${k} ${v}`).join(', ');

async function harness(): Promise<number> {
  const target = Number(arg('--prints') ?? '200');
  const kiosks = Number(arg('--kiosks') ?? '2');
  const faultArg = arg('--faults') ?? 'all';
  const faults: Fault[] = faultArg === 'all' ? [...FAULTS] : faultArg === 'none' ? [] : (faultArg.split(',') as Fault[]);
  if (!Number.isInteger(target) || target < 1 || !Number.isInteger(kiosks) || kiosks < 1 || kiosks > 8 || faults.some((f) => !FAULTS.includes(f))) {
    process.stderr.write(`usage: crash-test --prints N [--kiosks 1-8] [--faults all|none|${FAULTS.join(',')}] [--seed S]\n`);
    return 2;
  }
  const seed = arg('--seed') ?? String(Math.floor(Math.random() * 2 ** 31));
  const rand = new SeededRandom(`crash-test/${seed}`);
  const random = () => rand.next();
  const started = Date.now();
  process.stdout.write(`crash-test: ${target} prints on ${kiosks} kiosk(s), faults ${faults.join(',') || 'none'}, seed ${seed}\n`);

  const dir = mkdtempSync(join(tmpdir(), 'adm-crash-'));
  const registryPath = join(dir, 'registry.sqlite');
  const entitlements = await entitlementRegistry(registryPath, Math.max(40, target));
  const registry = await serveRegistry(['--path', registryPath, '--no-seed']);
  const sites = Array.from({ length: kiosks }, (_, k) => new PrinterSite(dir, `k${k + 1}`));
  await Promise.all(sites.map((s) => s.start()));

  const paper = () => sites.flatMap((s) => s.paper());
  const kills = new Map<string, number>();
  const outcomes = new Map<string, number>();
  const played = new Map<string, number>();
  const reconciled = { rows: 0, printed: 0, released: 0, unknown: 0 };
  let lives = 0;
  let handed = 0;
  let lastHanded: Entitlement | null = null;
  let resolveRefusals = 0;
  const self = fileURLToPath(import.meta.url);

  // Entitlements are offered round and round: one given back (nothing came out) is printable again,
  // one printed or held shows as not ready in the citizen's list. Only a full round of "not ready"
  // answers in a row means they are used up.
  let notReadyInARow = 0;
  const exhausted = () => notReadyInARow > entitlements.length;
  // Faults come with the citizens, not with the clock, so a fast machine meets as many as a slow one.
  const playSomeFault = () => {
    if (faults.length === 0 || random() >= 0.35) return;
    const site = sites[Math.floor(random() * sites.length)] as PrinterSite;
    const fault = faults[Math.floor(random() * faults.length)] as Fault;
    void playFault(site, fault, random).then((what) => count(played, what));
  };
  const nextEntitlement = (): Entitlement | null => {
    if (paper().length >= target || exhausted()) return null;
    playSomeFault();
    // Now and then two kiosks race for the same document.
    if (kiosks > 1 && lastHanded && random() < 0.2) return lastHanded;
    const e = entitlements[handed++ % entitlements.length] ?? null;
    lastHanded = e;
    return e;
  };

  const spawnKiosk = (k: number, mode: 'print' | 'settle'): Life => {
    lives++;
    const data = join(dir, `kiosk-${k + 1}`);
    mkdirSync(data, { recursive: true });
    const child = fork(self, ['--worker'], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, ADM_CRASH_DATA: data, ADM_CRASH_PRINTER: (sites[k] as PrinterSite).uri, ADM_CRASH_REGISTRY: registry.url, ADM_CRASH_KIOSK: `ADM-CRASH-${k + 1}`, ADM_CRASH_MODE: mode },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const life: Life = { child, killed: false, exited: new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal }))) };
    const answer = (m: ToChild) => {
      if (child.connected && !life.killed) child.send(m);
    };
    const dice = random();
    const plan =
      mode === 'settle' ? null
      : dice < 0.15 ? { at: 'boot' as const, ms: Math.floor(random() * 1500) }
      : dice < 0.5 ? { at: 'time' as const, ms: 500 + Math.floor(random() * 8000) }
      : { at: TRACE_POINTS[Math.floor(random() * TRACE_POINTS.length)] as TracePoint, nth: 1 + Math.floor(random() * 8) };
    let seen = 0;
    const kill = (why: string) => {
      if (life.killed) return;
      life.killed = true;
      child.kill('SIGKILL');
      count(kills, why);
    };
    if (plan?.at === 'boot') setTimeout(() => kill('during boot'), plan.ms).unref();
    child.on('message', (m: ToParent) => {
      switch (m.type) {
        case 'ready':
          for (const key of ['rows', 'printed', 'released', 'unknown'] as const) reconciled[key] += m.report[key];
          if (plan?.at === 'time') setTimeout(() => kill('at a random time'), plan.ms).unref();
          break;
        case 'trace':
          if (plan && plan.at === m.point && ++seen === plan.nth) kill(`after ${m.point}`);
          break;
        case 'next':
          answer({ type: 'answer', id: m.id, value: nextEntitlement() });
          break;
        case 'result':
          count(outcomes, m.outcome);
          notReadyInARow = m.outcome === 'not_listed_ready' ? notReadyInARow + 1 : 0;
          break;
        case 'truth':
          answer({ type: 'answer', id: m.id, value: paper().filter((f) => f.includes(m.ledgerId)).length });
          break;
        case 'resolved':
          if (!m.ok) resolveRefusals++;
          break;
        case 'settled':
          break;
      }
    });
    return life;
  };

  let exitCode = 0;
  try {
    // Each kiosk restarts after every kill until the paper reaches the target.
    await Promise.all(
      sites.map(async (_, k) => {
        while (paper().length < target) {
          const life = spawnKiosk(k, 'print');
          const end = await life.exited;
          if (!life.killed && end.code !== 0) throw new Error(`kiosk ${k + 1} exited with ${String(end.code ?? end.signal)} without being killed`);
          if (!life.killed && paper().length < target && exhausted()) throw new Error('ran out of entitlements before reaching the target');
        }
      }),
    );
    // The technician arrives: paper in every tray, every held job printed, then the unkilled last boots.
    for (const s of sites) s.proxy.clear();
    await Promise.all(sites.map((s) => s.setTray(250)));
    await Promise.all(sites.map((s) => s.idle(60_000)));
    for (let k = 0; k < sites.length; k++) {
      const end = await spawnKiosk(k, 'settle').exited;
      if (end.code !== 0) throw new Error(`kiosk ${k + 1}'s settling boot exited with ${String(end.code ?? end.signal)} (unknown prints or registry answers left)`);
    }
    await registry.stop();

    const result = check(paper(), sites.map((_, k) => join(dir, `kiosk-${k + 1}`, 'kiosk.sqlite')), registryPath);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    process.stdout.write(`kiosk lives: ${lives}, kills: ${[...kills.values()].reduce((a, b) => a + b, 0)} in ${seconds} s\n`);
    process.stdout.write(`  kills: ${list(kills)}\n`);
    process.stdout.write(`  faults played: ${list(played)}\n`);
    process.stdout.write(`print outcomes seen live: ${list(outcomes)}\n`);
    process.stdout.write(`boot reconciliation: ${reconciled.rows} rows → printed ${reconciled.printed}, released ${reconciled.released}, unknown ${reconciled.unknown}\n`);
    process.stdout.write(`resolution: ${result.resolved} answered with the paper's evidence, ${resolveRefusals} "not printed" refused until the printer showed the job gone\n`);
    process.stdout.write(`ledgers: ${Object.entries(result.ledgerCounts).map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
    for (const p of result.problems.slice(0, 20)) process.stdout.write(`  problem: ${p}\n`);
    process.stdout.write(`prints=${result.prints} duplicates=${result.duplicates} lost=${result.lost} unknown=${result.unknown} resolved=${result.resolved}\n`);
    exitCode = result.duplicates === 0 && result.lost === 0 && result.problems.length === 0 && result.prints >= target ? 0 : 1;
  } catch (e) {
    process.stderr.write(`crash-test: ${(e as Error).message}\n`);
    exitCode = 1;
  } finally {
    await registry.stop();
    await Promise.all(sites.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
  return exitCode;
}

if (process.argv.includes('--worker')) {
  await kioskProcess();
} else {
  process.exitCode = await harness();
}
