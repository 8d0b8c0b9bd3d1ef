import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { wireRegistry } from '../../kiosk/boot/wire-registry.ts';
import type { BootContext } from '../../kiosk/boot/context.ts';
import { configSchema, type KioskConfigInput } from '../../kiosk/config/schema.ts';
import { Lifecycle } from '../../kiosk/lifecycle.ts';
import { demoSet } from '../../kiosk/registry/demo/demo-set.ts';
import { localDay } from '../../kiosk/registry/identifiers/dates.ts';
import { createRegistryServer } from '../../kiosk/registry/http/registry-server.ts';
import { recordingLogger } from './helpers/fake-backend.ts';
import { openOrThrow, seededFile, tempDir } from './helpers/seeded.ts';

const t = tempDir('adm-registry-wire-');
afterAll(t.cleanup);

/** The parts of the boot context the registry wiring uses. */
function context(input: KioskConfigInput) {
  const log = recordingLogger();
  const lifecycle = new Lifecycle(log);
  const ctx = { config: configSchema.parse(input), log, lifecycle, now: () => new Date(), startedAt: Date.now() } as unknown as BootContext;
  return { ctx, log, lifecycle };
}

describe('wireRegistry', () => {
  it('embedded: a first start seeds the demo set in the background; calls wait for it; a second start does not seed again', async () => {
    const dataDir = join(t.dir, 'kiosk');
    const first = context({ dataDir, registry: { seedFamilies: 2 } });
    const h = wireRegistry(first.ctx);
    expect(h.embedded).not.toBeNull();
    const budi = demoSet(localDay(new Date()))[0];
    const found = await h.registry.findByNik(budi?.nik ?? '');
    expect(found).toMatchObject({ ok: true, value: { person: { name: 'BUDI SANTOSO' } } });
    await h.seeded;
    expect(h.reachable()).toBe(true);
    expect(first.log.events.filter((e) => e.name === 'registry.seeded')).toHaveLength(1);
    expect(await first.lifecycle.shutdown(4000)).toBe(true);
    expect(await h.registry.ping()).toMatchObject({ ok: false, error: { code: 'unavailable' } });

    const second = context({ dataDir });
    const h2 = wireRegistry(second.ctx);
    await h2.seeded;
    expect(second.log.events.some((e) => e.name === 'registry.seeded')).toBe(false);
    expect((await h2.registry.findByNik(budi?.nik ?? '')).ok).toBe(true);
    await second.lifecycle.shutdown(4000);
  });

  it('embedded: a damaged registry file leaves the kiosk running with a registry that says why it is unavailable', async () => {
    const dataDir = join(t.dir, 'damaged');
    const c = context({ dataDir });
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'registry.sqlite'), 'not sqlite at all, '.repeat(500));
    const h = wireRegistry(c.ctx);
    expect(h.embedded).toBeNull();
    expect(await h.registry.findByNik('3506141203849001')).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('registry.sqlite') } });
    expect(c.log.events.map((e) => e.name)).toContain('registry.open_failed');
  });

  it('http: talks to a registry server; unreadable TLS files give an unavailable registry naming them', async () => {
    const seeded = await seededFile({ families: 0 });
    const reg = openOrThrow({ path: seeded.path });
    const server = createRegistryServer({ registry: reg, port: 0 });
    const url = await server.listen();
    try {
      const c = context({ dataDir: join(t.dir, 'http'), registry: { mode: 'http', url } });
      const h = wireRegistry(c.ctx);
      expect(h.reachable()).toBeNull();
      expect((await h.registry.ping()).ok).toBe(true);
      expect(h.reachable()).toBe(true);
      await c.lifecycle.shutdown(2000);

      const bad = context({ dataDir: join(t.dir, 'http'), registry: { mode: 'http', url, tls: { ca: join(t.dir, 'missing-ca.pem') } } });
      const hb = wireRegistry(bad.ctx);
      expect(await hb.registry.ping()).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('missing-ca.pem') } });
    } finally {
      await server.close();
      await reg.close();
      seeded.cleanup();
    }
  });
});
