import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Person } from '../../../core/domain.ts';
import { randomChunker } from '../../../devices/common/memory-cable.ts';
import { makeCitizens } from './fixtures.ts';
import { memoryRig, nextEvent, type ReaderRig } from './harness.ts';

let citizens: Map<string, Person>;
let rig: ReaderRig | undefined;
const SITI = '3506124507900001';
const BUDI = '3506120101850002';
const signal = () => AbortSignal.timeout(5000);

beforeAll(async () => {
  citizens = await makeCitizens();
});
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('card reader over an in-memory cable', () => {
  it('announces a card without personal data, then reads the identity with photo and signature', async () => {
    rig = await memoryRig(citizens, { chunker: randomChunker(7, 5) });
    const present = nextEvent<[{ cardType: string; uid: string; atr: string }]>(rig.reader, 'cardPresent');
    expect(rig.sim.tapCard(SITI).ok).toBe(true);
    const [presence] = await present;
    expect(presence.cardType).toBe('A');
    expect(presence.uid).toMatch(/^04[0-9A-F]{12}$/);
    expect(JSON.stringify(presence)).not.toContain(SITI);
    expect(rig.reader.status().media).toBe('present');

    const r = await rig.reader.readIdentity(signal());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const siti = citizens.get(SITI) as Person;
    expect(r.value).toMatchObject({
      nik: SITI,
      name: 'SITI AMINAH',
      birthPlace: 'KEDIRI',
      birthDate: '1990-07-05',
      sex: 'PEREMPUAN',
      bloodType: 'O',
      religion: 'ISLAM',
      maritalStatus: 'KAWIN',
      occupation: 'WIRASWASTA',
      nationality: 'WNI',
      address: { street: 'JL. MAWAR NO. 12', rt: '003', rw: '005', village: 'PARE', district: 'PARE', regency: 'KABUPATEN KEDIRI', province: 'JAWA TIMUR' },
    });
    expect(Buffer.from(r.value.photo ?? []).equals(Buffer.from(siti.photo ?? []))).toBe(true);
    expect(Buffer.from(r.value.signature ?? []).equals(Buffer.from(siti.signature ?? []))).toBe(true);
  });

  it('gives null photo and signature when the card holds none', async () => {
    rig = await memoryRig(citizens);
    rig.sim.tapCard(BUDI);
    const r = await rig.reader.readIdentity(signal());
    expect(r.ok && r.value.photo === null && r.value.signature === null).toBe(true);
  });

  it('reports card removal as an event and media notPresent', async () => {
    rig = await memoryRig(citizens);
    rig.sim.tapCard(SITI);
    await nextEvent(rig.reader, 'cardPresent');
    const removed = nextEvent(rig.reader, 'cardRemoved');
    rig.sim.removeCard();
    await removed;
    expect(rig.reader.status().media).toBe('notPresent');
  });

  it('reads with no card → noCard', async () => {
    rig = await memoryRig(citizens);
    const r = await rig.reader.readIdentity(signal());
    expect(r).toMatchObject({ ok: false, error: { reason: 'noCard', completion: 'commandErrorCode', device: 'cardReader' } });
  });

  it('a card that is not an e-KTP → authFailed', async () => {
    rig = await memoryRig(citizens);
    rig.sim.tapForeignCard();
    const r = await rig.reader.readIdentity(signal());
    expect(r).toMatchObject({ ok: false, error: { reason: 'authFailed' } });
  });

  it('matches a good finger, emits fingerPlaced, and reports a score', async () => {
    rig = await memoryRig(citizens);
    rig.sim.tapCard(SITI);
    await nextEvent(rig.reader, 'cardPresent');
    const placed = nextEvent(rig.reader, 'fingerPlaced');
    rig.sim.nextFinger('good');
    const r = await rig.reader.verifyFingerprint('rightThumb', signal());
    await placed;
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.result).toBe('match');
    expect(r.value.score).toBeGreaterThanOrEqual(70);
    expect(r.value.attemptsLeft).toBe(3);
  });

  it('poor quality counts as an attempt; no finger placed is a timeout result that does not', async () => {
    rig = await memoryRig(citizens);
    rig.sim.tapCard(SITI);
    await nextEvent(rig.reader, 'cardPresent');
    rig.sim.nextFinger('poor');
    const poor = await rig.reader.verifyFingerprint('rightIndex', signal());
    expect(poor).toMatchObject({ ok: true, value: { result: 'poorQuality', attemptsUsed: 1, attemptsLeft: 2 } });
    rig.sim.nextFinger('none');
    const none = await rig.reader.verifyFingerprint('rightIndex', signal(), { timeoutMs: 600 });
    expect(none).toMatchObject({ ok: true, value: { result: 'timeout', score: 0, attemptsUsed: 1 } });
  });

  it('cancel() stops a waiting verification → canceled, and the reader is usable again', async () => {
    rig = await memoryRig(citizens);
    rig.sim.tapCard(SITI);
    await nextEvent(rig.reader, 'cardPresent');
    rig.sim.nextFinger('none');
    const pending = rig.reader.verifyFingerprint('rightThumb', signal());
    await new Promise((r) => setTimeout(r, 20));
    expect(rig.sim.state().verifying).toBe(true);
    rig.reader.cancel();
    const r = await pending;
    expect(r).toMatchObject({ ok: false, error: { reason: 'canceled', completion: 'canceled' } });
    await expect.poll(() => rig?.sim.state().verifying).toBe(false);
    expect((await rig.reader.verifyFingerprint('rightThumb', signal())).ok).toBe(true);
  });

  it("the caller's AbortSignal cancels too", async () => {
    rig = await memoryRig(citizens);
    rig.sim.tapCard(SITI);
    rig.sim.nextFinger('none');
    const controller = new AbortController();
    const pending = rig.reader.verifyFingerprint('rightThumb', controller.signal);
    setTimeout(() => controller.abort(), 20);
    expect(await pending).toMatchObject({ ok: false, error: { reason: 'canceled' } });
  });

  it('a second operation while one runs → busy', async () => {
    rig = await memoryRig(citizens);
    rig.sim.tapCard(SITI);
    rig.sim.nextFinger('none');
    const first = rig.reader.verifyFingerprint('rightThumb', signal(), { timeoutMs: 500 });
    const second = await rig.reader.readIdentity(signal());
    expect(second).toMatchObject({ ok: false, error: { reason: 'busy' } });
    await first;
  });

  it('reset() drops pending work; the same card keeps its used attempts', async () => {
    rig = await memoryRig(citizens);
    rig.sim.tapCard(SITI);
    await nextEvent(rig.reader, 'cardPresent');
    rig.sim.nextFinger('bad');
    await rig.reader.verifyFingerprint('rightThumb', signal());
    expect(rig.reader.attemptsLeft()).toBe(2);
    const again = nextEvent(rig.reader, 'cardPresent');
    expect((await rig.reader.reset(signal())).ok).toBe(true);
    await again;
    expect(rig.reader.attemptsLeft()).toBe(2);
    expect((await rig.reader.verifyFingerprint('rightThumb', signal())).ok).toBe(true);
  });

  it('reset() during a waiting verification ends it canceled and resets the reader', async () => {
    rig = await memoryRig(citizens);
    rig.sim.tapCard(SITI);
    await nextEvent(rig.reader, 'cardPresent');
    rig.sim.nextFinger('none');
    const pending = rig.reader.verifyFingerprint('rightThumb', signal());
    await expect.poll(() => rig?.sim.state().verifying).toBe(true);
    const reset = await rig.reader.reset(signal());
    expect(reset.ok).toBe(true);
    expect(await pending).toMatchObject({ ok: false, error: { reason: 'canceled' } });
    expect(rig.sim.state().verifying).toBe(false);
  });

  it('status and capabilities come from the reader', async () => {
    rig = await memoryRig(citizens);
    const info = await rig.reader.getInfo(signal());
    expect(info).toMatchObject({ ok: true, value: { firmware: 'ADM-SIM-RDR 1.4.2', samPresent: true, capabilities: { fingerprint: true, photo: true, signature: true } } });
    expect(rig.reader.summary()).toMatchObject({ id: 'cardReader', mode: 'simulated', status: { device: 'online' } });
  });
});
