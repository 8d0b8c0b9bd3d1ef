import { generateKeyPairSync } from 'node:crypto';
import { connect } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceBoard } from '../../devices/common/device-board.ts';
import { sendCommand } from '../../kiosk/fleet/commander.ts';
import { signCommand } from '../../kiosk/fleet/commands.ts';
import { LedgerSqlSources } from '../../kiosk/fleet/store-sources.ts';
import { kioskTopic } from '../../kiosk/fleet/topics.ts';
import { nikRef } from '../../core/nik-mask.ts';
import { PrintLedger } from '../../kiosk/store/print-ledger.ts';
import type { DeviceId, DeviceStatus, DeviceSummary } from '../../core/device-status.ts';
import { Mosquitto } from '../support/mosquitto.ts';
import { Capture } from './support/capture.ts';
import { ADDRESS, kioskDb, testKiosk, type TestKiosk } from './support/harness.ts';

const NIK = '3506124507900001';
const NO_KK = '3506120101150003';
const NAME = 'Siti Rahayu Lestari';
const MOTHER = 'Sumiati Wulandari';

let broker: Mosquitto;
let capture: Capture;
let kiosk: TestKiosk;
const fleetKey = generateKeyPairSync('ed25519');
const status: Record<string, DeviceStatus> = {};
const board = new DeviceBoard();

function device(id: DeviceId, s: Partial<DeviceStatus>): void {
  status[id] = { device: 'online', reasons: [], since: new Date().toISOString(), ...s };
}

beforeAll(async () => {
  broker = await Mosquitto.start();
  capture = await Capture.open(broker.url, 'adm/#');
  for (const id of ['cardReader', 'receiptPrinter', 'a4Printer', 'cardPrinter', 'scanner', 'touchscreen'] as const) {
    device(id, {});
    board.add((): DeviceSummary => ({ id, mode: 'simulated', status: status[id]! }));
  }
  const db = kioskDb();
  const ledger = new LedgerSqlSources(db);
  kiosk = await testKiosk(broker.url, {
    db,
    key: fleetKey.publicKey,
    sources: {
      devices: () => board.summaries(),
      consumables: () => ledger.consumables(),
      printsSince: (d) => ledger.printsSince(d),
      unknownPrints: () => ledger.unknownPrints(),
      registryReachable: () => true,
    },
  });
  kiosk.agent.start();
  await kiosk.agent.publisher.whenOnline(AbortSignal.timeout(10_000));
});
afterAll(async () => {
  await kiosk?.stop();
  kiosk?.db.close();
  await capture?.close();
  await broker?.close();
});

/** A print through the real ledger, as the print pipeline moves it. */
function print(ledger: PrintLedger, type: string, printer: 'a4' | 'card', end: (id: string) => void): void {
  const row = ledger.create({ applicationId: `APP-${type}-${Math.random().toString(36).slice(2, 8)}`, documentType: type, subjectRef: nikRef(NIK, 'kiosk-secret'), printer });
  if (!row.ok) throw new Error(row.error.message);
  expect(ledger.markRendered(row.value.id, 1).ok).toBe(true);
  end(row.value.id);
}

