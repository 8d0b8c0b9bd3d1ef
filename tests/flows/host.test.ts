import { SimulatedClock } from 'xstate';
import { describe, expect, it } from 'vitest';
import { JourneyHost, type ViewUpdate } from '../../flows/host.ts';
import { ok } from '../../kiosk/result.ts';
import { CITIZEN, LISTINGS, NIK, SETTINGS } from './support/fixtures.ts';
import { ScriptedPorts, settle } from './support/scripted-ports.ts';

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
    // A port that throws synchronously inside an action is a bug in an adapter.
    ports.newLedgerId = () => {
      throw new Error('bug: ledger id source broke');
    };
    const t = host(ports);
    t.h.send({ type: 'start' });
    t.h.send({ type: 'method', method: 'nik' });
    t.h.send({ type: 'submitLogin', nik: NIK, pin: '123456' });
    await settle();
    ports.answer('registry.signInWithPin', ok(CITIZEN));
    await settle();
    ports.answer('registry.listDocuments', ok(LISTINGS));
    await settle();
    t.h.send({ type: 'choose', applicationId: 'app-kk' });
    t.h.send({ type: 'submitPin', pin: '654321' });
    t.h.send({ type: 'confirm' });
    await settle();
    expect(t.crashes).toHaveLength(1);
    expect(t.h.current().view.screen).toBe('attract');
    expect(t.h.current().view.citizen).toBeNull();
    t.h.send({ type: 'start' });
    expect(t.h.current().view.screen).toBe('choose-method');
  });
});
