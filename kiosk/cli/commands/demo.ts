import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import type { Command } from '../command.ts';
import { loadConfig, formatProblem } from '../../config/load.ts';
import { resolveInDataDir } from '../../store/kiosk-store.ts';
import { demoSet, type DemoEntry } from '../../registry/demo/demo-set.ts';
import { demoOldQr } from '../../registry/demo/demo-old-kk.ts';
import { isIsoDate, localDay } from '../../registry/identifiers/dates.ts';

/** The day the configured registry was seeded (the demo's moving dates hang on it), else today. */
function seededOn(path: string): string | null {
  if (!existsSync(path)) return null;
  try {
    const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare("SELECT value FROM registry_meta WHERE key = 'seeded_on'").get() as { value: string } | undefined)?.value ?? null;
    } finally {
      db.close();
    }
  } catch {
    return null;
  }
}

function table(rows: DemoEntry[]): string {
  const head = ['#', 'document', 'case', 'NIK', 'login PIN', 'document id', 'doc PIN', 'expect'];
  const body = rows.map((e, i) => [String(i + 1), e.type, e.case, e.nik, e.loginPin ?? '-', e.applicationId, e.pin ?? '-', e.date ? `${e.expect} ${e.date}` : e.expect]);
  const widths = head.map((h, c) => Math.max(h.length, ...body.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) => r.map((x, c) => x.padEnd(widths[c] ?? 0)).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

export const demoCommand: Command = {
  name: 'demo',
  summary: 'print the demo set: NIK, login PIN, document id, document PIN and QR text for each case',
  usage: '[--json] [--config FILE] [--seeded-on YYYY-MM-DD]',
  async run(argv) {
    let v: { json?: boolean; config?: string; 'seeded-on'?: string };
    try {
      v = parseArgs({ args: argv, options: { json: { type: 'boolean' }, config: { type: 'string' }, 'seeded-on': { type: 'string' } } }).values;
    } catch (e) {
      process.stderr.write(`adm demo: ${(e as Error).message}\n`);
      return 2;
    }
    let on = v['seeded-on'];
    if (on === undefined) {
      const loaded = loadConfig(v.config === undefined ? {} : { file: v.config });
      if (!loaded.ok) {
        for (const p of loaded.error) process.stderr.write(`${formatProblem(p)}\n`);
        return 2;
      }
      const c = loaded.value.config;
      on = (c.registry.mode === 'embedded' ? seededOn(resolveInDataDir(c.dataDir, c.registry.path)) : null) ?? localDay(new Date());
    }
    if (!isIsoDate(on)) {
      process.stderr.write('adm demo: --seeded-on must be a date YYYY-MM-DD\n');
      return 2;
    }
    const entries = demoSet(on);
    const oldQr = demoOldQr(on).seal;
    if (v.json) {
      process.stdout.write(`${JSON.stringify({ seededOn: on, entries, supersededDocumentQr: oldQr }, null, 2)}\n`);
      return 0;
    }
    process.stdout.write(`ADM demo set (registry seeded on ${on}); sign in with NIK + login PIN, or scan the QR text:\n\n${table(entries)}\n\nQR texts (from the citizen's SMS):\n`);
    entries.forEach((e, i) => {
      if (e.qrText) process.stdout.write(`  ${String(i + 1).padStart(2)}  ${e.qrText}\n`);
    });
    if (oldQr) process.stdout.write(`\nQR printed on the old KK (before the divorce), verifies as superseded:\n  ${oldQr}\n`);
    return 0;
  },
};
