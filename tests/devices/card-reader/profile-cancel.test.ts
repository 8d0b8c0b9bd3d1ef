import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { err, ok } from '../../../core/result.ts';
import { biodataOf } from '../../../devices/card-reader/identity-record.ts';
import { readerError } from '../../../devices/card-reader/errors.ts';
import { admEktpProfile } from '../../../devices/card-reader/profile/adm-ektp-profile.ts';
import { SAM_INS } from '../../../devices/card-reader/profile/adm-ektp-spec.ts';
import type { ApduSlot } from '../../../devices/card-reader/profile/types.ts';
import { VirtualEktp } from '../../../devices/card-reader/virtual/virtual-ektp.ts';
import { VirtualSam } from '../../../devices/card-reader/virtual/virtual-sam.ts';
import { makeCitizens } from './fixtures.ts';

const SITI = '3506124507900001';

/**
 * The `adm-ektp-1` profile on the virtual card and SAM in process, the SAM's slot answering POLL
 * CAPTURE only when `hangPolls` is off: a stop that lands in the middle of a poll, as it does on a
 * busy machine where an APDU takes longer than the pause between two.
 */
async function session() {
  const person = (await makeCitizens()).get(SITI);
  if (!person) throw new Error('no sample citizen');
  const master = randomBytes(32);
  const card = new VirtualEktp({ nik: person.nik, biodata: biodataOf(person), photo: person.photo ?? new Uint8Array(0), signature: person.signature ?? new Uint8Array(0) }, master, () => {});
  const sam = new VirtualSam({ master, kind: 'adm', holder: () => SITI, nextFinger: () => 'none', fingerDelayMs: 50, sensorFault: () => false });
  const state = { hangPolls: false, pollsHanging: 0 };
  const cardSlot: ApduSlot = { transmit: async (apdu) => ok(card.apdu(apdu) ?? new Uint8Array([0x6f, 0x00])) };
  const samSlot: ApduSlot = {
    transmit: (apdu, signal) => {
      if (state.hangPolls && apdu[1] === SAM_INS.pollCapture) {
        state.pollsHanging++;
        return new Promise((resolve) => signal.addEventListener('abort', () => resolve(err(readerError('canceled', 'the operation was canceled'))), { once: true }));
      }
      return Promise.resolve(ok(sam.apdu(apdu)));
    },
  };
  const opened = await admEktpProfile.open(cardSlot, samSlot, AbortSignal.timeout(5000));
  if (!opened.ok) throw new Error(opened.error.message);
  return { profile: opened.value, sam, state };
}

describe('the adm-ektp-1 profile, stopped while the finger is awaited', () => {
  it('stops the SAM\'s sensor when the stop lands in the middle of a poll, so the SAM is idle for the next verification', async () => {
    const { profile, sam, state } = await session();
    const stop = new AbortController();
    state.hangPolls = true;
    const pending = profile.verifyFinger('rightIndex', 10_000, stop.signal, () => {});
    await expect.poll(() => state.pollsHanging).toBeGreaterThan(0);
    expect(sam.capturing).toBe(true);
    stop.abort();
    expect((await pending).ok).toBe(false);
    expect(sam.capturing).toBe(false);
  });

  it('stops the sensor when the stop lands between two polls, as before', async () => {
    const { profile, sam } = await session();
    const stop = new AbortController();
    const pending = profile.verifyFinger('rightIndex', 10_000, stop.signal, () => {});
    await expect.poll(() => sam.capturing).toBe(true);
    stop.abort();
    expect(await pending).toMatchObject({ ok: false, error: { reason: 'canceled' } });
    expect(sam.capturing).toBe(false);
  });
});
