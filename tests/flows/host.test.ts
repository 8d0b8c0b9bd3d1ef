import { SimulatedClock } from 'xstate';
import { describe, expect, it } from 'vitest';
import { JourneyHost, type ViewUpdate } from '../../flows/host.ts';
import { SETTINGS } from './support/fixtures.ts';
import { READY, ScriptedPorts, settle } from './support/scripted-ports.ts';
import type { KioskStatus } from '../../flows/ports.ts';

function host(ports = new ScriptedPorts()) {
  const clock = new SimulatedClock();
  const emitted: string[] = [];
  const crashes: unknown[] = [];
  const h = new JourneyHost({ ports, settings: SETTINGS, clock, language: 'id', onEmitted: (e) => emitted.push(e.type), onCrash: (e) => crashes.push(e) });
  const updates: ViewUpdate[] = [];
  h.subscribe((u) => updates.push(u));
  return { h, ports, clock, emitted, crashes, updates };
}

describe('journey host', () => {
  it('publishes each view change once, with rising sequence numbers', async () => {
    const t = host();
    expect(t.h.current().view.screen).toBe('attract');
    t.h.send({ type: 'start' });
    t.h.send({ type: 'activity' }); // restarts the idle timer: not a view change
    t.h.send({ type: 'method', method: 'nik' });
    await settle();
    expect(t.updates.map((u) => u.view.screen)).toEqual(['choose-method', 'nik-pin']);
    expect(t.updates.map((u) => u.seq)).toEqual([2, 3]);
    expect(JSON.parse(t.updates[1]!.json)).toEqual(t.updates[1]!.view);
  });

  it('counts the warning down from the configured grace on the injected clock', async () => {
    const t = host();
    t.h.send({ type: 'start' });
    t.clock.increment(SETTINGS.inactivityWarningMs);
    expect(t.h.current().view.warning).toEqual({ secondsLeft: 15 });
  });

  it('a defect in a port adapter restarts the session at the attract screen instead of stranding the kiosk', async () => {
    const ports = new ScriptedPorts();
    let emit: ((s: KioskStatus) => void) | null = null;
    // An adapter bug: the watcher hands over a status with a device missing.
    (ports as unknown as { kiosk: unknown }).kiosk = {
      status: () => READY,
      watch: (l: (s: KioskStatus) => void) => {
        emit = l;
        l(READY);
        return () => undefined;
      },
    };
    const t = host(ports);
    t.h.send({ type: 'start' });
    expect(t.h.current().view.screen).toBe('choose-method');
    (emit as unknown as (s: unknown) => void)({ ...READY, a4Printer: undefined });
    t.h.send({ type: 'cancel' });
    t.h.send({ type: 'dismiss' });
    await settle();
    expect(t.crashes).toHaveLength(1);
    expect(t.h.current().view.screen).toBe('attract');
    t.h.send({ type: 'start' });
    expect(t.h.current().view.screen).toBe('choose-method');
  });

  it('gives up restarting after repeated crashes instead of spinning', async () => {
    const ports = new ScriptedPorts();
    (ports as unknown as { kiosk: unknown }).kiosk = { status: () => ({ ...READY, a4Printer: undefined }), watch: () => () => undefined };
    const t = host(ports);
    await settle();
    expect(t.crashes.length).toBeGreaterThan(1);
    expect(t.crashes.length).toBeLessThanOrEqual(6);
    expect(t.h.crashed).toBe(true);
  });
});
