import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
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
  if (!bench.host.running) await bench.host.start();
});

async function withCard(): Promise<PcscRig> {
  rig = await makePcscRig(bench);
  const present = nextEvent(rig.reader, 'cardPresent');
  rig.virtual.tapCard(SITI);
  await present;
  return rig;
}

async function readsAgain(r: PcscRig): Promise<void> {
  const res = await r.reader.readIdentity(signal());
  expect(res.ok && res.value.nik).toBe(SITI);
}

describe('e-KTP reader over PC/SC: faults against a real pcscd', () => {
  it('card pulled mid-read → cardRemoved (userError), and the driver sees the card gone', async () => {
    const r = await withCard();
    r.virtual.setFaults({ removeCardMidRead: true });
    const removed = nextEvent(r.reader, 'cardRemoved');
    const res = await r.reader.readIdentity(signal());
    expect(res).toMatchObject({ ok: false, error: { reason: 'cardRemoved', completion: 'userError' } });
    await removed;
    expect(r.reader.cardPresent).toBe(false);
    expect(r.reader.status().media).toBe('notPresent');
  });

  it('a bank card is announced but is no e-KTP → authFailed, and nothing is read from it', async () => {
    rig = await makePcscRig(bench);
    const present = nextEvent(rig.reader, 'cardPresent');
    rig.virtual.tapForeignCard();
    const [p] = (await present) as [{ atr: string }];
    expect(p.atr).toBe('3B6800008066B0070101070700'.slice(0, 24));
    expect(await rig.reader.readIdentity(signal())).toMatchObject({ ok: false, error: { reason: 'authFailed', completion: 'commandErrorCode' } });
    expect(rig.traffic.some((t) => t.slot === 'card' && t.direction === 'command' && t.bytes[1] === 0xb0)).toBe(false);
  });

  it('no SAM in its slot → hardwareError/no-sam (maintenance) and reads fail noSam; the SAM back → online and reads', async () => {
    const r = await withCard();
    r.virtual.removeSam();
    await expect.poll(() => r.reader.status().reasons, { timeout: 5000 }).toContain('no-sam');
    expect(r.reader.status()).toMatchObject({ device: 'hardwareError', action: 'maintenance' });
    expect(await r.reader.readIdentity(signal())).toMatchObject({ ok: false, error: { reason: 'noSam', completion: 'hardwareError', action: 'maintenance' } });
    r.virtual.insertSam();
    await expect.poll(() => r.reader.status().device, { timeout: 5000 }).toBe('online');
    await readsAgain(r);
  });

  it("a SAM of another scheme → hardwareError/wrong-sam and reads fail noSam", async () => {
    const r = await withCard();
    r.virtual.setFaults({ wrongSam: 'otherApp' });
    await expect.poll(() => r.reader.status().reasons, { timeout: 6000 }).toContain('wrong-sam');
    expect(r.reader.status()).toMatchObject({ device: 'hardwareError', action: 'maintenance' });
    expect(await r.reader.readIdentity(signal())).toMatchObject({ ok: false, error: { reason: 'noSam' } });
  });

  it('garbage in a READ BINARY answer fails the secure-messaging check → badCard (invalidData); the next read succeeds', async () => {
    const r = await withCard();
    r.virtual.setFaults({ garbage: 1 });
    expect(await r.reader.readIdentity(signal())).toMatchObject({ ok: false, error: { reason: 'badCard', completion: 'invalidData' } });
    await readsAgain(r);
  });

  it('a truncated answer (no status word) → badCard; the next read succeeds', async () => {
    const r = await withCard();
    r.virtual.setFaults({ truncate: 1 });
    const res = await r.reader.readIdentity(signal());
    expect(res).toMatchObject({ ok: false, error: { reason: 'badCard', completion: 'invalidData' } });
    if (!res.ok) expect(res.error.message).toMatch(/without a status word/);
    await readsAgain(r);
  });

  it.each([
    ['blocked', /application on this card is blocked/],
    ['authBlocked', /authentication is blocked/],
    ['biodataLocked', /file 101 is locked/],
  ] as const)('status words for a blocked card or locked file (%s) → badCard, named', async (fault, message) => {
    const r = await withCard();
    r.virtual.setFaults({ [fault]: true });
    const res = await r.reader.readIdentity(signal());
    expect(res).toMatchObject({ ok: false, error: { reason: 'badCard', completion: 'invalidData' } });
    if (!res.ok) expect(res.error.message).toMatch(message);
  });

  it('sensor fault → sensorError (hardwareError)', async () => {
    const r = await withCard();
    r.virtual.setFaults({ sensorFault: true });
    expect(await r.reader.verifyFingerprint('rightIndex', signal())).toMatchObject({ ok: false, error: { reason: 'sensorError', completion: 'hardwareError' } });
  });

  it('pcscd killed → noDevice and reads fail disconnected; pcscd back → online, the card announced again and read', async () => {
    const r = await withCard();
    await bench.host.kill();
    await expect.poll(() => r.reader.status().device, { timeout: 5000 }).toBe('noDevice');
    expect(r.reader.status().detail).toMatch(/pcscd is not running|went away/);
    expect(await r.reader.readIdentity(signal())).toMatchObject({ ok: false, error: { reason: 'disconnected', completion: 'deviceNotReady' } });
    await bench.host.start();
    await expect.poll(() => r.reader.status().device, { timeout: 10_000 }).toBe('online');
    await expect.poll(() => r.reader.status().media, { timeout: 5000 }).toBe('present');
    await readsAgain(r);
  });

  it('reader unplugged (gone from pcscd) → noDevice/notFound naming the reader; plugged back → online', async () => {
    rig = await makePcscRig(bench);
    const r = rig;
    await bench.host.kill();
    await bench.host.start({ withReader: false });
    await expect.poll(() => r.reader.status().detail ?? '', { timeout: 10_000 }).toMatch(/no PC\/SC reader named like "Virtual PCD 00 00"/);
    expect(r.reader.status()).toMatchObject({ device: 'noDevice', reasons: ['notFound'] });
    await bench.host.kill();
    await bench.host.start();
    await expect.poll(() => r.reader.status().device, { timeout: 10_000 }).toBe('online');
  });

  it('without the PC/SC binding the reader is noDevice with the reason, and the kiosk goes on', async () => {
    rig = await makePcscRig(bench, { waitOnline: false, reader: { load: () => Promise.resolve({ ok: false, error: 'the PC/SC binding (npm "smartcard") did not load: libpcsclite.so.1: cannot open shared object file' }) } });
    const r = rig;
    await expect.poll(() => r.reader.status().device, { timeout: 5000 }).toBe('noDevice');
    expect(r.reader.status()).toMatchObject({ reasons: ['openFailed'] });
    expect(r.reader.status().detail).toMatch(/smartcard/);
    expect(await r.reader.readIdentity(signal())).toMatchObject({ ok: false, error: { reason: 'disconnected' } });
  });
});
