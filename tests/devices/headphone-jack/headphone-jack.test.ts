import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { headphoneJackConfigSchema } from '../../../devices/headphone-jack/config.ts';
import { findJackDevice } from '../../../devices/headphone-jack/device-lookup.ts';
import { HeadphoneJackDriver } from '../../../devices/headphone-jack/driver.ts';
import { decodeInputEvent, encodeInputEvent, InputEventDecoder } from '../../../devices/headphone-jack/evdev-codec.ts';
import { createHeadphoneJack } from '../../../devices/headphone-jack/factory.ts';
import { EV_SW, EV_SYN, SW_HEADPHONE_INSERT, SYN_DROPPED, SYN_REPORT } from '../../../devices/headphone-jack/protocol.ts';
import type { EvdevFrameError } from '../../../devices/headphone-jack/types.ts';

const until = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('evdev codec', () => {
  it('encodes and decodes the 24-byte input_event of 64-bit Linux', () => {
    const b = encodeInputEvent({ sec: 1_700_000_000, usec: 123456, type: EV_SW, code: SW_HEADPHONE_INSERT, value: 1 });
    expect(b.length).toBe(24);
    // struct timeval (two longs), then __u16 type, __u16 code, __s32 value, little-endian.
    expect(b.subarray(16).toString('hex')).toBe('0500020001000000');
    expect(decodeInputEvent(b)).toEqual({ ok: true, value: { sec: 1_700_000_000, usec: 123456, type: EV_SW, code: SW_HEADPHONE_INSERT, value: 1 } });
  });

  it('reassembles records split across reads and reports malformed ones with a typed error', () => {
    const d = new InputEventDecoder();
    const ev = encodeInputEvent({ sec: 1, usec: 0, type: EV_SYN, code: SYN_REPORT, value: 0 });
    expect(d.push(ev.subarray(0, 10))).toEqual([]);
    expect(d.push(ev.subarray(10))).toHaveLength(1);
    const badType = Buffer.from(ev);
    badType.writeUInt16LE(0x40, 16);
    const badTime = Buffer.from(ev);
    badTime.writeBigInt64LE(2_000_000n, 8);
    const badSwitch = encodeInputEvent({ sec: 1, usec: 0, type: EV_SW, code: SW_HEADPHONE_INSERT, value: 7 });
    const out = d.push(Buffer.concat([badType, badTime, badSwitch, ev, ev.subarray(0, 5)]));
    expect(out.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['badType', 'badTime', 'badSwitchValue', 'ok']);
    expect(d.end()).toMatchObject({ code: 'truncated' });
  });
});

