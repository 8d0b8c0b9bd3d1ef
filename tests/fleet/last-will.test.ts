import { afterEach, describe, expect, it } from 'vitest';
import { kioskMigrations } from '../../kiosk/store/migrations/index.ts';
import { Mosquitto } from '../support/mosquitto.ts';
import { startKiosk } from '../support/kiosk-process.ts';
import { tempDir } from '../support/temp-dir.ts';
import { Capture } from './support/capture.ts';
import { TcpProxy } from './support/tcp-proxy.ts';
import { kioskDb, testKiosk } from './support/harness.ts';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function broker(): Promise<{ broker: Mosquitto; capture: Capture }> {
  const b = await Mosquitto.start();
  cleanups.push(() => b.close());
  const capture = await Capture.open(b.url);
  cleanups.push(() => capture.close());
  return { broker: b, capture };
}

function dataDir(): string {
  const d = tempDir('fleet-will');
  cleanups.push(() => d.remove());
  return d.path;
}

const STATE = 'adm/v1/3506/ADM-3506-SIM1/state';
const statuses = (c: Capture) => c.messages.filter((m) => m.topic === STATE).map((m) => m.json.status);

describe('kiosk state and last will (adm start against a real mosquitto)', () => {
  it('a killed kiosk is shown as lost at once, and stays lost for monitors that connect later', async () => {
    const { broker: b, capture } = await broker();
    const k = await startKiosk({ ADM_DATA_DIR: dataDir(), ADM_MQTT_URL: b.url });
    cleanups.push(() => k.stop('SIGKILL'));
    await capture.until(() => statuses(capture).includes('online'), 10_000, 'online state');
    await capture.until((m) => m.some((x) => x.topic.endsWith('/telemetry')), 10_000, 'first telemetry');

    await k.stop('SIGKILL');
    await capture.until(() => statuses(capture).at(-1) === 'lost', 5000, 'the last will');
    const will = capture.messages.filter((m) => m.topic === STATE).at(-1);
    expect(will?.json).toMatchObject({ v: 1, kiosk: 'ADM-3506-SIM1', region: '3506', status: 'lost' });

    const late = await Capture.open(b.url, STATE);
    cleanups.push(() => late.close());
    await late.until((m) => m.length > 0, 5000, 'retained state');
    expect(late.messages[0]).toMatchObject({ retain: true, json: { status: 'lost' } });
  });

  it('a kiosk stopped cleanly says offline, not lost', async () => {
    const { broker: b, capture } = await broker();
    const k = await startKiosk({ ADM_DATA_DIR: dataDir(), ADM_MQTT_URL: b.url });
    cleanups.push(() => k.stop('SIGKILL'));
    await capture.until(() => statuses(capture).includes('online'), 10_000, 'online state');
    const stopped = await k.stop('SIGINT');
    expect(stopped.code).toBe(0);
    await capture.until(() => statuses(capture).at(-1) === 'offline', 5000, 'offline state');
    const late = await Capture.open(b.url, STATE);
    cleanups.push(() => late.close());
    await late.until((m) => m.length > 0, 5000, 'retained state');
    expect(late.messages[0]?.json.status).toBe('offline');
    expect(statuses(capture)).not.toContain('lost');
  });

  it('a kiosk whose network goes silent is shown as lost after its keepalive runs out', async () => {
    const { broker: b, capture } = await broker();
    const proxy = await TcpProxy.start(b.port);
    cleanups.push(() => proxy.close());
    const kiosk = await testKiosk(proxy.url, { broker: { keepaliveS: 2 } });
    cleanups.push(() => kiosk.stop());
    kiosk.agent.start();
    const topic = 'adm/v1/3506/ADM-3506-T001/state';
    await capture.until((m) => m.some((x) => x.topic === topic && x.json.status === 'online'), 5000, 'online');
    proxy.freeze();
    // Broker side: 1.5 × keepalive without a packet, then the will.
    await capture.until((m) => m.some((x) => x.topic === topic && x.json.status === 'lost'), 8000, 'will after keepalive');
  });

  it('publishes and queues nothing when no broker URL is set', async () => {
    const dir = dataDir();
    const k = await startKiosk({ ADM_DATA_DIR: dir, ADM_MQTT_URL: '' });
    cleanups.push(() => k.stop('SIGKILL'));
    expect((await k.stop('SIGINT')).code).toBe(0);
    const events = k
      .stdout()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => (JSON.parse(l) as { event: string }).event);
    expect(events).toContain('fleet.disabled');
    expect(events.filter((e) => e.startsWith('fleet.') && e !== 'fleet.disabled')).toEqual([]);
    const db = kioskDb(`${dir}/kiosk.sqlite`);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(kioskMigrations.length);
      expect((db.prepare('SELECT COUNT(*) AS n FROM fleet_outbox').get() as { n: number }).n).toBe(0);
    } finally {
      db.close();
    }
  });
});
