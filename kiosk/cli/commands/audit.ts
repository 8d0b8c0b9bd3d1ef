import type { Command } from '../command.ts';
import { loadConfig, formatProblem } from '../../config/load.ts';
import { openDatabase } from '../../store/open-database.ts';
import { kioskMigrations } from '../../store/migrations/index.ts';
import { KIOSK_DB_FILE, resolveInDataDir } from '../../store/kiosk-store.ts';
import { existsSync, readFileSync } from 'node:fs';
import { AuditTrail, verifyChain, type AuditHead } from '../../store/audit-trail.ts';
import { auditKeyPath, loadOrCreateAuditKey } from '../../maintenance/audit-key.ts';
import { exportedAuditChain } from '../../maintenance/export-read.ts';

const say = (text: string) => process.stdout.write(`${text}\n`);

/**
 * `adm audit verify --export FILE`: the chain in an export, away from the kiosk. With the key
 * (`--key FILE`, or the kiosk's own when this runs on it) every row's MAC is checked; without it,
 * that the rows follow one another. `--head SEQ:MAC` (as published to the fleet with each
 * telemetry) checks that the chain still passes where it stood then.
 */
async function verifyExport(argv: string[]): Promise<number> {
  const file = argv[argv.indexOf('--export') + 1];
  if (file === undefined) {
    process.stderr.write('usage: adm audit verify --export FILE [--key FILE] [--head SEQ:MAC]...\n');
    return 2;
  }
  const heads: AuditHead[] = [];
  for (const [i, a] of argv.entries()) {
    if (a !== '--head') continue;
    const m = /^(\d+):([\w-]+)$/.exec(argv[i + 1] ?? '');
    if (!m) {
      process.stderr.write(`adm audit: --head wants SEQ:MAC as the fleet shows it, not ${argv[i + 1] ?? '(nothing)'}\n`);
      return 2;
    }
    heads.push({ seq: Number(m[1]), mac: m[2] as string });
  }
  let keyFile = argv.includes('--key') ? argv[argv.indexOf('--key') + 1] : undefined;
  if (keyFile === undefined) {
    const loaded = loadConfig();
    const own = loaded.ok ? auditKeyPath(loaded.value.config.dataDir, loaded.value.config.maintenance.auditKeyFile) : null;
    if (own !== null && existsSync(own)) keyFile = own;
  }
  let key: Buffer | null = null;
  if (keyFile !== undefined) {
    try {
      key = Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'base64');
    } catch (e) {
      process.stderr.write(`adm audit: cannot read the audit key ${keyFile}: ${(e as Error).message}\n`);
      return 2;
    }
  }
  const rows = await exportedAuditChain(file);
  if (!rows.ok) {
    process.stderr.write(`adm audit: ${rows.error.message}\n`);
    return 1;
  }
  const v = verifyChain(rows.value, key, heads);
  if (!v.ok) {
    say(`export's audit trail broken at row ${v.brokenAt} (${v.reason}): ${v.message}`);
    return 1;
  }
  const last = rows.value.at(-1);
  say(`export's audit trail intact: ${v.rows} rows${key ? ', every MAC checked' : ' linked (no key: row contents not checked)'}${heads.length ? `, matches ${heads.length} published head(s)` : ''}; head ${last ? `${last.seq}:${last.mac}` : '(empty)'}`);
  return 0;
}

export const auditCommand: Command = {
  name: 'audit',
  summary: 'verify the maintenance audit trail (reports the first broken link) or list it',
  usage: 'verify [--export FILE [--key FILE] [--head SEQ:MAC]...] | list [--limit N]',
  async run(argv) {
    const [sub] = argv;
    if (sub !== 'verify' && sub !== 'list') {
      process.stderr.write("adm audit: say 'verify' or 'list'\n");
      return 2;
    }
    if (sub === 'verify' && argv.includes('--export')) return verifyExport(argv);
    const loaded = loadConfig();
    if (!loaded.ok) {
      for (const p of loaded.error) process.stderr.write(`${formatProblem(p)}\n`);
      return 2;
    }
    const { dataDir, maintenance } = loaded.value.config;
    const opened = openDatabase({ path: resolveInDataDir(dataDir, KIOSK_DB_FILE), migrations: kioskMigrations });
    if (!opened.ok) {
      process.stderr.write(`adm audit: ${opened.error.message}\n`);
      return 1;
    }
    try {
      const trail = new AuditTrail(opened.value.db, loadOrCreateAuditKey(dataDir, maintenance.auditKeyFile));
      if (sub === 'list') {
        const i = argv.indexOf('--limit');
        for (const e of trail.list(i >= 0 ? Number(argv[i + 1]) || 50 : 50)) {
          process.stdout.write(`${e.seq}\t${e.at}\t${e.actor}\t${e.action}\t${JSON.stringify(e.detail)}\n`);
        }
        return 0;
      }
      const v = trail.verify();
      if (v.ok) {
        process.stdout.write(`audit trail intact: ${v.rows} rows\n`);
        return 0;
      }
      process.stdout.write(`audit trail broken at row ${v.brokenAt} (${v.reason}): ${v.message}\n`);
      return 1;
    } finally {
      opened.value.db.close();
    }
  },
};
