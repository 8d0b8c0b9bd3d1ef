import type { KioskBus } from '../bus.ts';
import type { FleetAgent, FleetReporter } from './agent.ts';

/** What the journey and maintenance report, said on the bus: they need not know whether a fleet listens. */
export function busReporter(bus: KioskBus): FleetReporter {
  return {
    fingerprintFailure: () => bus.emit('fingerprint.checked', { matched: false }),
    fingerprintSuccess: () => bus.emit('fingerprint.checked', { matched: true }),
    refresh: () => bus.emit('fleet.refresh', {}),
    untrustedSeal: (detail) => bus.emit('seal.checked', { trusted: false, ...detail }),
    trustedSeal: () => bus.emit('seal.checked', { trusted: true }),
  };
}

/** The fleet agent hears what the other areas say on the bus. Returns the unsubscribe. */
export function agentListens(bus: KioskBus, agent: FleetAgent): () => void {
  const off = [
    bus.on('fingerprint.checked', (e) => (e.matched ? agent.fingerprintSuccess() : agent.fingerprintFailure())),
    bus.on('fleet.refresh', () => agent.refresh()),
    bus.on('seal.checked', (e) => (e.trusted ? agent.trustedSeal() : agent.untrustedSeal({ code: e.code, officeCode: e.officeCode, keyId: e.keyId }))),
    bus.on('power.changed', (e) => agent.powerChanged(e.snapshot, e.event)),
  ];
  return () => off.forEach((f) => f());
}
