import type { EmbeddedRegistry } from '../embedded/embedded-registry.ts';
import { hashSecret, SEED_COST, type ScryptCost } from '../embedded/secrets.ts';
import { insertApplication, insertBirth, insertDeath, insertFamily, insertOffice, insertPerson } from '../embedded/rows.ts';
import { portraitJpeg, signaturePng } from './images.ts';
import type { PopulationBuilder } from './population.ts';

/** Runs async jobs with at most `limit` in flight (scrypt and sharp both use the libuv pool). */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  });
  await Promise.all(workers);
  return out;
}

/**
 * Writes a built population into the registry in one transaction: portraits and signatures are
 * drawn, PINs and QR secrets hashed (deterministic salts), then every row inserted.
 */
export async function writePopulation(registry: EmbeddedRegistry, b: PopulationBuilder, cost: ScryptCost = SEED_COST): Promise<void> {
  const { pop } = b;
  const images = await mapLimited(pop.images, 4, async (job) => {
    const rnd = b.rnd.fork(`${job.kind}:${job.nik}`);
    return { job, bytes: job.kind === 'photo' ? await portraitJpeg(rnd, job.traits) : await signaturePng(rnd, job.name) };
  });
  const byNik = new Map(pop.persons.map((p) => [p.nik, p]));
  for (const { job, bytes } of images) {
    const p = byNik.get(job.nik);
    if (p) p[job.kind] = bytes;
  }
  const hash = (secret: string | null, label: string) => (secret === null ? Promise.resolve(null) : hashSecret(secret, { salt: b.salt(label), cost }));
  // Two at a time: scrypt takes 4 MB each and the kiosk may be serving its first screen meanwhile.
  const jobs = [
    ...pop.applications.flatMap((a) => [{ secret: a.pin, label: `${a.id}:pin` }, { secret: a.qrSecret, label: `${a.id}:qr` }]),
    ...pop.registrations.map((r) => ({ secret: r.pin, label: `${r.nik}:login` })),
  ];
  const hashes = new Map<string, string | null>();
  await mapLimited(jobs, 2, async (j) => hashes.set(j.label, await hash(j.secret, j.label)));
  const applications = pop.applications.map((a) => ({ ...a, pinHash: hashes.get(`${a.id}:pin`) ?? null, qrHash: hashes.get(`${a.id}:qr`) ?? null }));
  const registrations = pop.registrations.map((r) => ({ ...r, pinHash: hashes.get(`${r.nik}:login`) as string }));

  const { db } = registry;
  const at = registry.nowIso();
  db.transaction(() => {
    for (const o of pop.offices) insertOffice(db, o);
    for (const p of pop.persons) insertPerson(db, p);
    for (const f of pop.families) insertFamily(db, f);
    for (const x of pop.births) insertBirth(db, x);
    for (const x of pop.deaths) insertDeath(db, x);
    const reg = db.prepare('INSERT INTO registrations (nik, pin_hash, registered_on, valid_until) VALUES (?, ?, ?, ?)');
    for (const r of registrations) reg.run(r.nik, r.pinHash, r.registeredOn, r.validUntil);
    for (const a of applications) insertApplication(db, a, at);
    const prev = Number(registry.meta('application_serial') ?? '0');
    registry.setMeta('application_serial', String(Math.max(prev, b.applicationSerial)));
  })();
}
