import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { openDatabase } from '../../kiosk/store/open-database.ts';
import { kioskMigrations } from '../../kiosk/store/migrations/index.ts';
import { Consumables } from '../../kiosk/store/consumables.ts';
import { PrintLedger } from '../../kiosk/store/print-ledger.ts';
import { MaintenanceConsumables } from '../../kiosk/store/consumables.ts';
import { FleetAgent } from '../../kiosk/fleet/agent.ts';
import { emptySources, type FleetSources } from '../../kiosk/fleet/sources.ts';
import { kioskTopic } from '../../kiosk/fleet/topics.ts';
import { Mosquitto } from '../support/mosquitto.ts';
import { MaintenanceApi } from './support/api.ts';
import { freeMaintenancePort } from './support/ports.ts';
import { memoryLogger, startRig, TECH_PIN, type Rig } from './support/rig.ts';

const closers: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

function store(start = Date.parse('2026-11-23T08:00:00Z')) {
  const opened = openDatabase({ path: ':memory:', migrations: kioskMigrations });
  if (!opened.ok) throw new Error(opened.error.message);
  closers.push(() => opened.value.db.close());
  let t = start;
  const now = () => new Date(t);
  const ledger = new PrintLedger(opened.value.db, now);
  const consumables = new MaintenanceConsumables(opened.value.db, new Consumables(opened.value.db, now), now);
  return { db: opened.value.db, ledger, consumables, tick: (ms: number) => (t += ms) };
}

/** A card print that completed, through the ledger's own moves. */
function printed(ledger: PrintLedger, printer: 'a4' | 'card', end: 'printed' | 'unknown' = 'printed'): string {
  const r = ledger.create({ applicationId: `APP-${Math.random()}`, documentType: printer === 'card' ? 'ktp' : 'kk', subjectRef: 'ref', printer });
  if (!r.ok) throw new Error(r.error.message);
  const id = r.value.id;
  ledger.markRendered(id, printer === 'card' ? 2 : 1);
  ledger.markSubmitting(id, 'ipp://x', `adm-${id}`);
  ledger.markSubmitted(id, 7);
  if (end === 'printed') ledger.markPrinted(id, { reason: 'completed', sheets: 1 });
  else ledger.markUnknown(id, 'lost');
  return id;
}

