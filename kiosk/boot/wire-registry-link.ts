import type { BootContext } from './context.ts';
import type { RegistryHandle } from './wire-registry.ts';
import type { ServiceState } from '../fleet/service-state.ts';

/**
 * The light periodic check of the registry link, and what a link down means for the kiosk: while
 * the registry has not been reached for `registry.unreachableAfterMs`, no new citizen signs in
 * (the attract screen says why); a session under way carries on, and prints already going finish
 * (their confirmations wait in the ledger). The check pings only when no other call has told the
 * link's state for a while, so a busy kiosk adds no traffic.
 */
export function wireRegistryLink(ctx: BootContext, registry: RegistryHandle, service: ServiceState): void {
  const { config, log, lifecycle } = ctx;
  const everyMs = config.registry.healthCheckMs;
  const link = registry.link;
  const unsubscribe = link.subscribe(({ down, snapshot }) => {
    if (down) log.event('registry.link_down', { downForMs: snapshot.downForMs, lastError: snapshot.lastError, lastOkAt: snapshot.lastOkAt });
    else log.event('registry.link_up', { since: snapshot.since });
    service.set('registry-unreachable', down);
  });
  let inFlight: AbortController | null = null;
  const check = async () => {
    link.evaluate();
    if (inFlight || link.quietForMs() < everyMs) return;
    inFlight = new AbortController();
    const timer = setTimeout(() => inFlight?.abort(new DOMException('ping timed out', 'TimeoutError')), Math.max(everyMs, config.registry.deadlineMs));
    try {
      const r = await registry.registry.ping({ signal: inFlight.signal });
      // An aborted ping is not recorded by the observer; a ping that ran out of time is the link's failure.
      if (!r.ok && inFlight.signal.aborted) link.failure('central registry did not answer the health check in time');
    } catch (e) {
      link.failure(`health check failed: ${(e as Error).message}`);
    } finally {
      clearTimeout(timer);
      inFlight = null;
    }
  };
  let timer: NodeJS.Timeout | undefined;
  lifecycle.add('registry-link', {
    start: () => {
      void check();
      timer = setInterval(() => void check(), Math.max(250, Math.min(everyMs, config.registry.unreachableAfterMs / 4))).unref();
    },
    stop: () => {
      clearInterval(timer);
      inFlight?.abort();
      unsubscribe();
    },
  });
}
