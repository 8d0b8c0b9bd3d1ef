import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema, type KioskConfigInput } from '../../kiosk/config/schema.ts';
import { fleetBrokerCheck, fleetCommandKeyCheck, fleetOutboxCheck } from '../../kiosk/doctor/fleet-checks.ts';
import { generateCommandKeys } from '../../kiosk/fleet/commands.ts';
import { Mosquitto } from '../support/mosquitto.ts';
import { tempDir } from '../support/temp-dir.ts';
import { kioskDb } from './support/harness.ts';

let broker: Mosquitto;
const dir = tempDir('fleet-doctor');
beforeAll(async () => {
  broker = await Mosquitto.start({ auth: { users: { 'ADM-3506-SIM1': 'right' }, acl: 'pattern readwrite adm/v1/+/%u/#\n' } });
});
afterAll(async () => {
  await broker?.close();
  dir.remove();
});

const config = (fleet: KioskConfigInput['fleet']) => configSchema.parse({ dataDir: dir.path, fleet });
const run = async (check: typeof fleetBrokerCheck, fleet: KioskConfigInput['fleet']) => check.run(config(fleet), AbortSignal.timeout(8000));

describe('adm doctor: fleet checks', () => {
  it('says whether the broker takes the kiosk\'s credentials', async () => {
    expect(await run(fleetBrokerCheck, {})).toMatchObject([{ status: 'ok', detail: expect.stringContaining('off') }]);
    expect(await run(fleetBrokerCheck, { mqttUrl: broker.url, username: 'ADM-3506-SIM1', password: 'right' })).toMatchObject([{ status: 'ok' }]);
    const wrong = await run(fleetBrokerCheck, { mqttUrl: broker.url, username: 'ADM-3506-SIM1', password: 'wrong' });
    expect(wrong).toMatchObject([{ status: 'fail', detail: expect.stringContaining("refused the kiosk's credentials") }]);
    expect(wrong[0]?.detail).not.toContain('wrong');
    const down = await run(fleetBrokerCheck, { mqttUrl: 'mqtt://127.0.0.1:1' });
    expect(down).toMatchObject([{ status: 'fail', detail: expect.stringContaining('unreachable') }]);
  });

  it('checks the command key', async () => {
    expect(await run(fleetCommandKeyCheck, { mqttUrl: broker.url })).toMatchObject([{ status: 'warn' }]);
    expect(await run(fleetCommandKeyCheck, { mqttUrl: broker.url, commandPublicKey: 'bm9wZQ==' })).toMatchObject([{ status: 'fail' }]);
    expect(await run(fleetCommandKeyCheck, { commandPublicKey: generateCommandKeys().publicBase64 })).toMatchObject([{ status: 'ok', detail: expect.stringMatching(/fingerprint [0-9a-f]{16}/) }]);
  });

  it('reports the outbox backlog and refusals from the store, read-only', async () => {
    expect(await run(fleetOutboxCheck, {})).toMatchObject([{ status: 'ok', detail: 'no store yet' }]);
    const db = kioskDb(`${dir.path}/kiosk.sqlite`);
    db.prepare("INSERT INTO fleet_outbox (id, channel, payload, created_at) VALUES ('a', 'event', '{}', '2026-01-01T00:00:00Z')").run();
    db.prepare("INSERT INTO fleet_outbox (id, channel, payload, created_at, refused_at, refused_reason) VALUES ('b', 'event', '{}', '2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z', 'Not authorized')").run();
    db.prepare("INSERT INTO fleet_state (key, value) VALUES ('outbox.dropped', '7')").run();
    db.close();
    expect(await run(fleetOutboxCheck, {})).toMatchObject([{ status: 'warn', detail: expect.stringContaining('1 waiting (max 5000), 7 dropped, 1 refused') }]);
  });
});
