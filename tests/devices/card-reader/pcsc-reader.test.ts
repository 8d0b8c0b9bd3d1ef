import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fingerFeatures } from '../../../devices/card-reader/virtual/virtual-ektp.ts';
import type { Person } from '../../../core/domain.ts';
import { makeCitizens } from './fixtures.ts';
import { nextEvent } from './harness.ts';
import { makePcscRig, startPcscBench, type PcscBench, type PcscRig } from './pcsc-rig.ts';

const SITI = '3506124507900001';
const signal = () => AbortSignal.timeout(10_000);
let citizens: Map<string, Person>;
let bench: PcscBench;
let rig: PcscRig | undefined;

beforeAll(async () => {
  citizens = await makeCitizens();
  bench = await startPcscBench(citizens);
});
afterAll(async () => {
  await bench?.stop();
});
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function withCard(options: Parameters<typeof makePcscRig>[1] = {}): Promise<PcscRig> {
  rig = await makePcscRig(bench, options);
  const present = nextEvent(rig.reader, 'cardPresent');
  rig.virtual.tapCard(SITI);
  await present;
  return rig;
}

const contains = (hay: Uint8Array, needle: Uint8Array): boolean => Buffer.from(hay).indexOf(Buffer.from(needle)) >= 0;

describe('e-KTP reader over PC/SC (pcscd + vpcd, profile adm-ektp-1)', () => {
  it('a card tapped is announced, read in full through the SAM, and its removal is seen', async () => {
    rig = await makePcscRig(bench);
    expect(rig.reader.status()).toMatchObject({ device: 'online', media: 'notPresent' });
    expect(rig.reader.summary().mode).toBe('pcsc');
    const present = nextEvent(rig.reader, 'cardPresent');
    rig.virtual.tapCard(SITI);
    const [p] = (await present) as [{ uid: string; atr: string }];
    expect(p.uid).toMatch(/^04[0-9A-F]{12}$/);
    expect(p.atr).toMatch(/^3B8A80/);
    expect(rig.reader.status().media).toBe('present');
    const id = await rig.reader.readIdentity(signal());
    expect(id.ok).toBe(true);
    if (!id.ok) return;
    const siti = citizens.get(SITI) as Person;
    expect(id.value).toMatchObject({ nik: SITI, name: 'SITI AMINAH', birthDate: '1990-07-05', address: { village: 'PARE', rt: '003' } });
    expect(Buffer.from(id.value.photo ?? []).equals(Buffer.from(siti.photo ?? []))).toBe(true);
    expect(Buffer.from(id.value.signature ?? []).equals(Buffer.from(siti.signature ?? []))).toBe(true);
    const removed = nextEvent(rig.reader, 'cardRemoved');
    rig.virtual.removeCard();
    await removed;
    expect(rig.reader.cardPresent).toBe(false);
    expect(rig.reader.status().media).toBe('notPresent');
    expect(await rig.reader.readIdentity(signal())).toMatchObject({ ok: false, error: { reason: 'noCard' } });
  });

  it('a good finger matches on the card; the sensor reports the finger placed', async () => {
    const r = await withCard();
    const placed = nextEvent(r.reader, 'fingerPlaced');
    const v = await r.reader.verifyFingerprint('rightIndex', signal());
    expect(v).toMatchObject({ ok: true, value: { result: 'match', attemptsUsed: 0, attemptsLeft: 3 } });
    if (v.ok) expect(v.value.score).toBeGreaterThanOrEqual(70);
    await placed;
  });

  it('wrong fingers use attempts; with none left the reader is not asked; a new card starts afresh', async () => {
    const r = await withCard();
    r.virtual.nextFinger('bad', 3);
    for (let i = 1; i <= 3; i++) {
      expect(await r.reader.verifyFingerprint('rightThumb', signal())).toMatchObject({ ok: true, value: { result: 'noMatch', attemptsUsed: i, attemptsLeft: 3 - i } });
    }
    const before = r.virtual.state().requests;
    expect(await r.reader.verifyFingerprint('rightThumb', signal())).toMatchObject({ ok: false, error: { reason: 'attemptsExhausted', completion: 'commandErrorCode' } });
    expect(r.virtual.state().requests).toBe(before);
    const removed = nextEvent(r.reader, 'cardRemoved');
    r.virtual.removeCard();
    await removed;
    const present = nextEvent(r.reader, 'cardPresent');
    r.virtual.tapCard(SITI);
    await present;
    expect(await r.reader.verifyFingerprint('rightThumb', signal())).toMatchObject({ ok: true, value: { result: 'match', attemptsLeft: 3 } });
  });

  it('poor quality uses an attempt; no finger is a timeout that does not', async () => {
    const r = await withCard();
    r.virtual.nextFinger('poor');
    expect(await r.reader.verifyFingerprint('rightIndex', signal())).toMatchObject({ ok: true, value: { result: 'poorQuality', attemptsUsed: 1 } });
    r.virtual.nextFinger('none');
    expect(await r.reader.verifyFingerprint('rightIndex', signal(), { timeoutMs: 1500 })).toMatchObject({ ok: true, value: { result: 'timeout', score: 0, attemptsUsed: 1 } });
  });

  it('cancel stops a waiting verification (canceled) and the SAM is idle for the next one', async () => {
    const r = await withCard();
    r.virtual.nextFinger('none');
    const pending = r.reader.verifyFingerprint('rightIndex', signal());
    await expect.poll(() => r.virtual.state().verifying).toBe(true);
    r.reader.cancel();
    expect(await pending).toMatchObject({ ok: false, error: { reason: 'canceled', completion: 'canceled' } });
    await expect.poll(() => r.virtual.state().verifying).toBe(false);
    expect(await r.reader.verifyFingerprint('rightIndex', signal())).toMatchObject({ ok: true, value: { result: 'match' } });
  });

  it('nothing personal crosses the card slot in clear, and no fingerprint template or sample crosses either slot', async () => {
    const r = await withCard();
    expect((await r.reader.readIdentity(signal())).ok).toBe(true);
    expect((await r.reader.verifyFingerprint('rightIndex', signal())).ok).toBe(true);
    r.virtual.nextFinger('bad');
    expect((await r.reader.verifyFingerprint('rightThumb', signal())).ok).toBe(true);
    const siti = citizens.get(SITI) as Person;
    const enc = new TextEncoder();
    const card = r.traffic.filter((t) => t.slot === 'card').map((t) => t.bytes);
    const all = r.traffic.map((t) => t.bytes);
    const photoSlice = (siti.photo ?? new Uint8Array(0)).subarray(100, 132);
    for (const secret of [enc.encode(SITI), enc.encode('SITI AMINAH'), enc.encode('JL. MAWAR'), photoSlice]) {
      expect(card.some((b) => contains(b, secret))).toBe(false);
    }
    for (const template of [fingerFeatures(SITI, 1), fingerFeatures(SITI, 2)]) {
      expect(all.some((b) => contains(b, template.subarray(0, 12)))).toBe(false);
    }
    // The trace does see plain data where it is plain: the SAM hands the kiosk the unwrapped record.
    expect(r.traffic.some((t) => t.slot === 'sam' && t.direction === 'response' && contains(t.bytes, enc.encode(SITI)))).toBe(true);
  });

  it('a SAM with other keys cannot open the card: the card refuses it and answers no READ BINARY', async () => {
    const r = await withCard();
    r.virtual.setFaults({ wrongSam: 'otherKeys' });
    await expect.poll(() => r.reader.status().reasons, { timeout: 5000 }).toContain('no-sam');
    // The SAM with other keys is a SAM of this profile: the reader takes it and goes online.
    await expect.poll(() => r.reader.status().device, { timeout: 5000 }).toBe('online');
    r.traffic.length = 0;
    expect(await r.reader.readIdentity(signal())).toMatchObject({ ok: false, error: { reason: 'authFailed', completion: 'commandErrorCode' } });
    const reads = r.traffic.filter((t) => t.slot === 'card' && t.direction === 'command' && t.bytes[1] === 0xb0);
    expect(reads).toHaveLength(0);
    r.virtual.setFaults({ wrongSam: null });
    await expect.poll(async () => (await r.reader.readIdentity(signal())).ok, { timeout: 5000 }).toBe(true);
  });
});
