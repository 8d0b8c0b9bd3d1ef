import { describe, expect, it } from 'vitest';
import { speechConfigSchema } from '../../kiosk/speech/config.ts';
import { Guidance } from '../../kiosk/speech/guidance.ts';
import { IdleLocator } from '../../kiosk/speech/locator.ts';
import type { AccessEvent } from '../../kiosk/server/ws/protocol.ts';

function setup() {
  const sent: AccessEvent[] = [];
  const g = new Guidance({ config: speechConfigSchema.parse({}), send: (e) => (sent.push(e), true) });
  const last = () => sent.filter((e) => e.kind === 'guidance').at(-1);
  return { g, sent, last };
}

describe('voice guidance state', () => {
  it('headphones start it and unplugging stops it; the session goes on and is counted once', () => {
    const t = setup();
    t.g.screen('choose-method');
    t.g.jack(true);
    expect(t.last()).toMatchObject({ on: true, reason: 'headphones', volume: 0.8, rate: 150 });
    t.g.screen('nik-pin');
    t.g.jack(false);
    expect(t.last()).toMatchObject({ on: false, reason: 'unplugged' });
    t.g.jack(true);
    t.g.screen('attract');
    expect(t.g.sessionsWithGuidance).toBe(1);
    t.g.screen('choose-method');
    t.g.screen('attract');
    expect(t.g.sessionsWithGuidance).toBe(2);
  });

  it('the help key starts it through the speaker for this session only; keys are passed on to the UI', () => {
    const t = setup();
    t.g.screen('choose-method');
    t.g.key({ key: 'help' });
    expect(t.last()).toMatchObject({ on: true, reason: 'help' });
    expect(t.sent.at(-1)).toEqual({ kind: 'key', key: 'help' });
    t.g.key({ key: 'digit', digit: 4 });
    expect(t.sent.at(-1)).toEqual({ kind: 'key', key: 'digit', digit: 4 });
    t.g.screen('attract');
    expect(t.last()).toMatchObject({ on: false, reason: 'session-ended' });
    expect(t.g.sessionsWithGuidance).toBe(1);
  });

  it('volume and speed keys change this session only, within bounds', () => {
    const t = setup();
    t.g.screen('choose-method');
    t.g.jack(true);
    for (let i = 0; i < 5; i++) t.g.key({ key: 'volumeUp' });
    expect(t.last()).toMatchObject({ volume: 1 });
    for (let i = 0; i < 20; i++) t.g.key({ key: 'volumeDown' });
    expect(t.last()).toMatchObject({ volume: 0.1 });
    t.g.key({ key: 'speed' });
    expect(t.last()).toMatchObject({ rate: 120 });
    t.g.key({ key: 'speed' });
    t.g.key({ key: 'speed' });
    expect(t.last()).toMatchObject({ rate: 150 });
    t.g.key({ key: 'speed' });
    t.g.screen('attract');
    // Headphones still in: guidance stays on, back to the starting volume and speed.
    expect(t.last()).toMatchObject({ on: true, volume: 0.8, rate: 150 });
  });

  it('the idle locator is off by default and speaks only while idle', () => {
    const said: string[] = [];
    let idle = true;
    const off = new IdleLocator({ config: speechConfigSchema.parse({}).locator, idle: () => idle, announce: (t) => said.push(t.id) });
    expect(off.tick()).toBe(false);
    const on = new IdleLocator({ config: speechConfigSchema.parse({ locator: { enabled: true } }).locator, idle: () => idle, announce: (t) => said.push(t.id) });
    expect(on.tick()).toBe(true);
    idle = false;
    expect(on.tick()).toBe(false);
    expect(said).toEqual(['Di sini ada Anjungan Dukcapil Mandiri. Colokkan headphone atau tekan tombol bantuan untuk panduan suara.']);
  });
});

describe('telemetry', () => {
  it('carries the count of sessions with guidance, and only a count', async () => {
    const { buildTelemetry } = await import('../../kiosk/fleet/telemetry.ts');
    const { telemetrySchema } = await import('../../kiosk/fleet/messages.ts');
    const base = {
      address: { region: '3506', kiosk: 'ADM-3506-0042' }, at: new Date('2026-11-23T08:00:00Z'), dayStart: new Date('2026-11-23T00:00:00Z'), version: '0.1.0', uptimeS: 60,
      service: { inService: true, reasons: [], since: '2026-11-23T07:00:00Z' }, devices: [], consumables: [], today: { printed: {}, failed: {} }, unknownPrints: 0, alerts: [],
      registryReachable: true, outbox: { pending: 0, dropped: 0, refused: 0 }, commandsRefused: 0, auditHead: null,
    };
    const t = telemetrySchema.parse(buildTelemetry({ ...base, guidanceSessions: 3 }));
    expect(t.guidanceSessions).toBe(3);
    expect(telemetrySchema.parse(buildTelemetry(base)).guidanceSessions).toBeUndefined();
    expect(telemetrySchema.safeParse({ ...t, guidanceSessions: 'BUDI' }).success).toBe(false);
  });
});
