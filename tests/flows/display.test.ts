import { SimulatedClock } from 'xstate';
import { describe, expect, it } from 'vitest';
import { JourneyHost } from '../../flows/host.ts';
import { intentSchema } from '../../flows/intents.ts';
import { viewSchema } from '../../flows/view.ts';
import { SETTINGS } from './support/fixtures.ts';
import { READY, ScriptedPorts, settle } from './support/scripted-ports.ts';

/** Large text, high contrast and within reach: kept by the runtime for one session, on every screen. */
function host(ports = new ScriptedPorts()) {
  const clock = new SimulatedClock();
  const h = new JourneyHost({ ports, settings: SETTINGS, clock, language: 'id' });
  return { h, ports, clock, view: () => viewSchema.parse(h.current().view) };
}

describe('display choices', () => {
  it('are offered on every screen and start plain', () => {
    const t = host();
    expect(t.view().display).toEqual({ largeText: false, highContrast: false, reach: false });
    expect(t.view().actions).toContain('display');
    t.h.send({ type: 'start' });
    expect(t.view().actions).toContain('display');
  });

  it('made on the attract screen, stay through the session and in the view a reloaded UI starts from', () => {
    const t = host();
    expect(t.h.dispatch({ type: 'display', setting: 'largeText', on: true })).toBe(true);
    expect(t.view().display.largeText).toBe(true);
    t.h.send({ type: 'start' });
    t.h.send({ type: 'display', setting: 'highContrast', on: true });
    t.h.send({ type: 'method', method: 'nik' });
    expect(t.view().screen).toBe('nik-pin');
    expect(t.view().display).toEqual({ largeText: true, highContrast: true, reach: false });
    t.h.send({ type: 'display', setting: 'largeText', on: false });
    t.h.send({ type: 'display', setting: 'reach', on: true });
    expect(t.view().display).toEqual({ largeText: false, highContrast: true, reach: true });
  });

  it('are published as a view change and the same choice twice is not', () => {
    const t = host();
    const seqs: number[] = [];
    t.h.subscribe((u) => seqs.push(u.seq));
    t.h.send({ type: 'display', setting: 'highContrast', on: true });
    t.h.send({ type: 'display', setting: 'highContrast', on: true });
    expect(seqs).toHaveLength(1);
  });

  it('end with the session: cancelled, the ended notice keeps them, the attract screen drops them', () => {
    const t = host();
    t.h.send({ type: 'start' });
    t.h.send({ type: 'display', setting: 'largeText', on: true });
    t.h.send({ type: 'display', setting: 'reach', on: true });
    t.h.send({ type: 'cancel' });
    expect(t.view().screen).toBe('ended');
    expect(t.view().display.largeText).toBe(true);
    t.clock.increment(SETTINGS.endedNoticeMs);
    expect(t.view().screen).toBe('attract');
    expect(t.view().display).toEqual({ largeText: false, highContrast: false, reach: false });
  });

  it('end when an idle session times out', () => {
    const t = host();
    t.h.send({ type: 'start' });
    t.h.send({ type: 'display', setting: 'highContrast', on: true });
    t.clock.increment(SETTINGS.inactivityWarningMs);
    t.clock.increment(SETTINGS.inactivityTimeoutMs - SETTINGS.inactivityWarningMs);
    expect(t.view().screen).toBe('ended');
    t.clock.increment(SETTINGS.endedNoticeMs);
    expect(t.view().display.highContrast).toBe(false);
  });

  it('end when the kiosk goes out of service, and do not come back with it', async () => {
    const t = host();
    t.h.send({ type: 'display', setting: 'largeText', on: true });
    t.ports.setKiosk({ ...READY, outOfService: 'fleet' });
    await settle();
    expect(t.view().screen).toBe('out-of-service');
    expect(t.view().display.largeText).toBe(false);
    // Someone at an out-of-service kiosk can still enlarge its message.
    t.h.send({ type: 'display', setting: 'largeText', on: true });
    expect(t.view().display.largeText).toBe(true);
    t.ports.setKiosk(READY);
    await settle();
    expect(t.view().screen).toBe('attract');
    expect(t.view().display.largeText).toBe(false);
  });

  it('are a touch: choosing one answers "are you still there?"', () => {
    const t = host();
    t.h.send({ type: 'start' });
    t.clock.increment(SETTINGS.inactivityWarningMs);
    expect(t.view().warning).not.toBeNull();
    t.h.send({ type: 'display', setting: 'largeText', on: true });
    expect(t.view().warning).toBeNull();
    expect(t.view().screen).toBe('choose-method');
  });

  it('refuse anything but a known setting switched on or off', () => {
    for (const bad of [
      { type: 'display', setting: 'fontSize', on: true },
      { type: 'display', setting: 'largeText', on: 'yes' },
      { type: 'display', setting: 'largeText' },
      { type: 'display', setting: 'largeText', on: true, extra: 1 },
    ]) {
      const r = intentSchema.safeParse(bad);
      expect(r.success, JSON.stringify(bad)).toBe(false);
    }
  });
});
