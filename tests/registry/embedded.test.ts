import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { openEmbeddedRegistry, type EmbeddedRegistry } from '../../kiosk/registry/embedded/embedded-registry.ts';
import { seedRegistry, ensureSeeded } from '../../kiosk/registry/seed/seed.ts';
import { demoSet, type DemoEntry } from '../../kiosk/registry/demo/demo-set.ts';
import { parseNik } from '../../kiosk/registry/identifiers/nik.ts';
import { parseKkNumber } from '../../kiosk/registry/identifiers/kk-number.ts';
import { parseAktaNumber } from '../../kiosk/registry/identifiers/akta-number.ts';
import { ageOn } from '../../kiosk/registry/identifiers/dates.ts';
import { openOrThrow, seededFile, tempDir } from './helpers/seeded.ts';

const TODAY = '2026-11-23';
const FIXED_NOW = () => new Date('2026-11-23T03:00:00.000Z');

function dump(path: string): string {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    const h = createHash('sha256');
    for (const t of ['offices', 'persons', 'families', 'family_members', 'births', 'deaths', 'registrations', 'applications', 'application_owners']) {
      for (const row of db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()) h.update(JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('base64') : v)));
    }
    return h.digest('hex');
  } finally {
    db.close();
  }
}

async function seedInto(dir: string, name: string, seed: string, families: number): Promise<string> {
  const path = join(dir, name);
  const reg = openOrThrow({ path, now: FIXED_NOW });
  const r = await seedRegistry(reg, { families, seed, today: TODAY });
  await reg.close();
  if (!r.ok) throw new Error(r.error.message);
  return path;
}

