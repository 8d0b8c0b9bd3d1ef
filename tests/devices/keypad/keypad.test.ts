import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryHidBus } from '../../../devices/common/hid/memory-transport.ts';
import { parseReportDescriptor } from '../../../devices/common/hid/report-descriptor.ts';
import { descriptor, hidItem as h, DATA_VAR_ABS } from '../../../devices/common/hid/descriptor-builder.ts';
import { keypadConfigSchema } from '../../../devices/keypad/config.ts';
import { accessibilityKeypadDescriptor } from '../../../devices/keypad/descriptors.ts';
import { createKeypad } from '../../../devices/keypad/factory.ts';
import { encodeKeyReport } from '../../../devices/keypad/keypad-encoder.ts';
import { keypadLayout } from '../../../devices/keypad/keypad-layout.ts';
import { KeypadParser } from '../../../devices/keypad/keypad-parser.ts';
import type { KeypadKey } from '../../../devices/keypad/types.ts';
import { err } from '../../../core/result.ts';

function layout() {
  const parsed = parseReportDescriptor(accessibilityKeypadDescriptor());
  if (!parsed.ok) throw new Error(parsed.error.detail);
  const l = keypadLayout(parsed.value);
  if (!l.ok) throw new Error(l.error.detail);
  return l.value;
}

describe('keypad report parser', () => {
  it('reads the key array from the descriptor: report ID 1, 8 bytes, six slots', () => {
    const l = layout();
    expect(l.reportId).toBe(1);
    expect(l.reportBytes).toBe(8);
    expect(l.slots).toHaveLength(6);
  });

  it('turns reports into presses: a held key is one press, rollover reads right, phantom reports are skipped', () => {
    const l = layout();
    const p = new KeypadParser(l);
    const keys = (r: ReturnType<KeypadParser['push']>) => (r.ok && r.value.kind === 'keys' ? r.value.presses.map((x) => x.meaning) : r);
    expect(keys(p.push(encodeKeyReport(l, [0x52])))).toEqual([{ key: 'up' }]);
    expect(keys(p.push(encodeKeyReport(l, [0x52])))).toEqual([]);
    expect(keys(p.push(encodeKeyReport(l, [0x52, 0x5a])))).toEqual([{ key: 'digit', digit: 2 }]);
    expect(p.push(encodeKeyReport(l, [1, 2, 3, 4, 5, 6, 7]))).toEqual({ ok: true, value: { kind: 'phantom' } });
    expect(keys(p.push(encodeKeyReport(l, [])))).toEqual([]);
    expect(keys(p.push(encodeKeyReport(l, [0x62, 0x58, 0x29, 0x75, 0x80, 0x81, 0x55].slice(0, 6))))).toEqual([
      { key: 'digit', digit: 0 }, { key: 'ok' }, { key: 'back' }, { key: 'help' }, { key: 'volumeUp' }, { key: 'volumeDown' },
    ]);
  });

  it('gives typed errors for a short report and ignores other report IDs and unknown keys', () => {
    const p = new KeypadParser(layout());
    expect(p.push(Uint8Array.from([1, 0, 0]))).toMatchObject({ ok: false, error: { code: 'truncated' } });
    expect(p.push(Uint8Array.from([]))).toMatchObject({ ok: false, error: { code: 'truncated' } });
    expect(p.push(Uint8Array.from([3, 1, 2, 3, 4]))).toEqual({ ok: true, value: { kind: 'otherReport' } });
    const r = p.push(Uint8Array.from([1, 0, 0, 0x04, 0, 0, 0, 0, 0]));
    expect(r).toEqual({ ok: true, value: { kind: 'keys', presses: [{ usage: 0x04, meaning: null }] } });
  });

  it('refuses a descriptor without a key array', () => {
    const mouse = descriptor(h.usagePage(0x01), h.usage(0x02), h.collection(1), h.usagePage(0x09), h.usageMin(1), h.usageMax(3), h.logicalMin(0), h.logicalMax(1), h.reportSize(1), h.reportCount(8), h.input(DATA_VAR_ABS), h.endCollection());
    const parsed = parseReportDescriptor(mouse);
    expect(parsed.ok && keypadLayout(parsed.value)).toMatchObject({ ok: false, error: { code: 'noKeyArray' } });
  });
});

describe('keypad driver on the simulated HID bus', () => {
  beforeEach(() => vi.useFakeTimers({ now: new Date('2025-03-01T08:00:00Z') }));
  afterEach(() => vi.useRealTimers());

  async function setup() {
    const bus = new MemoryHidBus();
    const created = await createKeypad(keypadConfigSchema.parse({ mode: 'simulated', pollIntervalMs: 1000 }), {
      bus,
      nodeHid: () => Promise.resolve(err({ code: 'unavailable', reason: 'node-hid-missing', detail: 'unused' })),
      operationTimeoutMs: 500,
    });
    const keys: KeypadKey[] = [];
    created.driver.on('key', ({ at: _at, ...k }) => keys.push(k as KeypadKey));
    return { bus, driver: created.driver, sim: created.simulator!, keys };
  }

  it('reads key presses, goes noDevice when unplugged and comes back when plugged again', async () => {
    const t = await setup();
    t.driver.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.driver.summary()).toMatchObject({ id: 'keypad', mode: 'simulated', status: { device: 'online' } });
    for (const k of [{ key: 'down' }, { key: 'ok' }, { key: 'digit', digit: 7 }] as KeypadKey[]) expect(t.sim.press(k).ok).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(t.keys).toEqual([{ key: 'down' }, { key: 'ok' }, { key: 'digit', digit: 7 }]);

    t.sim.unplug();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.driver.status).toMatchObject({ device: 'noDevice', reasons: ['disconnected'] });
    expect(t.sim.press({ key: 'ok' })).toEqual({ ok: false, error: { code: 'unplugged' } });
    t.sim.plug();
    await vi.advanceTimersByTimeAsync(1000);
    expect(t.driver.status.device).toBe('online');
    t.sim.press({ key: 'help' });
    await vi.advanceTimersByTimeAsync(0);
    expect(t.keys.at(-1)).toEqual({ key: 'help' });
    await t.driver.close();
  });

  it('counts malformed reports and keeps reading', async () => {
    const t = await setup();
    const bad: string[] = [];
    t.driver.on('badReport', (e) => bad.push(e.code));
    t.driver.start();
    await vi.advanceTimersByTimeAsync(0);
    t.sim.sendReports([Uint8Array.from([1, 0])]);
    t.sim.press({ key: 'back' });
    await vi.advanceTimersByTimeAsync(0);
    expect(bad).toEqual(['truncated']);
    expect(t.driver.badReports).toBe(1);
    expect(t.keys).toEqual([{ key: 'back' }]);
    await t.driver.close();
  });

  it('mode none reports the keypad as disabled', async () => {
    const created = await createKeypad(keypadConfigSchema.parse({ mode: 'none' }), { bus: new MemoryHidBus(), nodeHid: () => Promise.reject(new Error('unused')), operationTimeoutMs: 500 });
    expect(created.driver.status).toMatchObject({ device: 'noDevice', reasons: ['disabled'] });
  });
});
