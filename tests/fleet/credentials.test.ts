import { generateKeyPairSync } from 'node:crypto';
import { connect, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendCommand } from '../../kiosk/fleet/commander.ts';
import { kioskTopic } from '../../kiosk/fleet/topics.ts';
import { Mosquitto } from '../support/mosquitto.ts';
import { Capture } from './support/capture.ts';
import { ADDRESS, testKiosk } from './support/harness.ts';

/** The ACL of docs/fleet.md: each kiosk (username = kiosk id) writes its own topics and reads its own commands. */
const ACL = `
pattern write adm/v1/+/%u/state
pattern write adm/v1/+/%u/telemetry
pattern write adm/v1/+/%u/event
pattern write adm/v1/+/%u/diagnostics
pattern read adm/v1/+/%u/cmd

user fleet-monitor
topic read adm/v1/#

user fleet-commander
topic write adm/v1/+/+/cmd
topic read adm/v1/+/+/state
topic read adm/v1/+/+/event
topic read adm/v1/+/+/diagnostics
`;
const USERS = { 'ADM-3506-T001': 'kiosk-one-secret', 'ADM-3506-T002': 'kiosk-two-secret', 'fleet-monitor': 'monitor-secret', 'fleet-commander': 'commander-secret' };

let broker: Mosquitto;
let monitor: Capture;
const fleetKey = generateKeyPairSync('ed25519');

beforeAll(async () => {
  broker = await Mosquitto.start({ auth: { users: USERS, acl: ACL } });
  monitor = await Capture.open(broker.url, 'adm/v1/#', { username: 'fleet-monitor', password: 'monitor-secret' });
});
afterAll(async () => {
  await monitor?.close();
  await broker?.close();
});

async function rawClient(username: string, password: string): Promise<MqttClient> {
  const c = connect(broker.url, { protocolVersion: 5, reconnectPeriod: 0, username, password, clientId: `${username}-raw` });
  await new Promise<void>((r, j) => c.once('connect', () => r()).once('error', j));
  return c;
}

