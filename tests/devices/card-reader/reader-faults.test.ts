import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Person } from '../../../core/domain.ts';
import { makeCitizens } from './fixtures.ts';
import { makeRig, type Rig } from './rigs.ts';
import { nextEvent } from './harness.ts';

const SITI = '3506124507900001';
const signal = () => AbortSignal.timeout(8000);
let citizens: Map<string, Person>;
let rig: Rig | undefined;

beforeAll(async () => {
  citizens = await makeCitizens();
});
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function withCard(kind: 'memory' | 'pty', options = {}): Promise<Rig> {
  rig = await makeRig(kind, citizens, options);
  const present = nextEvent(rig.reader, 'cardPresent');
  rig.sim.tapCard(SITI);
  await present;
  return rig;
}

describe.each(['memory', 'pty'] as const)('card reader fault switches (%s)', (kind) => {
  it('card removed mid-read → cardRemoved (userError), and the driver sees the card gone', async () => {
    const r = await withCard(kind);
    r.sim.setFaults({ removeCardMidRead: true });
    const removed = nextEvent(r.reader, 'cardRemoved');
    const res = await r.reader.readIdentity(signal());
    expect(res).toMatchObject({ ok: false, error: { reason: 'cardRemoved', completion: 'userError' } });
    await removed;
    expect(r.reader.cardPresent).toBe(false);
  });

  it('no SAM → status hardwareError/no-sam with action maintenance, and reads fail noSam', async () => {
    rig = await makeRig(kind, citizens, { heartbeatMs: 20 });
    rig.sim.setFaults({ noSam: true });
    await expect.poll(() => rig?.reader.status().reasons, { timeout: 3000 }).toContain('no-sam');
    expect(rig.reader.status()).toMatchObject({ device: 'hardwareError', action: 'maintenance' });
    rig.sim.tapCard(SITI);
    const res = await rig.reader.readIdentity(signal());
    expect(res).toMatchObject({ ok: false, error: { reason: 'noSam', completion: 'hardwareError', action: 'maintenance' } });
  });

  it('fingerprint mismatch N times: N no-match results, then attemptsExhausted without asking the reader', async () => {
    const r = await withCard(kind);
    r.sim.setFaults({ mismatchTimes: 3 });
    for (let i = 1; i <= 3; i++) {
      const v = await r.reader.verifyFingerprint('rightThumb', signal());
      expect(v).toMatchObject({ ok: true, value: { result: 'noMatch', attemptsUsed: i, attemptsLeft: 3 - i } });
      if (v.ok) expect(v.value.score).toBeLessThan(70);
    }
    const before = r.sim.state().requests;
    const exhausted = await r.reader.verifyFingerprint('rightThumb', signal());
    expect(exhausted).toMatchObject({ ok: false, error: { reason: 'attemptsExhausted', completion: 'commandErrorCode' } });
    expect(r.sim.state().requests).toBe(before);
  });

  it('fingerprint mismatch fewer times than allowed: then a match', async () => {
    const r = await withCard(kind);
    r.sim.setFaults({ mismatchTimes: 2 });
    expect((await r.reader.verifyFingerprint('rightThumb', signal())).ok && r.reader.attemptsLeft()).toBe(2);
    expect((await r.reader.verifyFingerprint('rightThumb', signal())).ok && r.reader.attemptsLeft()).toBe(1);
    expect(await r.reader.verifyFingerprint('rightThumb', signal())).toMatchObject({ ok: true, value: { result: 'match', attemptsLeft: 1 } });
  });

  it('a new card session starts with fresh attempts', async () => {
    const r = await withCard(kind, { fingerprintAttempts: 1 });
    r.sim.nextFinger('bad');
    await r.reader.verifyFingerprint('rightThumb', signal());
    expect(await r.reader.verifyFingerprint('rightThumb', signal())).toMatchObject({ ok: false, error: { reason: 'attemptsExhausted' } });
    const removed = nextEvent(r.reader, 'cardRemoved');
    r.sim.removeCard();
    await removed;
    const present = nextEvent(r.reader, 'cardPresent');
    r.sim.tapCard(SITI);
    await present;
    expect(await r.reader.verifyFingerprint('rightThumb', signal())).toMatchObject({ ok: true, value: { result: 'match' } });
  });

  it('slow device within the timeout still answers; beyond it → timeout (timeOut)', async () => {
    const r = await withCard(kind);
    r.sim.setFaults({ slowMs: 30 });
    expect((await r.reader.readIdentity(signal(), { timeoutMs: 5000 })).ok).toBe(true);
    r.sim.setFaults({ slowMs: 400 });
    const res = await r.reader.readIdentity(signal(), { timeoutMs: 150 });
    expect(res).toMatchObject({ ok: false, error: { reason: 'timeout', completion: 'timeOut' } });
  });

  it('an answer that comes after its request gave up is stale and ignored; the next request gets its own answer', async () => {
    const r = await withCard(kind);
    const noise: string[] = [];
    r.reader.on('lineNoise', (n) => noise.push(n.reason));
    r.sim.setFaults({ slowMs: 150 });
    expect(await r.reader.getInfo(signal(), { timeoutMs: 50 })).toMatchObject({ ok: false, error: { reason: 'timeout' } });
    r.sim.setFaults({ slowMs: 0 });
    await expect.poll(() => noise).toContain('stale');
    const info = await r.reader.getInfo(signal());
    expect(info.ok && info.value.cardPresent).toBe(true);
  });

  it('garbage bytes between frames: the read still succeeds and the noise is reported', async () => {
    const r = await withCard(kind);
    r.sim.setFaults({ garbage: true });
    const noise: string[] = [];
    r.reader.on('lineNoise', (n) => noise.push(n.reason));
    const res = await r.reader.readIdentity(signal());
    expect(res.ok && res.value.nik).toBe(SITI);
    expect(noise).toContain('garbage');
    expect(noise.some((n) => n === 'crc' || n === 'length' || n === 'framing')).toBe(true);
  });

  it('a corrupted answer to an idempotent request is asked again; to a non-idempotent one → timeout', async () => {
    const r = await withCard(kind);
    r.sim.setFaults({ corruptFrames: 1 });
    expect((await r.reader.getInfo(signal())).ok).toBe(true);
    r.sim.setFaults({ corruptFrames: 1 });
    const res = await r.reader.verifyFingerprint('rightThumb', signal(), { timeoutMs: 300 });
    expect(res).toMatchObject({ ok: false, error: { reason: 'timeout' } });
  });

  it('silence → operations time out and the heartbeat marks the reader hardwareError/no-response, then recovers', async () => {
    const r = await withCard(kind, { heartbeatMs: 20, handshakeTimeoutMs: 100 });
    r.sim.setFaults({ silent: true });
    const res = await r.reader.readIdentity(signal(), { timeoutMs: 150 });
    expect(res).toMatchObject({ ok: false, error: { reason: 'timeout', completion: 'timeOut' } });
    await expect.poll(() => r.reader.status().reasons, { timeout: 3000 }).toContain('no-response');
    expect(r.reader.status().device).toBe('hardwareError');
    r.sim.setFaults({ silent: false });
    await expect.poll(() => r.reader.status().device, { timeout: 3000 }).toBe('online');
  });

  it('sensor fault → sensorError', async () => {
    const r = await withCard(kind);
    r.sim.setFaults({ sensorFault: true });
    expect(await r.reader.verifyFingerprint('rightThumb', signal())).toMatchObject({ ok: false, error: { reason: 'sensorError', completion: 'hardwareError' } });
  });

  it('disconnect mid-verification → disconnected; status noDevice; reconnects by itself when plugged back', async () => {
    const r = await withCard(kind);
    r.sim.nextFinger('none');
    const statuses: string[] = [];
    r.reader.on('status', (s) => statuses.push(s.device));
    const pending = r.reader.verifyFingerprint('rightThumb', signal());
    await expect.poll(() => r.sim.state().verifying).toBe(true);
    await r.unplug();
    expect(await pending).toMatchObject({ ok: false, error: { reason: 'disconnected', completion: 'deviceNotReady' } });
    await expect.poll(() => r.reader.status().device).toBe('noDevice');
    expect(await r.reader.readIdentity(signal())).toMatchObject({ ok: false, error: { reason: 'disconnected' } });
    await r.plug();
    await expect.poll(() => r.reader.status().device, { timeout: 5000 }).toBe('online');
    expect(statuses).toEqual(expect.arrayContaining(['noDevice', 'online']));
    // The card stayed on the reader: the same session goes on.
    const res = await r.reader.readIdentity(signal());
    expect(res.ok && res.value.nik).toBe(SITI);
  });
});
