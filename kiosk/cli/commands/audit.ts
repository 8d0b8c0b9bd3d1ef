import type { Command } from '../command.ts';
import { loadConfig, formatProblem } from '../../config/load.ts';
import { openDatabase } from '../../store/open-database.ts';
import { kioskMigrations } from '../../store/migrations/index.ts';
import { KIOSK_DB_FILE, resolveInDataDir } from '../../store/kiosk-store.ts';
import { AuditTrail } from '../../maintenance/audit-trail.ts';
import { loadOrCreateAuditKey } from '../../maintenance/audit-key.ts';

export const auditCommand: Command = {
  name: 'audit',
  summary: 'verify the maintenance audit trail (reports the first broken link) or list it',
  usage: 'verify | list [--limit N]',
  async run(argv) {
    const [sub] = argv;
    if (sub !== 'verify' && sub !== 'list') {
      process.stderr.write("adm audit: say 'verify' or 'list'\n");
      return 2;
    }
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
