import { createActor, SimulatedClock } from 'xstate';
import { describe, expect, it } from 'vitest';
import { createMaintenanceMachine, vendorModeOf, type MaintenanceEmitted } from '../../flows/maintenance/maintenance-machine.ts';
import type { MaintenancePorts, MaintenanceSettings } from '../../flows/maintenance/ports.ts';

const SETTINGS: MaintenanceSettings = { signInTimeoutMs: 120_000, sessionIdleMs: 600_000, sessionMaxMs: 3_600_000, enterTimeoutMs: 300_000, exitTimeoutMs: 5_000 };

/** Ports that record what the machine did, with a citizen flow the test drives. */
function world(opts: { printing?: boolean; settle?: 'fast' | 'never' } = {}) {
  const calls: string[] = [];
  let printing = opts.printing ?? false;
  let citizenListener: ((idle: boolean) => void) | null = null;
  const ports: MaintenancePorts = {
    parkCitizens: () => calls.push('park'),
    releaseCitizens: () => calls.push('release'),
    watchCitizens(listener) {
      citizenListener = listener;
      listener(!printing);
      return () => {
        citizenListener = null;
      };
    },
    settleOperations: (signal) =>
      opts.settle === 'never'
        ? new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()))
        : (calls.push('settle'), Promise.resolve()),
  };
  const clock = new SimulatedClock();
  const actor = createActor(createMaintenanceMachine({ ports, settings: SETTINGS, now: () => clock.now() }), { clock });
  const emitted: MaintenanceEmitted[] = [];
  for (const t of ['maintenance.enterRequested', 'maintenance.active', 'maintenance.signedIn', 'maintenance.exitRequested', 'maintenance.inactive'] as const) actor.on(t, (e) => emitted.push(e));
  actor.start();
  const mode = () => vendorModeOf(actor.getSnapshot().value);
  const settled = async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return {
    actor,
    clock,
    calls,
    emitted,
    mode,
    settled,
    printDone() {
      printing = false;
      citizenListener?.(true);
    },
  };
}