describe('no personal data in any fleet message', () => {
  it('a journey-like run publishes counts and states, never a NIK, No. KK or name', async () => {
    const { agent } = kiosk;
    // A citizen signs in: the session registers the name with the redactor, as the journey does.
    kiosk.log.redactor.remember(NAME);
    kiosk.log.redactor.remember(MOTHER);
    const ledger = new PrintLedger(kiosk.db);
    expect(ledger.consumables.set('a4-sheets', { level: 52, lowThreshold: 50 }, 'tech-ref-1').ok).toBe(true);
    expect(ledger.consumables.set('card-blanko', { level: 1, lowThreshold: 20 }, 'tech-ref-1').ok).toBe(true);

    // Three fingerprint mismatches (threshold 3 in the harness), then a match.
    agent.fingerprintFailure();
    agent.fingerprintFailure();
    agent.fingerprintFailure();
    agent.fingerprintSuccess();

    // Prints through the real ledger: two good, one failed and one unknown whose reasons (wrongly) quote the citizen.
    print(ledger, 'KK', 'a4', (id) => {
      expect(ledger.markSubmitted(id, 11).ok).toBe(true);
      expect(ledger.markPrinted(id, { reason: 'completed', sheets: 3 }).ok).toBe(true);
    });
    print(ledger, 'KTP_EL', 'card', (id) => {
      expect(ledger.markSubmitted(id, 12).ok).toBe(true);
      expect(ledger.markPrinted(id, { reason: 'completed', sheets: 1 }).ok).toBe(true);
    });
    print(ledger, 'AKTA_KELAHIRAN', 'a4', (id) => expect(ledger.markFailed(id, `jam while printing for ${NAME} NIK ${NIK}`).ok).toBe(true));
    print(ledger, 'KIA', 'card', (id) => expect(ledger.markUnknown(id, `power lost; No. KK ${NO_KK}`).ok).toBe(true));

    // Devices: faults whose free-text details are careless about personal data.
    device('a4Printer', { paper: 'low', reasons: ['media-low'], detail: `last job: KK of ${NAME.toUpperCase()} (${NIK})` });
    device('cardPrinter', { device: 'userError', media: 'notPresent', reasons: ['media-empty'], detail: `blanko out while printing KTP ${NIK}` });
    device('cardReader', { device: 'hardwareError', reasons: ['sam-error'], detail: `card of ${MOTHER} rejected` });
    agent.refresh();

    // A well-meaning developer passes a person's fields to an event: keys and values are blanked.
    agent.emitEvent('test.careless', 'info', { name: NAME, nik: NIK, note: `ibu ${MOTHER}`, noKk: NO_KK });

    // The fleet asks for everything it can.
    expect((await sendCommand({ url: broker.url, address: ADDRESS, cmd: 'diagnostics', privateKey: fleetKey.privateKey, timeoutMs: 5000 })).ok).toBe(true);
    expect((await sendCommand({ url: broker.url, address: ADDRESS, cmd: 'telemetry-now', privateKey: fleetKey.privateKey, timeoutMs: 5000 })).ok).toBe(true);
    expect((await sendCommand({ url: broker.url, address: ADDRESS, cmd: 'out-of-service', privateKey: fleetKey.privateKey, timeoutMs: 5000 })).ok).toBe(true);
    // A forged command stuffed with personal data, and a validly signed unknown one.
    const c = connect(broker.url, { protocolVersion: 5, reconnectPeriod: 0 });
    await new Promise<void>((r) => c.once('connect', () => r()));
    const forger = generateKeyPairSync('ed25519').privateKey;
    await c.publishAsync(kioskTopic(ADDRESS, 'cmd'), signCommand({ address: ADDRESS, cmd: 'in-service', privateKey: forger, nonce: `${NIK}abcd` }).message, { qos: 1 });
    await c.publishAsync(kioskTopic(ADDRESS, 'cmd'), signCommand({ address: ADDRESS, cmd: `x${NIK}` as 'in-service', privateKey: fleetKey.privateKey }).message, { qos: 1 });
    await c.endAsync();
    await capture.until((m) => m.filter((x) => x.json.kind === 'command.refused').length >= 2, 5000, 'two refusals');

    // The citizen leaves.
    kiosk.log.redactor.forget(NAME);
    kiosk.log.redactor.forget(MOTHER);
    await capture.until((m) => m.some((x) => x.json.kind === 'print.unknown_outcome'), 5000, 'alerts');
    await new Promise((r) => setTimeout(r, 100));

    const published = capture.messages.filter((m) => m.topic.startsWith(`adm/v1/${ADDRESS.region}/${ADDRESS.kiosk}/`) && !m.topic.endsWith('/cmd'));
    const kinds = new Set(published.map((m) => `${m.topic.split('/').at(-1)}:${String(m.json.kind ?? m.json.status ?? '')}`));
    // The run did reach every kind of message this test means to scan.
    for (const k of ['state:online', 'telemetry:', 'diagnostics:', 'event:kiosk.started', 'event:fingerprint.repeated_failures', 'event:paper.low', 'event:blanko.out', 'event:device.error', 'event:print.unknown_outcome', 'event:service.changed', 'event:command.refused', 'event:test.careless']) {
      expect(kinds, k).toContain(k);
    }
    const stored = (kiosk.db.prepare('SELECT payload FROM fleet_outbox').all() as Array<{ payload: string }>).map((r) => r.payload);
    for (const text of [...published.map((m) => m.text), ...stored]) {
      expect(text).not.toMatch(/\d{16}/);
      for (const personal of [NAME, MOTHER, 'Siti', 'Rahayu', 'Sumiati']) expect(text.toLowerCase()).not.toContain(personal.toLowerCase());
    }
    // What it did say is useful to an operator.
    const telemetry = capture.on('telemetry').at(-1)?.json as { printedToday: Record<string, number>; failedToday: Record<string, number>; unknownPrints: number; consumables: Record<string, { status: string }> };
    expect(telemetry.printedToday).toEqual({ KK: 1, KTP_EL: 1 });
    expect(telemetry.failedToday).toEqual({ AKTA_KELAHIRAN: 1 });
    expect(telemetry.unknownPrints).toBe(1);
    expect(telemetry.consumables['a4-sheets']).toMatchObject({ level: 49, status: 'low' });
    expect(telemetry.consumables['card-blanko']).toMatchObject({ level: 0, status: 'out' });
  });
});