describe('per-kiosk credentials and ACLs on a real mosquitto', () => {
  it('a kiosk with its own credentials publishes its topics and takes commands from the commander', async () => {
    const kiosk = await testKiosk(broker.url, { key: fleetKey.publicKey, broker: { username: 'ADM-3506-T001', password: 'kiosk-one-secret' } });
    try {
      kiosk.agent.start();
      await kiosk.agent.publisher.whenOnline(AbortSignal.timeout(10_000));
      await monitor.until((m) => m.some((x) => x.topic === kioskTopic(ADDRESS, 'event') && x.json.kind === 'kiosk.started'), 5000, 'kiosk.started');
      await monitor.until((m) => m.some((x) => x.topic === kioskTopic(ADDRESS, 'telemetry')), 5000, 'telemetry');
      const r = await sendCommand({ url: broker.url, username: 'fleet-commander', password: 'commander-secret', address: ADDRESS, cmd: 'telemetry-now', privateKey: fleetKey.privateKey, timeoutMs: 5000 });
      expect(r.ok && r.value.event.kind).toBe('command.done');
      expect(kiosk.agent.outbox.stats()).toMatchObject({ pending: 0, refused: 0 });
    } finally {
      await kiosk.stop();
    }
  });

  it('a wrong password is refused by the broker: typed, logged, retried with backoff, never online', async () => {
    const kiosk = await testKiosk(broker.url, { broker: { username: 'ADM-3506-T001', password: 'wrong', reconnectMinMs: 100, reconnectMaxMs: 200 } });
    try {
      kiosk.agent.start();
      const deadline = Date.now() + 5000;
      while (kiosk.lines.filter((l) => l.event === 'fleet.connect_failed').length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const failures = kiosk.lines.filter((l) => l.event === 'fleet.connect_failed');
      expect(failures.length).toBeGreaterThanOrEqual(2);
      // mosquitto 2 answers a bad password with 135 (Not authorized), other brokers with 134.
      expect(failures[0]).toMatchObject({ kind: 'auth' });
      expect([134, 135]).toContain(failures[0]?.code);
      expect(JSON.stringify(kiosk.lines)).not.toContain('wrong');
      expect(kiosk.agent.publisher.stats().connects).toBe(0);
      expect(kiosk.agent.outbox.stats().pending).toBe(1); // kiosk.started waits for a broker that lets it in
    } finally {
      await kiosk.stop();
    }
  });

  it('one kiosk cannot write another kiosk\'s topics nor read its commands', async () => {
    const intruder = await rawClient('ADM-3506-T002', 'kiosk-two-secret');
    const owner = await rawClient('ADM-3506-T001', 'kiosk-one-secret');
    const commander = await rawClient('fleet-commander', 'commander-secret');
    try {
      const other = kioskTopic(ADDRESS, 'event');
      await expect(intruder.publishAsync(other, JSON.stringify({ kind: 'forged' }), { qos: 1 })).rejects.toThrow(/Not authorized/i);

      // mosquitto grants the subscription but delivers nothing the ACL does not allow to be read.
      const seen = { intruder: 0, owner: 0 };
      intruder.on('message', () => seen.intruder++);
      owner.on('message', () => seen.owner++);
      await intruder.subscribeAsync(kioskTopic(ADDRESS, 'cmd'), { qos: 1 });
      await owner.subscribeAsync(kioskTopic(ADDRESS, 'cmd'), { qos: 1 });
      await commander.publishAsync(kioskTopic(ADDRESS, 'cmd'), '{"v":1}', { qos: 1 });
      const deadline = Date.now() + 5000;
      while (seen.owner === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      // A round trip on the intruder's own connection: anything queued for it has arrived by now.
      await intruder.publishAsync(kioskTopic({ region: '3506', kiosk: 'ADM-3506-T002' }, 'event'), '{}', { qos: 1 });
      expect(seen).toEqual({ intruder: 0, owner: 1 });
    } finally {
      await Promise.all([intruder.endAsync(), owner.endAsync(), commander.endAsync()]);
    }
    expect(monitor.messages.some((m) => m.json.kind === 'forged')).toBe(false);
  });

  it('the monitor account only reads: it cannot send commands', async () => {
    const r = await sendCommand({ url: broker.url, username: 'fleet-monitor', password: 'monitor-secret', address: ADDRESS, cmd: 'out-of-service', privateKey: fleetKey.privateKey, timeoutMs: 3000 });
    expect(!r.ok && r.error.code).toBe('publish_refused');
  });

  it('an outbox message the ACL refuses is kept, counted and not retried; the rest still flows', async () => {
    // Credentials of kiosk T002 used by a kiosk that calls itself T001: its topics are not T002's.
    const kiosk = await testKiosk(broker.url, { broker: { username: 'ADM-3506-T002', password: 'kiosk-two-secret', clientId: 'misconfigured' } });
    try {
      kiosk.agent.start();
      await kiosk.agent.publisher.whenOnline(AbortSignal.timeout(5000));
      kiosk.agent.emitEvent('test.tick', 'info', { n: 1 });
      const deadline = Date.now() + 5000;
      while (kiosk.agent.outbox.stats().refused < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(kiosk.agent.outbox.stats()).toMatchObject({ pending: 0, refused: 2 });
      expect(kiosk.lines.filter((l) => l.event === 'fleet.publish_refused')).toHaveLength(2);
      expect(kiosk.agent.publisher.stats().refused).toBe(2);
      const rows = kiosk.db.prepare('SELECT refused_reason AS reason FROM fleet_outbox').all() as Array<{ reason: string }>;
      expect(rows.every((r) => /Not authorized/i.test(r.reason))).toBe(true);
    } finally {
      await kiosk.stop();
    }
  });
});
