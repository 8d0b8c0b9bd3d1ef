import { generateKeyPairSync } from 'node:crypto';
import { connect } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendCommand } from '../../kiosk/fleet/commander.ts';
import { signCommand } from '../../kiosk/fleet/commands.ts';
import { kioskTopic } from '../../kiosk/fleet/topics.ts';
import { Mosquitto } from '../support/mosquitto.ts';
import { Capture } from './support/capture.ts';
import { ADDRESS, testKiosk, type TestKiosk } from './support/harness.ts';

const fleetKey = generateKeyPairSync('ed25519');
let broker: Mosquitto;
let capture: Capture;
let kiosk: TestKiosk;

beforeAll(async () => {
  broker = await Mosquitto.start();
  capture = await Capture.open(broker.url);
  kiosk = await testKiosk(broker.url, { key: fleetKey.publicKey });
  kiosk.agent.start();
  await kiosk.agent.publisher.whenOnline(AbortSignal.timeout(10_000));
});
afterAll(async () => {
  await kiosk?.stop();
  await capture?.close();
  await broker?.close();
});

const send = (cmd: Parameters<typeof sendCommand>[0]['cmd'], privateKey = fleetKey.privateKey) =>
  sendCommand({ url: broker.url, address: ADDRESS, cmd, privateKey, timeoutMs: 10_000 });

async function publishRaw(message: string): Promise<void> {
  const c = connect(broker.url, { protocolVersion: 5, reconnectPeriod: 0 });
  await new Promise<void>((r, j) => c.once('connect', () => r()).once('error', j));
  await c.publishAsync(kioskTopic(ADDRESS, 'cmd'), message, { qos: 1 });
  await c.endAsync();
}

describe('fleet commands over a real mosquitto', () => {
  it('takes the kiosk out of service and back, and the retained state says so', async () => {
    const out = await send('out-of-service');
    expect(out.ok && out.value.event.kind).toBe('command.done');
    expect(kiosk.service.snapshot).toMatchObject({ inService: false, reasons: ['fleet'] });
    await capture.until((m) => m.some((x) => x.topic.endsWith('/state') && (x.json.service as { inService: boolean }).inService === false), 5000, 'out-of-service state');
    const changed = capture.on('event').find((e) => e.json.kind === 'service.changed');
    expect(changed?.json.data).toMatchObject({ reason: 'fleet', outOfService: true, inService: false });

    const back = await send('in-service');
    expect(back.ok && back.value.event.kind).toBe('command.done');
    expect(kiosk.service.inService).toBe(true);
    expect(kiosk.lines.filter((l) => l.event === 'fleet.command_accepted')).toHaveLength(2);
  });

  it('sends a diagnostics report and fresh telemetry on demand', async () => {
    const d = await send('diagnostics');
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    const report = d.value.diagnostics?.report as { software: { version: string }; outbox: { pending: number } } | undefined;
    expect(report?.software.version).toBe('0.1.0-test');
    expect(typeof report?.outbox.pending).toBe('number');

    const before = capture.on('telemetry').length;
    const t = await send('telemetry-now');
    expect(t.ok && t.value.event.kind).toBe('command.done');
    await capture.until(() => capture.on('telemetry').length > before, 5000, 'fresh telemetry');
  });

  it('refuses and reports a forged command; the service state does not move', async () => {
    const forger = generateKeyPairSync('ed25519').privateKey;
    const refusedBefore = capture.on('event').filter((e) => e.json.kind === 'command.refused').length;
    await publishRaw(signCommand({ address: ADDRESS, cmd: 'out-of-service', privateKey: forger }).message);
    await capture.until(() => capture.on('event').filter((e) => e.json.kind === 'command.refused').length > refusedBefore, 5000, 'refusal report');
    const report = capture.on('event').filter((e) => e.json.kind === 'command.refused').at(-1);
    expect(report?.json).toMatchObject({ severity: 'warning', data: { reason: 'bad_signature' } });
    expect((report?.json.data as Record<string, unknown>).nonce).toBeUndefined();
    expect((report?.json.data as Record<string, unknown>).nonceRef).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(kiosk.service.inService).toBe(true);
    expect(kiosk.lines.some((l) => l.event === 'fleet.command_refused' && l.reason === 'bad_signature')).toBe(true);
  });

  it('refuses and reports a replay of a command it already carried out', async () => {
    const original = signCommand({ address: ADDRESS, cmd: 'out-of-service', privateKey: fleetKey.privateKey });
    await publishRaw(original.message);
    await capture.until((m) => m.some((e) => e.json.kind === 'command.done' && (e.json.data as { nonce?: string }).nonce === original.nonce), 5000, 'first run');
    expect(kiosk.service.inService).toBe(false);
    expect((await send('in-service')).ok).toBe(true);
    expect(kiosk.service.inService).toBe(true);

    // Someone who captured the first command sends it again.
    await publishRaw(original.message);
    await capture.until((m) => m.some((e) => e.json.kind === 'command.refused' && (e.json.data as { nonce?: string }).nonce === original.nonce), 5000, 'replay refused');
    expect(kiosk.service.inService).toBe(true);
    const t = kiosk.agent.telemetry();
    expect(t.commandsRefused).toBeGreaterThanOrEqual(2);
  });

  it('answers a command the kiosk never gets with a typed no_answer naming the last state', async () => {
    const r = await sendCommand({ url: broker.url, address: { region: '3506', kiosk: 'ADM-3506-GONE' }, cmd: 'diagnostics', privateKey: fleetKey.privateKey, timeoutMs: 300 });
    expect(!r.ok && r.error.code).toBe('no_answer');
    const unreachable = await sendCommand({ url: 'mqtt://127.0.0.1:1', address: ADDRESS, cmd: 'diagnostics', privateKey: fleetKey.privateKey, timeoutMs: 2000 });
    expect(!unreachable.ok && unreachable.error.code).toBe('connect_failed');
  });
});