describe('seed generator', () => {
  const t = tempDir();
  afterAll(t.cleanup);

  it('is deterministic: the same seed and day give the same rows, another seed other rows', async () => {
    const a = await seedInto(t.dir, 'a.sqlite', 'kediri-1', 8);
    const b = await seedInto(t.dir, 'b.sqlite', 'kediri-1', 8);
    const c = await seedInto(t.dir, 'c.sqlite', 'kediri-2', 8);
    expect(dump(a)).toBe(dump(b));
    expect(dump(a)).not.toBe(dump(c));
  });

  it('produces plausible, valid population data', async () => {
    const path = await seedInto(t.dir, 'valid.sqlite', 'valid', 40);
    const reg = openOrThrow({ path, now: FIXED_NOW });
    try {
      const db = reg.db;
      const persons = db.prepare('SELECT nik, sex, birth_date, photo, signature FROM persons').all() as Array<{ nik: string; sex: string; birth_date: string; photo: Buffer | null; signature: Buffer | null }>;
      expect(persons.length).toBeGreaterThan(120);
      for (const p of persons) {
        const n = parseNik(p.nik, TODAY);
        expect(n.ok, p.nik).toBe(true);
        if (n.ok) expect([n.value.birthDate, n.value.sex]).toEqual([p.birth_date, p.sex]);
        const age = ageOn(p.birth_date, TODAY);
        if (age < 5) expect(p.photo).toBeNull();
        if (p.photo) expect([...p.photo.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
        if (p.signature) expect(p.signature.subarray(1, 4).toString()).toBe('PNG');
        if (age >= 17) expect(p.signature).not.toBeNull();
      }
      for (const f of db.prepare('SELECT kk_number FROM families').all() as Array<{ kk_number: string }>) expect(parseKkNumber(f.kk_number, TODAY).ok, f.kk_number).toBe(true);
      for (const a of db.prepare('SELECT akta_number FROM births UNION ALL SELECT akta_number FROM deaths').all() as Array<{ akta_number: string }>) {
        expect(parseAktaNumber(a.akta_number, TODAY).ok, a.akta_number).toBe(true);
      }
      const sexes = new Set(persons.map((p) => p.sex));
      expect(sexes.size).toBe(2);
      expect((db.prepare('SELECT count(*) AS n FROM deaths').get() as { n: number }).n).toBeGreaterThan(0);
      // Every ready document renders: its content and signature can be built.
      const ready = db.prepare("SELECT type, document_number FROM applications WHERE status = 'ready'").all() as Array<{ type: 'kk'; document_number: string }>;
      expect(ready.length).toBeGreaterThan(15);
      for (const a of ready) expect(reg.renderPackage(a.type, a.document_number, TODAY).ok, `${a.type} ${a.document_number}`).toBe(true);
      // Secrets only as scrypt hashes: no PIN column in clear, no QR secret in the file.
      const hashes = db.prepare('SELECT pin_hash, qr_hash FROM applications WHERE pin_hash IS NOT NULL').all() as Array<{ pin_hash: string; qr_hash: string }>;
      expect(hashes.every((h) => h.pin_hash.startsWith('scrypt$') && h.qr_hash.startsWith('scrypt$'))).toBe(true);
    } finally {
      await reg.close();
    }
    const bytes = readFileSync(path).toString('latin1');
    for (const e of demoSet(TODAY).filter((d) => d.qrText)) expect(bytes.includes((e.qrText as string).split(':')[2] as string)).toBe(false);
  });

  it('refuses to seed a registry that already holds people, and bad family counts', async () => {
    const path = await seedInto(t.dir, 'twice.sqlite', 'x', 0);
    const reg = openOrThrow({ path });
    try {
      expect(await seedRegistry(reg, { families: 1, seed: 'x', today: TODAY })).toMatchObject({ ok: false, error: { code: 'not_empty' } });
      expect(await seedRegistry(reg, { families: -1, seed: 'x', today: TODAY })).toMatchObject({ ok: false, error: { code: 'bad_options' } });
      expect(await ensureSeeded(reg, TODAY)).toEqual({ ok: true, value: false });
    } finally {
      await reg.close();
    }
  });
});

describe('embedded registry: files, gates and races', () => {
  const t = tempDir();
  afterAll(t.cleanup);

  it('reports a damaged file and one from newer software instead of replacing them', () => {
    const bad = join(t.dir, 'bad.sqlite');
    writeFileSync(bad, 'this is not a database, it is a note from a technician'.repeat(100));
    expect(openEmbeddedRegistry({ path: bad })).toMatchObject({ ok: false, error: { code: 'corrupt' } });
    expect(readFileSync(bad, 'utf8')).toContain('note from a technician');
    const newer = join(t.dir, 'newer.sqlite');
    const db = new BetterSqlite3(newer);
    db.pragma('user_version = 99');
    db.close();
    expect(openEmbeddedRegistry({ path: newer })).toMatchObject({ ok: false, error: { code: 'too_new' } });
  });

  it('makes calls wait for a first-start seeding, and lets an impatient caller go', async () => {
    const reg = openOrThrow({ path: join(t.dir, 'gate.sqlite') });
    let finish: () => void = () => {};
    reg.waitFor(new Promise<void>((r) => (finish = r)));
    const impatient = await reg.ping({ signal: AbortSignal.timeout(50) });
    expect(impatient).toMatchObject({ ok: false, error: { code: 'timeout' } });
    const waiting = reg.ping();
    let settled = false;
    void waiting.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false);
    finish();
    expect((await waiting).ok).toBe(true);
    await reg.close();
    expect(await reg.ping()).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('lets exactly one of two kiosks racing for the same document claim it', async () => {
    const { path, today, cleanup } = await seededFile({ families: 0 });
    const a = openOrThrow({ path });
    const b = openOrThrow({ path });
    try {
      const kk = demoSet(today)[0] as DemoEntry;
      const req = (ledgerId: string, kioskId: string) => ({ applicationId: kk.applicationId, ledgerId, nik: kk.nik, proof: { kind: 'pin' as const, pin: kk.pin as string }, kioskId });
      const results = await Promise.all([a.claim(req('L-race-a', 'ADM-A')), b.claim(req('L-race-b', 'ADM-B'))]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok).map((r) => (r.ok ? '' : r.error.code))).toEqual(['already_claimed']);
    } finally {
      await a.close();
      await b.close();
      cleanup();
    }
  });

  it('a print package that cannot be built leaves nothing reserved', async () => {
    const { path, today, cleanup } = await seededFile({ families: 0 });
    const reg = openOrThrow({ path });
    try {
      const am = demoSet(today).find((d) => d.applicationId === 'AM-3506-900006') as DemoEntry;
      // The death record behind the akta is gone: the registry cannot build the document.
      reg.db.pragma('foreign_keys = OFF');
      reg.db.prepare('DELETE FROM deaths WHERE akta_number = ?').run(am.documentNumber);
      const r = await reg.claim({ applicationId: am.applicationId, ledgerId: 'L-nopkg', nik: am.nik, proof: { kind: 'pin', pin: am.pin as string }, kioskId: 'ADM-A' });
      expect(r).toMatchObject({ ok: false, error: { code: 'not_found' } });
      expect(await reg.claimStatus(am.applicationId, 'L-nopkg')).toEqual({ ok: true, value: { state: 'none' } });
      expect(reg.db.prepare('SELECT claimed_ledger_id FROM applications WHERE id = ?').get(am.applicationId)).toEqual({ claimed_ledger_id: null });
    } finally {
      await reg.close();
      cleanup();
    }
  });

  it('unlocks a login PIN when the lock time has passed (injected clock)', async () => {
    const { path, today, cleanup } = await seededFile({ families: 0 });
    let now = Date.parse(`${today}T03:00:00Z`);
    const reg = openOrThrow({ path, now: () => new Date(now), loginLockMinutes: 30 });
    try {
      const rina = demoSet(today).find((d) => d.applicationId === 'KTP-3506-900010') as DemoEntry;
      for (const pin of ['000001', '000002', '000003']) await reg.signInWithPin(rina.nik, pin);
      expect(await reg.signInWithPin(rina.nik, rina.loginPin as string)).toMatchObject({ ok: false, error: { code: 'locked' } });
      now += 31 * 60_000;
      expect((await reg.signInWithPin(rina.nik, rina.loginPin as string)).ok).toBe(true);
    } finally {
      await reg.close();
      cleanup();
    }
  });

  it('refuses sign-in once the two-year ADM registration has lapsed', async () => {
    const { path, today, cleanup } = await seededFile({ families: 0 });
    const reg = openOrThrow({ path, now: () => new Date(Date.parse(`${today}T03:00:00Z`) + 800 * 86_400_000) });
    try {
      const budi = demoSet(today)[0] as DemoEntry;
      expect(await reg.findByNik(budi.nik)).toMatchObject({ ok: false, error: { code: 'not_registered', message: expect.stringContaining('expired') } });
    } finally {
      await reg.close();
      cleanup();
    }
  });
});

describe('renderPackage and findPerson (for adm render and the card-reader simulator)', () => {
  let reg: EmbeddedRegistry;
  let today: string;
  let cleanup: () => void;
  beforeAll(async () => {
    const s = await seededFile({ families: 0 });
    today = s.today;
    cleanup = s.cleanup;
    reg = openOrThrow({ path: s.path });
  });
  afterAll(async () => {
    await reg.close();
    cleanup();
  });

  it('builds content and signature for each document type without claiming', () => {
    const d = demoSet(today);
    const pick = (id: string) => d.find((e) => e.applicationId === id) as DemoEntry;
    for (const id of ['KK-3506-900001', 'KTP-3506-900002', 'KIA-3506-900003', 'AL-3506-900004', 'AM-3506-900006']) {
      const e = pick(id);
      const r = reg.renderPackage(e.type, e.documentNumber, today);
      expect(r.ok, id).toBe(true);
      if (r.ok) expect([r.value.content.type, r.value.signature.fields.number]).toEqual([e.type, e.documentNumber]);
    }
    expect(reg.renderPackage('kk', '3506141203840999', today)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const kia = reg.renderPackage('kia', pick('KIA-3506-900003').documentNumber, today);
    if (!kia.ok || kia.value.content.type !== 'kia') throw new Error('no KIA');
    expect(kia.value.content.validUntil).toBe('2035-04-09');
    expect(kia.value.content.birthAktaNumber).toBe('3506-LU-02052018-9001');
    // Nothing was claimed.
    expect(reg.stats().ready).toBe(13);
  });

  it('finds a person synchronously by NIK', () => {
    const p = reg.findPerson((demoSet(today)[1] as DemoEntry).nik);
    expect(p?.name).toBe('SITI AMINAH');
    expect(p?.photo).toBeInstanceOf(Uint8Array);
    expect(reg.findPerson('3506141203840999')).toBeUndefined();
  });
});