describe('consumable counters', () => {
  it('holds A4 sheets, card blanko, ribbon and receipt roll, each with capacity and low threshold', () => {
    const { consumables } = store();
    expect(consumables.list().map((c) => [c.name, c.level, c.capacity, c.lowThreshold, c.state])).toEqual([
      ['a4-sheets', 500, 500, 50, 'full'],
      ['card-blanko', 100, 100, 10, 'full'],
      ['ribbon', 250, 250, 25, 'full'],
      ['receipt-roll', 400, 400, 40, 'full'],
    ]);
  });

  it('counts ribbon and roll down from what printed since the refill, not before', () => {
    const s = store();
    printed(s.ledger, 'card');
    s.tick(1000);
    expect(s.consumables.set('ribbon', { level: 200 }, 'pin')).toMatchObject({ ok: true, value: { level: 200, setBy: 'pin' } });
    expect(s.consumables.set('receipt-roll', { level: 300 }, 'pin')).toMatchObject({ ok: true, value: { level: 300 } });
    s.tick(1000);
    printed(s.ledger, 'card');
    printed(s.ledger, 'card');
    printed(s.ledger, 'a4');
    const lost = printed(s.ledger, 'card', 'unknown');
    // Ribbon: two card prints completed since the refill. Roll: one receipt per print a citizen waited for (4).
    expect(s.consumables.get('ribbon')?.level).toBe(198);
    expect(s.consumables.get('receipt-roll')?.level).toBe(296);
    // A technician deciding an unknown print "printed" used ribbon, but prints no receipt.
    s.ledger.resolve(lost, 'printed', 'pin', 'found');
    expect(s.consumables.get('ribbon')?.level).toBe(197);
    expect(s.consumables.get('receipt-roll')?.level).toBe(296);
    // Test prints count too.
    s.consumables.useForTest('ribbon', 1);
    s.consumables.useForTest('receipt-roll', 2);
    s.consumables.useForTest('a4-sheets', 3);
    expect([s.consumables.get('ribbon')?.level, s.consumables.get('receipt-roll')?.level, s.consumables.get('a4-sheets')?.level]).toEqual([196, 294, 496]);
  });

  it('refuses bad values the same way for every consumable, and changes nothing', () => {
    const { consumables } = store();
    for (const name of ['a4-sheets', 'ribbon']) {
      expect(consumables.set(name, { level: 1000 }, 'pin')).toMatchObject({ ok: false, error: { code: 'invalid_level', message: expect.stringContaining('capacity') } });
      expect(consumables.set(name, { level: 2.5 }, 'pin')).toMatchObject({ ok: false, error: { code: 'invalid_level' } });
      expect(consumables.set(name, { level: 10, capacity: 100, lowThreshold: 100 }, 'pin')).toMatchObject({ ok: false, error: { code: 'invalid_level' } });
      expect(consumables.set(name, { level: -1 }, 'pin')).toMatchObject({ ok: false, error: { code: 'invalid_level' } });
    }
    expect(consumables.set('toner', { level: 1 }, 'pin')).toMatchObject({ ok: false, error: { code: 'unknown_consumable' } });
    expect(consumables.list().map((c) => c.level)).toEqual([500, 100, 250, 400]);
  });

  it('raises low and out alerts in the fleet vocabulary, and clears them on refill', () => {
    const { consumables } = store();
    expect(consumables.alerts()).toEqual([]);
    consumables.set('a4-sheets', { level: 40 }, 'pin');
    consumables.set('card-blanko', { level: 0 }, 'pin');
    consumables.set('ribbon', { level: 20 }, 'pin');
    consumables.set('receipt-roll', { level: 0 }, 'pin');
    expect(consumables.alerts().map((a) => `${a.kind}:${a.subject}`)).toEqual(['paper.low:a4-sheets', 'blanko.out:card-blanko', 'consumable.low:ribbon', 'paper.out:receipt-roll']);
    consumables.set('ribbon', { level: 250 }, 'pin');
    consumables.set('receipt-roll', { level: 400, capacity: 400, lowThreshold: 40 }, 'pin');
    expect(consumables.alerts().map((a) => a.subject)).toEqual(['a4-sheets', 'card-blanko']);
  });
});

describe('consumables over the maintenance API', () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig({ devices: false });
  });
  afterAll(async () => rig?.close());

  it('sets a refill, answers with the alerts, and audits each change', async () => {
    const api = new MaintenanceApi(rig.url);
    expect((await api.signIn(TECH_PIN)).status).toBe(200);
    const low = await api.post<{ consumable: { level: number; state: string }; alerts: Array<{ kind: string; subject: string; severity: string }> }>('consumables', { name: 'ribbon', level: 10 });
    expect(low.status).toBe(200);
    expect(low.body.consumable).toMatchObject({ level: 10, state: 'low' });
    expect(low.body.alerts).toContainEqual(expect.objectContaining({ kind: 'consumable.low', subject: 'ribbon', severity: 'warning' }));
    const refill = await api.post<{ consumable: { level: number; state: string }; alerts: Array<{ subject: string }> }>('consumables', { name: 'ribbon', level: 250 });
    expect(refill.body.consumable).toMatchObject({ level: 250, state: 'full' });
    expect(refill.body.alerts.map((a) => a.subject)).not.toContain('ribbon');
    const roll = await api.post('consumables', { name: 'receipt-roll', level: 300, capacity: 300, lowThreshold: 30 });
    expect(roll).toMatchObject({ status: 200, body: { consumable: { level: 300, capacity: 300, lowThreshold: 30 } } });

    expect(await api.post('consumables', { name: 'a4-sheets', level: 9999 })).toMatchObject({ status: 422, body: { error: 'invalid_level' } });
    expect(await api.post('consumables', { name: 'toner', level: 1 })).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect(await api.post('consumables', { name: 'a4-sheets', level: '500' })).toMatchObject({ status: 400 });

    const audit = rig.handle.maintenance.audit.all().filter((e) => e.action === 'consumables.set');
    expect(audit.map((e) => [e.actor, e.detail.consumable, e.detail.from, e.detail.level, e.detail.failed ?? false])).toEqual([
      ['pin', 'ribbon', 250, 10, false],
      ['pin', 'ribbon', 10, 250, false],
      ['pin', 'receipt-roll', 400, 300, false],
      ['pin', 'a4-sheets', undefined, 9999, true],
    ]);
    await api.post('leave');
  });
});

