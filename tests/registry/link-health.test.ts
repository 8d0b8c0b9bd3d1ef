import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BootContext } from '../../kiosk/boot/context.ts';
import { wireRegistry } from '../../kiosk/boot/wire-registry.ts';
import { wireRegistryLink } from '../../kiosk/boot/wire-registry-link.ts';
import { configSchema, type KioskConfigInput } from '../../kiosk/config/schema.ts';
import { ServiceState } from '../../kiosk/fleet/service-state.ts';
import { Lifecycle } from '../../kiosk/lifecycle.ts';
import { HttpRegistry } from '../../kiosk/registry/http/http-registry.ts';
import { createRegistryServer } from '../../kiosk/registry/http/registry-server.ts';
import { observedRegistry, RegistryLink } from '../../kiosk/registry/link-health.ts';
import { recordingLogger } from './helpers/fake-backend.ts';
import { openOrThrow, seededFile, tempDir } from './helpers/seeded.ts';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** `adm registry serve`'s server over a seeded embedded registry, on a port that can be stopped and served again. */
async function central(port = 0) {
  const seeded = await seededFile({ families: 0 });
  const reg = openOrThrow({ path: seeded.path });
  let server = createRegistryServer({ registry: reg, port });
  const url = await server.listen();
  const at = Number(new URL(url).port);
  cleanups.push(async () => {
    await server.close();
    await reg.close();
    seeded.cleanup();
  });
  return {
    url,
    stop: () => server.close(),
    async start() {
      server = createRegistryServer({ registry: reg, port: at });
      await server.listen();
    },
  };
}

describe('the registry link, from the kiosk\'s own calls', () => {
  it('an answer (even a refusal) is up; not reached is failing, then down past the threshold; a cancelled call says nothing', async () => {
    const c = await central();
    let now = new Date('2026-12-07T01:00:00Z');
    const link = new RegistryLink({ now: () => now, unreachableAfterMs: 60_000 });
    const changes: boolean[] = [];
    link.subscribe((ch) => changes.push(ch.down));
    const http = new HttpRegistry({ url: c.url, timeoutMs: 500, deadlineMs: 800, retries: 0, breaker: { failureThreshold: 100, cooldownMs: 100 } });
    cleanups.push(() => http.close());
    const reg = observedRegistry(http, link);
    expect(link.snapshot().state).toBe('unknown');
    // A wrong login PIN is the registry answering: the link is up.
    expect(await reg.signInWithPin('3506141203849001', '000000')).toMatchObject({ ok: false, error: { code: 'wrong_pin' } });
    expect(link.snapshot()).toMatchObject({ state: 'up', reachable: true });
    // Private fields behind the proxy still work (the breaker's state is a getter on a private field).
    expect(reg.breakerState).toBe('closed');

    await c.stop();
    expect((await reg.ping()).ok).toBe(false);
    expect(link.snapshot()).toMatchObject({ state: 'failing', reachable: false, downForMs: 0 });
    expect(link.snapshot().lastError).toMatch(/not reachable/);
    now = new Date(now.getTime() + 59_000);
    link.evaluate();
    expect(link.down).toBe(false);
    // A call the citizen cancelled tells nothing about the link (it is not a success either).
    const cancelled = new AbortController();
    cancelled.abort();
    await reg.ping({ signal: cancelled.signal });
    now = new Date(now.getTime() + 1_000);
    link.evaluate();
    expect(link.snapshot()).toMatchObject({ state: 'down', downForMs: 60_000 });
    expect(changes).toEqual([true]);

    await c.start();
    expect((await reg.ping()).ok).toBe(true);
    expect(link.snapshot()).toMatchObject({ state: 'up', downForMs: 0 });
    expect(changes).toEqual([true, false]);
  });

  it('wired: the periodic check finds the link down with nobody at the kiosk, holds the kiosk out of service once, and lets it back when the registry returns', async () => {
    const c = await central();
    const dir = tempDir('adm-link-');
    cleanups.push(dir.cleanup);
    const log = recordingLogger();
    const lifecycle = new Lifecycle(log);
    cleanups.push(() => lifecycle.shutdown(2000));
    const input: KioskConfigInput = { dataDir: join(dir.dir, 'kiosk'), registry: { mode: 'http', url: c.url, timeoutMs: 200, deadlineMs: 400, retries: 0, breakerFailures: 2, breakerCooldownMs: 200, unreachableAfterMs: 1000, healthCheckMs: 500 } };
    const ctx = { config: configSchema.parse(input), log, lifecycle, now: () => new Date(), startedAt: Date.now() } as unknown as BootContext;
    const service = new ServiceState();
    const reasons: string[][] = [];
    service.subscribe((ch) => reasons.push(ch.snapshot.reasons));
    const handle = wireRegistry(ctx);
    wireRegistryLink(ctx, handle, service);
    await lifecycle.start();
    const until = async (what: string, check: () => boolean) => {
      for (let i = 0; i < 300 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
      if (!check()) throw new Error(`timed out waiting for ${what}`);
    };
    await until('the first ping', () => handle.link.snapshot().state === 'up');
    await c.stop();
    await until('link down', () => service.has('registry-unreachable'));
    expect(handle.link.snapshot().downForMs).toBeGreaterThanOrEqual(1000);
    await c.start();
    await until('link up', () => !service.has('registry-unreachable'));
    expect(reasons).toEqual([['registry-unreachable'], []]);
    expect(log.events.filter((e) => e.name === 'registry.link_down')).toHaveLength(1);
    expect(log.events.filter((e) => e.name === 'registry.link_up')).toHaveLength(1);
  });
});
