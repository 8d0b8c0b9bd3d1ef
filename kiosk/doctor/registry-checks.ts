import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import type { CheckOutcome, DoctorCheck } from './check.ts';
import { resolveInDataDir } from '../store/kiosk-store.ts';
import { registryMigrations } from '../registry/embedded/migrations.ts';
import { HttpRegistry } from '../registry/http/http-registry.ts';

function embeddedCheck(path: string): CheckOutcome[] {
  if (!existsSync(path)) return [{ status: 'ok', detail: `${path} does not exist yet; the first start creates it with the demo set` }];
  try {
    // Read-only: the doctor never migrates or seeds.
    const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    try {
      const quick = db.pragma('quick_check', { simple: true }) as string;
      const version = db.pragma('user_version', { simple: true }) as number;
      if (quick !== 'ok') return [{ status: 'fail', detail: `${path} is damaged: ${quick}` }];
      if (version > registryMigrations.length) return [{ status: 'fail', detail: `${path} has schema ${version}, newer than this software (${registryMigrations.length})` }];
      if (version === 0) return [{ status: 'warn', detail: `${path} has no registry schema yet` }];
      const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      const persons = n('SELECT count(*) AS n FROM persons');
      const ready = n("SELECT count(*) AS n FROM applications WHERE status = 'ready' AND claimed_ledger_id IS NULL");
      const held = n("SELECT count(*) AS n FROM applications WHERE status = 'ready' AND claimed_ledger_id IS NOT NULL");
      const offices = n('SELECT count(*) AS n FROM offices');
      const seeded = (db.prepare("SELECT value FROM registry_meta WHERE key = 'seeded_on'").get() as { value: string } | undefined)?.value;
      const out: CheckOutcome[] = [{
        status: persons > 0 && offices > 0 ? 'ok' : 'warn',
        detail: `${path}: schema ${version} of ${registryMigrations.length}, ${persons} persons, ${ready} documents ready, ${offices} signing offices${seeded ? `, seeded on ${seeded}` : ''}`,
      }];
      // Claims a kiosk never confirmed nor released keep an entitlement from its citizen.
      if (held > 0) out.push({ status: 'warn', detail: `${held} document(s) claimed by a kiosk and neither confirmed nor released: the kiosk reconciles them at boot` });
      return out;
    } finally {
      db.close();
    }
  } catch (e) {
    return [{ status: 'fail', detail: `${path} is not a readable SQLite file: ${(e as Error).message}` }];
  }
}

export const registryCheck: DoctorCheck = {
  name: 'registry',
  async run(config, signal) {
    const c = config.registry;
    if (c.mode === 'embedded') return embeddedCheck(resolveInDataDir(config.dataDir, c.path));
    const tls: { ca?: Buffer; cert?: Buffer; key?: Buffer } = {};
    for (const k of ['ca', 'cert', 'key'] as const) {
      const file = c.tls[k];
      if (file === undefined) continue;
      try {
        accessSync(file, constants.R_OK);
        tls[k] = readFileSync(file);
      } catch (e) {
        return [{ status: 'fail', detail: `registry.tls.${k} ${file}: ${(e as Error).message}` }];
      }
    }
    if (Boolean(tls.cert) !== Boolean(tls.key)) return [{ status: 'fail', detail: 'registry.tls.cert and registry.tls.key go together (mutual TLS)' }];
    const reg = new HttpRegistry({ url: c.url as string, timeoutMs: c.timeoutMs, deadlineMs: c.deadlineMs, retries: 0, tls });
    const t0 = Date.now();
    try {
      const r = await reg.ping({ signal });
      return r.ok
        ? [{ status: 'ok', detail: `${c.url} answers (${Date.now() - t0} ms${tls.cert ? ', mutual TLS' : ''})` }]
        : [{ status: 'fail', detail: `${c.url} not usable: ${r.error.code}: ${r.error.message}` }];
    } finally {
      await reg.close();
    }
  },
};