describe('consumable alerts reach the fleet', () => {
  it('a technician setting the ribbon low raises consumable.low over MQTT, and the refill clears it', async () => {
    const broker = await Mosquitto.start({ port: await freeMaintenancePort() });
    closers.push(() => broker.close());
    const { log } = await memoryLogger();
    let agent: FleetAgent | null = null;
    const rig = await startRig({ devices: false });
    // As boot wires the fleet: maintenance's sources at construction, its refreshes heard on the bus.
    const sources: FleetSources = { ...emptySources, ...rig.handle.fleetSources };
    rig.bus.on('fleet.refresh', () => agent?.refresh());
    closers.push(() => rig.close());
    const address = { region: rig.config.kiosk.regionCode, kiosk: rig.config.kiosk.id };
    agent = new FleetAgent({
      address,
      version: 'test',
      startedAtMs: Date.now(),
      broker: { url: broker.url, keepaliveS: 5, connectTimeoutMs: 3000, reconnectMinMs: 100, reconnectMaxMs: 400 },
      db: rig.store.db,
      outboxMax: 1000,
      sources,
      service: rig.service,
      commandKey: null,
      commandMaxSkewMs: 60_000,
      telemetryIntervalMs: 60_000,
      alertCheckMs: 60_000,
      fingerprintAlertAfter: 3,
      log,
    });
    const a = agent;
    closers.push(() => a.stop(1000));

    const monitor = await mqtt.connectAsync(broker.url, { clientId: 'maintenance-test-monitor' });
    closers.push(() => monitor.endAsync());
    const events: Array<{ kind: string; subject?: string; active?: boolean; severity: string; data: Record<string, unknown> }> = [];
    monitor.on('message', (_t, payload) => events.push(JSON.parse(payload.toString()) as (typeof events)[number]));
    await monitor.subscribeAsync(kioskTopic(address, 'event'), { qos: 1 });
    a.start();

    const api = new MaintenanceApi(rig.url);
    expect((await api.signIn(TECH_PIN)).status).toBe(200);
    await api.post('consumables', { name: 'ribbon', level: 12 });
    const until = async (pred: () => boolean) => {
      for (let i = 0; i < 200 && !pred(); i++) await new Promise((r) => setTimeout(r, 25));
      return pred();
    };
    expect(await until(() => events.some((e) => e.kind === 'consumable.low' && e.active === true))).toBe(true);
    expect(events.find((e) => e.kind === 'consumable.low')).toMatchObject({ subject: 'ribbon', severity: 'warning', data: { consumable: 'ribbon', level: 12, capacity: 250, low: 25 } });
    await api.post('consumables', { name: 'ribbon', level: 250 });
    expect(await until(() => events.some((e) => e.kind === 'consumable.low' && e.active === false))).toBe(true);
    // The telemetry carries all four counters.
    expect(Object.keys(a.telemetry().consumables).sort()).toEqual(['a4-sheets', 'card-blanko', 'receipt-roll', 'ribbon']);
    await api.post('leave');
  });
});
