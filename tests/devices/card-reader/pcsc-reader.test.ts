import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PcscdHost } from '../../../devices/card-reader/virtual/pcscd-host.ts';
import type { Person } from '../../../kiosk/registry/types.ts';
import { makeCitizens } from './fixtures.ts';
import { nextEvent } from './harness.ts';
import { makePcscRig, startPcscd, type PcscRig } from './pcsc-rig.ts';

const SITI = '3506124507900001';
const signal = () => AbortSignal.timeout(10_000);
let citizens: Map<string, Person>;
let host: PcscdHost;
let rig: PcscRig | undefined;

beforeAll(async () => {
  citizens = await makeCitizens();
  host = await startPcscd();
});
afterAll(async () => {
  await host?.stop();
});
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('e-KTP reader over PC/SC (pcscd + vpcd, profile adm-ektp-1)', () => {
  it('a card tapped is announced, read in full through the SAM, and its removal is seen', async () => {
    rig = await makePcscRig(host, citizens);
    expect(rig.reader.status()).toMatchObject({ device: 'online', media: 'notPresent' });
    const present = nextEvent(rig.reader, 'cardPresent');
    rig.virtual.tapCard(SITI);
    const [p] = (await present) as [{ uid: string }];
    expect(p.uid).toMatch(/^04[0-9A-F]{12}$/);
    expect(rig.reader.status().media).toBe('present');
    const id = await rig.reader.readIdentity(signal());
    expect(id.ok).toBe(true);
    if (!id.ok) return;
    const siti = citizens.get(SITI) as Person;
    expect(id.value).toMatchObject({ nik: SITI, name: 'SITI AMINAH', address: { village: 'PARE' } });
    expect(Buffer.from(id.value.photo ?? []).equals(Buffer.from(siti.photo ?? []))).toBe(true);
    const removed = nextEvent(rig.reader, 'cardRemoved');
    rig.virtual.removeCard();
    await removed;
    expect(rig.reader.cardPresent).toBe(false);
    expect(rig.reader.status().media).toBe('notPresent');
  });
});
