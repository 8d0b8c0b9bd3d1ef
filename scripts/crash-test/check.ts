import BetterSqlite3 from 'better-sqlite3';

/*
 * The verdict: the paper (what the printers' print commands saw finish), every kiosk's ledger and
 * the registry's own tables, compared after the last boot settled everything.
 */

export interface CheckResult {
  prints: number;
  /** Copies beyond the first of one document, plus documents printed whose entitlement came back. */
  duplicates: number;
  /** Entitlements used with no document out, or still held after every unknown was resolved. */
  lost: number;
  unknown: number;
  resolved: number;
  ledgerCounts: Record<string, number>;
  problems: string[];
}

interface LedgerRowLite {
  id: string;
  applicationId: string;
  state: string;
  registrySync: string;
  resolvedBy: string | null;
}

const ledgerIdOf = (file: string) => /^\d+-adm-([0-9a-f-]{36})\.pdf$/.exec(file)?.[1] ?? null;

export function check(paperNames: string[], ledgerPaths: string[], registryPath: string): CheckResult {
  const problems: string[] = [];
  const paper = new Map<string, number>();
  for (const f of paperNames) {
    const id = ledgerIdOf(f);
    if (!id) problems.push(`paper with no ledger id: ${f}`);
    else paper.set(id, (paper.get(id) ?? 0) + 1);
  }

  const rows: LedgerRowLite[] = [];
  let unknown = 0;
  for (const path of ledgerPaths) {
    const db = new BetterSqlite3(path, { readonly: true });
    rows.push(...(db.prepare('SELECT id, application_id AS applicationId, state, registry_sync AS registrySync, resolved_by AS resolvedBy FROM print_ledger').all() as LedgerRowLite[]));
    // Every row that was ever unknown, resolved since or not.
    unknown += (db.prepare("SELECT count(DISTINCT ledger_id) AS n FROM print_ledger_history WHERE to_state = 'unknown'").get() as { n: number }).n;
    db.close();
  }
  const resolved = rows.filter((r) => r.resolvedBy !== null).length;
  const rowById = new Map(rows.map((r) => [r.id, r]));
  const ledgerCounts: Record<string, number> = {};
  for (const r of rows) ledgerCounts[r.state] = (ledgerCounts[r.state] ?? 0) + 1;

  const reg = new BetterSqlite3(registryPath, { readonly: true });
  const apps = reg.prepare('SELECT id, status, claimed_ledger_id AS held FROM applications').all() as Array<{ id: string; status: string; held: string | null }>;
  reg.close();

  const paperOfApp = new Map<string, number>();
  for (const [id, n] of paper) {
    const row = rowById.get(id);
    if (!row) problems.push(`paper for ledger ${id}, which no kiosk's ledger knows`);
    else paperOfApp.set(row.applicationId, (paperOfApp.get(row.applicationId) ?? 0) + n);
  }

  let duplicates = 0;
  let lost = 0;
  for (const a of apps) {
    const out = paperOfApp.get(a.id) ?? 0;
    if (out > 1) {
      duplicates += out - 1;
      problems.push(`${a.id} printed ${out} times`);
    }
    if (out >= 1 && a.status === 'ready' && a.held === null) {
      duplicates += 1;
      problems.push(`${a.id} printed, yet its entitlement is back and it could print again`);
    }
    if (a.status === 'printed' && out === 0 && [...rowById.values()].some((r) => r.applicationId === a.id)) {
      lost += 1;
      problems.push(`${a.id} used up (printed at the registry) but no paper came out`);
    }
    if (a.status === 'ready' && a.held !== null) {
      lost += 1;
      problems.push(`${a.id} still held by ${a.held} after every unknown print was resolved`);
    }
  }
  for (const r of rows) {
    if (r.state === 'claimed' || r.state === 'rendered' || r.state === 'submitted') problems.push(`ledger ${r.id} still ${r.state} after the final boot`);
    if (r.state === 'unknown') problems.push(`ledger ${r.id} still unknown after resolution`);
    if (r.registrySync === 'pending') problems.push(`ledger ${r.id} (${r.state}) still owes the registry an answer`);
    if (r.state === 'printed' && (paper.get(r.id) ?? 0) !== 1) problems.push(`ledger ${r.id} says printed but paper shows ${paper.get(r.id) ?? 0}`);
    if (r.state === 'released' && (paper.get(r.id) ?? 0) > 0) problems.push(`ledger ${r.id} was released although it printed`);
  }
  return { prints: [...paper.values()].reduce((a, b) => a + b, 0), duplicates, lost, unknown, resolved, ledgerCounts, problems };
}