describe('headphone jack driver reading a FIFO the simulator writes', () => {
  let cleanup: Array<() => unknown> = [];
  afterEach(async () => {
    for (const c of cleanup.reverse()) await c();
    cleanup = [];
  });

  async function setup() {
    const created = await createHeadphoneJack(headphoneJackConfigSchema.parse({ mode: 'simulated', reopenMs: 100 }), {});
    const sim = created.simulator!;
    const driver = created.driver;
    cleanup.push(() => sim.stop(), () => driver.close());
    const jack: boolean[] = [];
    const bad: EvdevFrameError['code'][] = [];
    driver.on('jack', (j) => jack.push(j.plugged));
    driver.on('badFrame', (e) => bad.push(e.code));
    driver.start();
    return { sim, driver, jack, bad };
  }

  it('follows plug and unplug, applying switch changes at SYN_REPORT', async () => {
    const t = await setup();
    await until(() => t.driver.status.device === 'online');
    expect(t.driver.state).toBe('unknown');
    t.sim.setPlugged(true);
    await until(() => t.jack.length === 1);
    expect(t.driver.state).toBe('plugged');
    // A switch event without its SYN_REPORT has not happened yet.
    t.sim.sendRaw(encodeInputEvent({ sec: 1, usec: 0, type: EV_SW, code: SW_HEADPHONE_INSERT, value: 0 }));
    await new Promise((r) => setTimeout(r, 50));
    expect(t.driver.state).toBe('plugged');
    t.sim.sendRaw(encodeInputEvent({ sec: 1, usec: 0, type: EV_SYN, code: SYN_REPORT, value: 0 }));
    await until(() => t.jack.length === 2);
    expect(t.jack).toEqual([true, false]);
    expect(t.driver.summary()).toMatchObject({ id: 'headphoneJack', mode: 'simulated', status: { device: 'online' } });
  });

  it('throws away changes before a SYN_DROPPED and counts malformed frames, then reads on', async () => {
    const t = await setup();
    await until(() => t.driver.status.device === 'online');
    t.sim.sendRaw(
      Buffer.concat([
        encodeInputEvent({ sec: 1, usec: 0, type: EV_SW, code: SW_HEADPHONE_INSERT, value: 1 }),
        encodeInputEvent({ sec: 1, usec: 0, type: EV_SYN, code: SYN_DROPPED, value: 0 }),
        encodeInputEvent({ sec: 1, usec: 0, type: EV_SYN, code: SYN_REPORT, value: 0 }),
        Buffer.alloc(24, 0xff),
      ]),
    );
    t.sim.setPlugged(true);
    await until(() => t.jack.length === 1);
    expect(t.jack).toEqual([true]);
    expect(t.bad).toEqual(['dropped', 'badType']);
    expect(t.driver.badFrames).toBe(2);
  });

  it('goes noDevice when the card goes away (half a record left is reported) and reads again when it is back', async () => {
    const t = await setup();
    await until(() => t.driver.status.device === 'online');
    t.sim.sendRaw(Buffer.alloc(7));
    await new Promise((r) => setTimeout(r, 30));
    t.sim.disconnect();
    await until(() => t.driver.status.device === 'noDevice');
    expect(t.driver.status.reasons).toEqual(['disconnected']);
    expect(t.bad).toContain('truncated');
    t.sim.connect();
    await until(() => t.driver.status.device === 'online');
    t.sim.setPlugged(true);
    await until(() => t.driver.state === 'plugged');
  });

  it('a missing device node is noDevice with a clear reason, and mode none is disabled', async () => {
    const driver = new HeadphoneJackDriver({ path: () => '/nonexistent/event99', mode: 'evdev', reopenMs: 100 });
    cleanup.push(() => driver.close());
    driver.start();
    await until(() => driver.status.device === 'noDevice');
    expect(driver.status).toMatchObject({ reasons: ['not-connected'], detail: expect.stringContaining('/nonexistent/event99') });
    expect((await createHeadphoneJack(headphoneJackConfigSchema.parse({ mode: 'none' }), {})).driver.status).toMatchObject({ device: 'noDevice', reasons: ['disabled'] });
  });

  it('finds the jack input device by its name in sysfs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'adm-sysinput-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    for (const [e, name] of [['event3', 'Power Button'], ['event11', 'HDA Intel PCH Headphone'], ['event10', 'HDA Intel PCH Mic']]) {
      mkdirSync(join(dir, e!, 'device'), { recursive: true });
      writeFileSync(join(dir, e!, 'device', 'name'), `${name}\n`);
    }
    expect(findJackDevice(dir, 'Headphone')).toBe('/dev/input/event11');
    expect(findJackDevice(dir, 'Speaker')).toBeNull();
    expect(findJackDevice(join(dir, 'missing'), 'Headphone')).toBeNull();
  });
});

describe('udev', () => {
  it('gives the headphone-jack input device, and no other input device, to adm-devices', async () => {
    const { readFileSync } = await import('node:fs');
    const rules = readFileSync(new URL('../../../scripts/systemd/60-adm-kiosk.rules', import.meta.url), 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'));
    const input = rules.filter((l) => l.includes('SUBSYSTEM=="input"'));
    expect(input).toEqual(['SUBSYSTEM=="input", KERNEL=="event[0-9]*", ATTRS{name}=="*Headphone*", GROUP="adm-devices", MODE="0640"']);
  });
});
