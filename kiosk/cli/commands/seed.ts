import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { configFromFile, type Command } from '../command.ts';
import { onEmbeddedRegistry } from '../embedded-registry.ts';
import { resolveInDataDir } from '../../store/kiosk-store.ts';
import { seedRegistry, MAX_SEED_FAMILIES } from '../../registry/seed/seed.ts';
import { isIsoDate, localDay } from '../../registry/identifiers/dates.ts';

export const seedCommand: Command = {
  name: 'seed',
  summary: 'fill a new embedded registry with the demo set and generated families (deterministic per seed)',
  usage: '--families N --seed S [--today YYYY-MM-DD] [--path FILE | --config FILE] [--no-demo] [--replace] [--credentials FILE.json]',
  async run(argv) {
    let v: Record<string, string | boolean | undefined>;
    try {
      v = parseArgs({
        args: argv,
        options: {
          families: { type: 'string', default: '50' }, seed: { type: 'string', default: 'adm-kediri' }, today: { type: 'string' },
          path: { type: 'string' }, config: { type: 'string' }, 'no-demo': { type: 'boolean' }, replace: { type: 'boolean' }, credentials: { type: 'string' },
        },
      }).values;
    } catch (e) {
      process.stderr.write(`adm seed: ${(e as Error).message}\nusage: adm seed ${this.usage}\n`);
      return 2;
    }
    const families = Number(v.families);
    const today = typeof v.today === 'string' ? v.today : localDay(new Date());
    if (!Number.isInteger(families) || families < 0 || families > MAX_SEED_FAMILIES || !isIsoDate(today)) {
      process.stderr.write(`adm seed: --families must be 0 to ${MAX_SEED_FAMILIES} and --today a date YYYY-MM-DD\n`);
      return 2;
    }
    let path = typeof v.path === 'string' ? v.path : undefined;
    if (path === undefined) {
      const loaded = configFromFile(typeof v.config === 'string' ? v.config : undefined);
      if (!loaded) return 2;
      path = resolveInDataDir(loaded.config.dataDir, loaded.config.registry.path);
    }
    if (existsSync(path)) {
      if (!v.replace) {
        process.stderr.write(`adm seed: ${path} exists; pass --replace to start it over (its population and claims are lost)\n`);
        return 1;
      }
      for (const f of [path, `${path}-wal`, `${path}-shm`]) rmSync(f, { force: true });
    }
    return onEmbeddedRegistry('seed', path, async (registry) => {
      const r = await seedRegistry(registry, { families, seed: String(v.seed), today, demo: !v['no-demo'] });
      if (!r.ok) {
        process.stderr.write(`adm seed: ${r.error.message}\n`);
        return 1;
      }
      const s = r.value;
      if (typeof v.credentials === 'string') writeFileSync(v.credentials, `${JSON.stringify(s.credentials, null, 2)}\n`, { mode: 0o600 });
      process.stdout.write(`seeded ${path}: ${s.persons} persons, ${s.families} active KK, ${s.applications} applications (${s.ready} ready), ${s.offices} offices in ${s.ms} ms (seed "${String(v.seed)}", ${today})\n`);
      if (typeof v.credentials === 'string') process.stdout.write(`PINs and QR texts of the ${s.credentials.length} ready documents: ${v.credentials}\n`);
      return 0;
    });
  },
};
