import { readFileSync } from 'node:fs';
import type { BootContext } from './context.ts';
import type { Registry } from '../../core/registry.ts';
import { openEmbeddedRegistry, type EmbeddedRegistry } from '../registry/embedded/embedded-registry.ts';
import { HttpRegistry } from '../registry/http/http-registry.ts';
import { UnavailableRegistry } from '../registry/unavailable-registry.ts';
import { ensureSeeded } from '../registry/seed/seed.ts';
import { localDay } from '../registry/identifiers/dates.ts';
import { resolveInDataDir } from '../store/kiosk-store.ts';
import { observedRegistry, RegistryLink } from '../registry/link-health.ts';

export interface RegistryHandle {
  readonly registry: Registry;
  /** The embedded registry in embedded mode (for `findPerson`, `renderPackage`); null otherwise. */
  readonly embedded: EmbeddedRegistry | null;
  /** Whether the registry answered lately (null before any call), for health and the fleet. */
  reachable(): boolean | null;
  /** Settles when a first start's seeding is done (at once when there was nothing to seed). */
  readonly seeded: Promise<void>;
  /** How the link to the registry is, from every call through `registry` (see wire-registry-link.ts for the periodic check). */
  readonly link: RegistryLink;
}

/**
 * The registry per `config.registry`: the embedded SQLite file (seeded with the demo set on the
 * first start, in the background: calls wait for it) or the HTTP adapter to a central system.
 * A registry that cannot be set up does not stop the kiosk: it answers `unavailable` with the reason.
 */
export function wireRegistry(ctx: BootContext): RegistryHandle {
  const { config, log, lifecycle } = ctx;
  const c = config.registry;
  // Every call through the handle's registry tells the link how it is.
  const link = new RegistryLink({ now: ctx.now, unreachableAfterMs: c.unreachableAfterMs });
  const unavailable = (reason: string): RegistryHandle => ({ registry: observedRegistry(new UnavailableRegistry(reason), link), embedded: null, reachable: () => false, seeded: Promise.resolve(), link });

  if (c.mode === 'http') {
    let tls: { ca?: Buffer; cert?: Buffer; key?: Buffer };
    try {
      tls = {
        ...(c.tls.ca ? { ca: readFileSync(c.tls.ca) } : {}),
        ...(c.tls.cert ? { cert: readFileSync(c.tls.cert) } : {}),
        ...(c.tls.key ? { key: readFileSync(c.tls.key) } : {}),
      };
    } catch (e) {
      const reason = `registry TLS files unreadable: ${(e as Error).message}`;
      log.event('registry.open_failed', { mode: 'http', reason });
      return unavailable(reason);
    }
    const registry = new HttpRegistry({
      url: c.url as string, timeoutMs: c.timeoutMs, deadlineMs: c.deadlineMs, retries: c.retries, backoffMs: c.backoffMs,
      breaker: { failureThreshold: c.breakerFailures, cooldownMs: c.breakerCooldownMs }, tls, log,
    });
    log.event('registry.opened', { mode: 'http', url: c.url, mutualTls: Boolean(tls.cert) });
    lifecycle.add('registry', () => registry.close());
    return { registry: observedRegistry(registry, link), embedded: null, reachable: () => link.reachable(), seeded: Promise.resolve(), link };
  }

  const path = resolveInDataDir(config.dataDir, c.path);
  const opened = openEmbeddedRegistry({ path, log, now: ctx.now });
  if (!opened.ok) return unavailable(`embedded registry ${path}: ${opened.error.message}`);
  const registry = opened.value;
  const seeded = ensureSeeded(registry, localDay(ctx.now()), { families: c.seedFamilies, seed: c.seed }).then(
    (r) => {
      if (!r.ok) log.event('registry.open_failed', { mode: 'embedded', path, reason: r.error.message });
    },
    (e: unknown) => log.event('registry.open_failed', { mode: 'embedded', path, reason: `seeding failed: ${(e as Error).message}` }),
  );
  registry.waitFor(seeded);
  lifecycle.add('registry', async (signal) => {
    // Let a first-start seeding finish its transaction, unless shutdown runs out of time.
    await Promise.race([seeded, new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))]);
    await registry.close();
  });
  return { registry: observedRegistry(registry, link), embedded: registry, reachable: () => registry.db.open, seeded, link };
}