describe('vendor mode (XFS4IoT): enter pending → active → exit pending → inactive', () => {
  it('parks the citizen flow first, then opens the sign-in screen', () => {
    const w = world();
    expect(w.mode()).toBe('inactive');
    w.actor.send({ type: 'enter', source: 'gesture' });
    expect(w.calls).toEqual(['park']);
    expect(w.mode()).toBe('active');
    expect(w.actor.getSnapshot().matches({ active: 'signIn' })).toBe(true);
    expect(w.emitted.map((e) => e.type)).toEqual(['maintenance.enterRequested', 'maintenance.active']);
  });

  it("waits in enter pending while a citizen's print is under way, and goes on when it ends", () => {
    const w = world({ printing: true });
    w.actor.send({ type: 'enter', source: 'long-press' });
    expect(w.mode()).toBe('enterPending');
    w.clock.increment(60_000);
    expect(w.mode()).toBe('enterPending');
    w.printDone();
    expect(w.mode()).toBe('active');
    const active = w.emitted.find((e) => e.type === 'maintenance.active');
    expect(active).toMatchObject({ source: 'long-press', waitedMs: 60_000 });
  });

  it('gives up entering when the print does not end in time: citizens come back', async () => {
    const w = world({ printing: true });
    w.actor.send({ type: 'enter', source: 'page' });
    w.clock.increment(SETTINGS.enterTimeoutMs);
    await w.settled();
    expect(w.mode()).toBe('inactive');
    expect(w.calls).toEqual(['park', 'settle', 'release']);
    expect(w.emitted.at(-1)).toMatchObject({ type: 'maintenance.inactive', reason: 'citizen_busy', technician: null, durationMs: null });
  });

  it('closes an unused sign-in screen after its time-out', async () => {
    const w = world();
    w.actor.send({ type: 'enter', source: 'gesture' });
    w.clock.increment(SETTINGS.signInTimeoutMs - 1);
    expect(w.mode()).toBe('active');
    w.clock.increment(1);
    await w.settled();
    expect(w.mode()).toBe('inactive');
    expect(w.emitted.at(-1)).toMatchObject({ reason: 'sign_in_timeout' });
    expect(w.calls.at(-1)).toBe('release');
  });

  it('signs out an idle technician; any activity restarts the count', async () => {
    const w = world();
    w.actor.send({ type: 'enter', source: 'page' });
    w.actor.send({ type: 'signedIn', technician: { ref: 'pin', method: 'pin' } });
    w.clock.increment(SETTINGS.sessionIdleMs - 1000);
    w.actor.send({ type: 'activity' });
    w.clock.increment(SETTINGS.sessionIdleMs - 1000);
    expect(w.actor.getSnapshot().matches({ active: 'working' })).toBe(true);
    w.clock.increment(1000);
    await w.settled();
    expect(w.mode()).toBe('inactive');
    expect(w.emitted.at(-1)).toMatchObject({ type: 'maintenance.inactive', reason: 'idle_timeout', technician: { ref: 'pin' }, durationMs: 2 * SETTINGS.sessionIdleMs - 1000 });
  });

  it('ends a session at its maximum however busy', async () => {
    const w = world();
    w.actor.send({ type: 'enter', source: 'page' });
    w.actor.send({ type: 'signedIn', technician: { ref: 'pin', method: 'pin' } });
    for (let t = 0; t < SETTINGS.sessionMaxMs; t += 60_000) {
      w.clock.increment(60_000);
      w.actor.send({ type: 'activity' });
    }
    await w.settled();
    expect(w.mode()).toBe('inactive');
    expect(w.emitted.at(-1)).toMatchObject({ reason: 'session_expired' });
  });

  it('leaves through exit pending: operations settle first, then citizens are released', async () => {
    const w = world();
    w.actor.send({ type: 'enter', source: 'page' });
    w.actor.send({ type: 'signedIn', technician: { ref: 'ektp:3506********0001:abcd', method: 'ektp' } });
    w.clock.increment(5000);
    w.actor.send({ type: 'leave' });
    expect(w.mode()).toBe('exitPending');
    await w.settled();
    expect(w.mode()).toBe('inactive');
    expect(w.calls).toEqual(['park', 'settle', 'release']);
    expect(w.emitted.map((e) => e.type)).toEqual(['maintenance.enterRequested', 'maintenance.active', 'maintenance.signedIn', 'maintenance.exitRequested', 'maintenance.inactive']);
    expect(w.emitted.at(-1)).toMatchObject({ reason: 'technician_left', durationMs: 5000, settled: true });
    // Signing in again starts from scratch.
    w.actor.send({ type: 'enter', source: 'page' });
    expect(w.actor.getSnapshot().context.technician).toBeNull();
  });

  it('does not wait forever for an operation that will not stop', async () => {
    const w = world({ settle: 'never' });
    w.actor.send({ type: 'enter', source: 'page' });
    w.actor.send({ type: 'leave' });
    expect(w.mode()).toBe('exitPending');
    w.clock.increment(SETTINGS.exitTimeoutMs);
    await w.settled();
    expect(w.mode()).toBe('inactive');
    expect(w.emitted.at(-1)).toMatchObject({ reason: 'canceled', settled: false });
  });

  it('ignores a second entry request and sign-in outside the sign-in screen', () => {
    const w = world();
    w.actor.send({ type: 'signedIn', technician: { ref: 'pin', method: 'pin' } });
    expect(w.mode()).toBe('inactive');
    w.actor.send({ type: 'enter', source: 'page' });
    w.actor.send({ type: 'enter', source: 'gesture' });
    expect(w.calls).toEqual(['park']);
    expect(w.emitted.filter((e) => e.type === 'maintenance.enterRequested')).toHaveLength(1);
  });
});
