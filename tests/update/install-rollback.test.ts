import { createPrivateKey } from 'node:crypto';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Machine, addMigration, patch } from './fixture.ts';
import { repack } from './repack.ts';
import { kioskMigrations } from '../../kiosk/store/migrations/index.ts';
import { generateVendorKey } from '../../kiosk/update/keys.ts';
import { signRollbackPermit } from '../../kiosk/update/rollback-permit.ts';

/**
 * One kiosk machine through a sequence of updates, as it would live: a fresh install, a good update
 * with a schema change, then bundles that must be refused, a version whose migration fails on the
 * copy, and versions that never become healthy after the switch. Each step states what changed and
 * what must not have.
 */
let m: Machine;
const base = kioskMigrations.length;

function storeFacts() {
  const db = new BetterSqlite3(join(m.dataDir, 'kiosk.sqlite'), { readonly: true });
  try {
    return {
      version: db.pragma('user_version', { simple: true }) as number,
      prints: (db.prepare('SELECT count(*) AS n FROM print_ledger').get() as { n: number }).n,
      probe: (db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'update_probe'`).get() as { n: number }).n === 1,
    };
  } finally {
    db.close();
  }
}

beforeAll(() => {
  m = new Machine();
});
afterAll(() => m.remove());

// Each step starts several runtimes (updater, trial, boot check): generous on a loaded 2-core CI machine.
describe('adm update on an A/B install', { timeout: 240_000 }, () => {
  it('installs the first version, which boots, passes its self-test and reports healthy', async () => {
    const r = await m.update(await m.bundle('0.1.0'));
    expect(r.stderr + r.stdout).toMatch(/updated \(fresh install\) → 0\.1\.0/);
    expect(r.code).toBe(0);
    expect(m.current()).toBe('slots/a');
    expect(m.state()).toMatchObject({ phase: 'confirmed', version: '0.1.0' });
    // The boot check opened the kiosk on the real data directory: the store exists, with its self-test.
    expect(storeFacts().version).toBe(base);
    // History the next updates must carry over (or leave alone): two prints in the ledger.
    const db = new BetterSqlite3(join(m.dataDir, 'kiosk.sqlite'));
    const now = new Date().toISOString();
    const ins = db.prepare(`INSERT INTO print_ledger (id, application_id, document_type, subject_ref, state, created_at, updated_at) VALUES (?, ?, 'kk', 'ref', 'printed', ?, ?)`);
    ins.run('p1', 'app-1', now, now);
    ins.run('p2', 'app-2', now, now);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
  });

  it('updates to a version with a new migration: switched, store migrated, history kept', async () => {
    const bundle = await m.bundle('0.2.0', (dir) => addMigration(dir, 'CREATE TABLE update_probe (x INTEGER) STRICT'));
    const r = await m.update(bundle);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/updated 0\.1\.0 → 0\.2\.0 \(slot b\)/);
    expect(m.current()).toBe('slots/b');
    expect(m.runningVersion()).toBe('0.2.0');
    expect(storeFacts()).toEqual({ version: base + 1, prints: 2, probe: true });
    expect(existsSync(join(m.dataDir, 'update/aside'))).toBe(false);
    expect(m.state()).toMatchObject({ phase: 'confirmed', version: '0.2.0', from: '0.1.0' });
  });

  it('refuses unsigned and tampered bundles: nothing installed, switched or touched', async () => {
    const before = m.storeFingerprint();
    const slotA = readdirSync(join(m.installRoot, 'slots/a')).sort();
    const good = await m.bundle('0.3.0', (dir) => addMigration(dir, 'CREATE TABLE update_probe (x INTEGER) STRICT'));

    const unsigned = join(m.dir, 'unsigned-0.3.0.admb');
    await repack(good, unsigned, (es) => es.filter((e) => e.header.name !== 'adm-bundle.sig'));
    const r1 = await m.update(unsigned);
    expect(r1.code).toBe(3);
    expect(r1.stderr).toMatch(/update refused: the bundle is not signed .*Nothing was changed/);

    const tampered = join(m.dir, 'tampered-0.3.0.admb');
    await repack(good, tampered, (es) => es.map((e) => (e.header.name === 'app/kiosk/version.ts' ? { ...e, body: Buffer.from(`${e.body.toString()}\n// injected\n`) } : e)));
    const r2 = await m.update(tampered);
    expect(r2.code).toBe(3);
    expect(r2.stderr).toMatch(/update refused: kiosk\/version\.ts does not match the signed manifest/);

    expect(m.current()).toBe('slots/b');
    expect(readdirSync(join(m.installRoot, 'slots/a')).sort()).toEqual(slotA);
    expect(readdirSync(join(m.installRoot, 'slots')).filter((n) => n.startsWith('.incoming'))).toEqual([]);
    expect(m.storeFingerprint()).toEqual(before);
    expect(m.state()).toMatchObject({ phase: 'confirmed', version: '0.2.0' });
  });

  it('a version whose migration fails on the store copy is never switched to; the store is untouched', async () => {
    const before = m.storeFingerprint();
    const bundle = await m.bundle('0.3.0', (dir) => {
      addMigration(dir, 'CREATE TABLE update_probe (x INTEGER) STRICT');
      addMigration(dir, 'CREATE TABLE journal (x INTEGER) STRICT', 'clashes-with-journal');
    });
    const r = await m.update(bundle);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/the new version failed its self-test: migration \d+ \(clashes-with-journal\) failed .*table journal already exists.*stays on 0\.2\.0; the store is untouched/);
    expect(m.current()).toBe('slots/b');
    expect(m.storeFingerprint()).toEqual(before);
    expect(storeFacts()).toEqual({ version: base + 1, prints: 2, probe: true });
  });

  it('a version that never reports ready is rolled back within the time allowed; the store is untouched', async () => {
    const before = m.storeFingerprint();
    const bundle = await m.bundle('0.4.0', (dir) => {
      addMigration(dir, 'CREATE TABLE update_probe (x INTEGER) STRICT');
      addMigration(dir, 'ALTER TABLE print_ledger ADD COLUMN copies INTEGER', 'ledger-copies');
      // A boot that hangs before it tells the service manager it is ready.
      patch(dir, 'kiosk/boot/wire-firmware.ts', '  n.ready(lastStatus);\n', '');
    });
    const r = await m.update(bundle, '--health-timeout-ms', '4000');
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/version 0\.4\.0 did not report healthy \(the new version did not report ready: no READY=1 within 4000 ms\); rolled back to 0\.2\.0 with its store untouched/);
    expect(m.current()).toBe('slots/b');
    expect(m.runningVersion()).toBe('0.2.0');
    expect(m.storeFingerprint()).toEqual(before);
    expect(storeFacts()).toEqual({ version: base + 1, prints: 2, probe: true });
    // The new version's migrated store is kept aside for a technician, not thrown away.
    const failed = new BetterSqlite3(join(m.dataDir, 'update/failed-0.4.0/kiosk.sqlite'), { readonly: true });
    expect(failed.pragma('user_version', { simple: true })).toBe(base + 2);
    failed.close();
    expect(m.state()).toMatchObject({ phase: 'rolled-back', failed: '0.4.0', restored: '0.2.0' });
    expect(existsSync(join(m.installRoot, 'previous'))).toBe(false);
  });

  it('a version that crashes at boot is rolled back as soon as it exits', async () => {
    const before = m.storeFingerprint();
    const bundle = await m.bundle('0.4.1', (dir) => {
      addMigration(dir, 'CREATE TABLE update_probe (x INTEGER) STRICT');
      patch(dir, 'kiosk/boot/wire-firmware.ts', '  n.ready(lastStatus);\n', "  throw new Error('boot defect in 0.4.1');\n");
    });
    const started = Date.now();
    const r = await m.update(bundle, '--health-timeout-ms', '60000');
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/did not report healthy \(the new version did not report ready: it exited with code \d+/);
    expect(Date.now() - started).toBeLessThan(50_000);
    expect(m.runningVersion()).toBe('0.2.0');
    expect(m.storeFingerprint()).toEqual(before);
  });

  it('an update cut off mid-trial (power loss) blocks further updates until --rollback restores the untouched store', async () => {
    const before = m.storeFingerprint();
    const bundle = await m.bundle('0.4.2', (dir) => {
      addMigration(dir, 'CREATE TABLE update_probe (x INTEGER) STRICT');
      addMigration(dir, 'ALTER TABLE print_ledger ADD COLUMN copies INTEGER', 'ledger-copies');
      patch(dir, 'kiosk/boot/wire-firmware.ts', '  n.ready(lastStatus);\n', '');
    });
    let pgid = 0;
    const running = m.adm(['update', bundle, '--service', 'boot-check', '--health-timeout-ms', '60000'], 120_000, (id) => (pgid = id));
    // Wait until the switch is recorded, then cut the power to the updater and the kiosk it started.
    for (let i = 0; i < 600 && !(existsSync(join(m.installRoot, 'update-state.json')) && m.state().phase === 'switching' && m.current() === 'slots/a'); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(m.state().phase).toBe('switching');
    process.kill(-pgid, 'SIGKILL');
    await running;
    expect(m.runningVersion()).toBe('0.4.2');

    const blocked = await m.update(await m.bundle('0.5.0', (dir) => addMigration(dir, 'CREATE TABLE update_probe (x INTEGER) STRICT')));
    expect(blocked.code).toBe(7);
    expect(blocked.stderr).toMatch(/an earlier update to 0\.4\.2 was interrupted .*run 'adm update --rollback' first/);

    const rb = await m.adm(['update', '--rollback', '--service', 'boot-check', '--reason', 'start limit hit']);
    expect(rb.code, rb.stderr).toBe(0);
    expect(rb.stdout).toMatch(/rolled back: 0\.4\.2 removed, 0\.2\.0 restored with its untouched store/);
    expect(m.runningVersion()).toBe('0.2.0');
    expect(m.storeFingerprint()).toEqual(before);
    expect(m.state()).toMatchObject({ phase: 'rolled-back', failed: '0.4.2', reason: 'start limit hit' });
  });

  it('after the rollbacks the same good update still installs, and --status and --rollback say where things stand', async () => {
    const status = await m.adm(['update', '--status', '--service', 'boot-check']);
    expect(JSON.parse(status.stdout)).toMatchObject({ current: { slot: 'b', version: '0.2.0' }, state: { phase: 'rolled-back', failed: '0.4.2' } });
    const nothing = await m.adm(['update', '--rollback', '--service', 'boot-check']);
    expect(nothing.stdout).toMatch(/nothing to roll back/);

    const r = await m.update(await m.bundle('0.5.0', (dir) => addMigration(dir, 'CREATE TABLE update_probe (x INTEGER) STRICT')));
    expect(r.code, r.stderr).toBe(0);
    expect(m.current()).toBe('slots/a');
    expect(storeFacts()).toEqual({ version: base + 1, prints: 2, probe: true });
    const same = await m.update(await m.bundle('0.5.0', (dir) => addMigration(dir, 'CREATE TABLE update_probe (x INTEGER) STRICT')));
    expect(same.code).toBe(3);
    expect(same.stderr).toMatch(/0\.5\.0 is already installed/);
  });
  it('only moves forward: an older signed bundle is refused unless a vendor-signed rollback permit names its version', async () => {
    expect(m.runningVersion()).toBe('0.5.0');
    const before = m.storeFingerprint();
    const older = await m.bundle('0.4.9', (dir) => addMigration(dir, 'CREATE TABLE update_probe (x INTEGER) STRICT'));
    const plain = await m.update(older);
    expect(plain.code).toBe(3);
    expect(plain.stderr).toMatch(/0\.4\.9 is older than the installed 0\.5\.0 and no rollback permit was given/);
    // Permits that do not fit: another version, expired, signed by a key the kiosk does not trust, altered.
    const permit = (name: string, text: string) => {
      const file = join(m.dir, name);
      writeFileSync(file, text);
      return file;
    };
    const inAWeek = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const wrong = [
      [permit('other.json', signRollbackPermit(m.vendorKey, { version: '0.4.8', expiresAt: inAWeek })), /names 0\.4\.8, not 0\.4\.9/],
      [permit('expired.json', signRollbackPermit(m.vendorKey, { version: '0.4.9', expiresAt: new Date(Date.now() - 1000).toISOString() })), /expired/],
      [permit('foreign.json', signRollbackPermit(createPrivateKey(generateVendorKey().privatePem), { version: '0.4.9', expiresAt: inAWeek })), /does not trust/],
      [permit('kiosk.json', signRollbackPermit(m.vendorKey, { version: '0.4.9', kioskId: 'ADM-OTHER', expiresAt: inAWeek })), /for kiosk ADM-OTHER/],
      [permit('altered.json', signRollbackPermit(m.vendorKey, { version: '0.4.8', expiresAt: inAWeek }).replace('0.4.8', '0.4.9')), /signature does not match/],
    ] as const;
    for (const [file, why] of wrong) {
      const r = await m.update(older, '--rollback-permit', file);
      expect(r.code, file).toBe(3);
      expect(r.stderr, file).toMatch(why);
    }
    expect(m.runningVersion()).toBe('0.5.0');
    expect(m.storeFingerprint()).toEqual(before);

    const key = join(m.dir, 'vendor-key.pem');
    writeFileSync(key, m.vendor.privatePem, { mode: 0o600 });
    const made = await m.adm(['bundle', 'permit', '--key', key, '--version', '0.4.9', '--out', join(m.dir, 'permit.json')]);
    expect(made.code, made.stderr).toBe(0);
    const r = await m.update(older, '--rollback-permit', join(m.dir, 'permit.json'));
    expect(r.code, r.stderr).toBe(0);
    expect(m.runningVersion()).toBe('0.4.9');
  });
});
