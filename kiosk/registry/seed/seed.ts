import { err, ok, type Result } from '../../../core/result.ts';
import type { IsoDate } from '../../../core/domain.ts';
import type { EmbeddedRegistry } from '../embedded/embedded-registry.ts';
import { qrText } from '../embedded/secrets.ts';
import { addDemoPopulation } from '../demo/demo-population.ts';
import { DEMO_DATES, DEMO_NUMBERS } from '../demo/demo-set.ts';
import { generateFamily } from './families.ts';
import { PopulationBuilder } from './population.ts';
import { simulatedOffices } from './offices-table.ts';
import { writePopulation } from './write.ts';

export interface SeedOptions {
  /** Generated families besides the demo set. */
  families: number;
  /** Any text; the same seed and date give the same registry, byte for byte in its rows. */
  seed: string;
  /** The day of seeding: ages, "recent" documents and the 16-year-old are placed relative to it. */
  today: IsoDate;
  /** Include the fixed demo set (default true). */
  demo?: boolean;
}

/** A ready document's secrets in clear, for load tests and walk-throughs (never stored by the registry). */
export interface SeedCredential {
  applicationId: string;
  type: string;
  status: string;
  applicantNik: string;
  loginPin: string | null;
  pin: string;
  qrText: string;
  printableFrom: IsoDate | null;
}

export interface SeedSummary {
  persons: number;
  families: number;
  applications: number;
  ready: number;
  offices: number;
  ms: number;
  credentials: SeedCredential[];
}

export type SeedError = { code: 'not_empty'; message: string } | { code: 'bad_options'; message: string };

export const MAX_SEED_FAMILIES = 100_000;

/** Fills an empty embedded registry: offices with signing keys, the demo set, and generated families. */
export async function seedRegistry(registry: EmbeddedRegistry, options: SeedOptions): Promise<Result<SeedSummary, SeedError>> {
  const started = performance.now();
  if (!Number.isInteger(options.families) || options.families < 0 || options.families > MAX_SEED_FAMILIES) {
    return err({ code: 'bad_options', message: `families must be a whole number from 0 to ${MAX_SEED_FAMILIES}` });
  }
  if (registry.stats().persons > 0) return err({ code: 'not_empty', message: `${registry.path} already holds population data; seed a new file` });
  const b = new PopulationBuilder(options.seed);
  b.pop.offices.push(...simulatedOffices());
  if (options.demo ?? true) addDemoPopulation(b, options.today);
  for (let i = 0; i < options.families; i++) generateFamily(b, options.today);
  await writePopulation(registry, b);
  registry.db.transaction(() => {
    registry.setMeta('seed', options.seed);
    registry.setMeta('seeded_on', options.today);
    registry.setMeta('families', String(options.families));
    registry.setMeta('demo', options.demo ?? true ? '1' : '0');
    if (options.demo ?? true) {
      const change = registry.db.prepare('INSERT INTO civil_changes (kind, recorded_on, reference, detail) VALUES (?, ?, ?, ?)');
      change.run('death', DEMO_DATES.deathRegistered, DEMO_NUMBERS.aktaSuparman, JSON.stringify({ superseded: [DEMO_NUMBERS.kkCOld], demo: true }));
      change.run('divorce', DEMO_DATES.divorceRegistered, DEMO_NUMBERS.divorceDecision, JSON.stringify({ superseded: [DEMO_NUMBERS.kkDOld], demo: true }));
    }
  })();
  const logins = new Map(b.pop.registrations.map((r) => [r.nik, r.pin]));
  const credentials = b.pop.applications
    .filter((a) => a.status === 'ready' && a.pin !== null && a.qrSecret !== null)
    .map((a) => ({
      applicationId: a.id, type: a.type, status: a.status, applicantNik: a.applicantNik, loginPin: logins.get(a.applicantNik) ?? null,
      pin: a.pin as string, qrText: qrText(a.id, a.qrSecret as string), printableFrom: a.printableFrom,
    }));
  const stats = registry.stats();
  registry.log?.event('registry.seeded', { families: options.families, demo: options.demo ?? true, persons: stats.persons, applications: stats.applications, ms: Math.round(performance.now() - started) });
  return ok({ ...stats, ms: Math.round(performance.now() - started), credentials });
}

/** Default content of a first `npm start`: the demo set and a dozen generated families. */
export const DEFAULT_SEED = { families: 12, seed: 'adm-kediri' } as const;

/** Seeds the registry when it holds no population yet (first start); returns whether it did. */
export async function ensureSeeded(registry: EmbeddedRegistry, today: IsoDate, options: Partial<Pick<SeedOptions, 'families' | 'seed'>> = {}): Promise<Result<boolean, SeedError>> {
  if (registry.stats().persons > 0) return ok(false);
  const r = await seedRegistry(registry, { families: options.families ?? DEFAULT_SEED.families, seed: options.seed ?? DEFAULT_SEED.seed, today, demo: true });
  return r.ok ? ok(true) : r;
}
