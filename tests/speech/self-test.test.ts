import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryHidBus } from '../../devices/common/hid/memory-transport.ts';
import { headphoneJackConfigSchema } from '../../devices/headphone-jack/config.ts';
import { createHeadphoneJack } from '../../devices/headphone-jack/factory.ts';
import { keypadConfigSchema } from '../../devices/keypad/config.ts';
import { createKeypad } from '../../devices/keypad/factory.ts';
import { HeadphoneJackDevice, KeypadDevice } from '../../kiosk/maintenance/devices/access-devices.ts';
import { err } from '../../core/result.ts';
import { speechConfigSchema } from '../../kiosk/speech/config.ts';
import { SpeechService } from '../../kiosk/speech/speech-service.ts';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
const until = async (cond: () => boolean) => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
};

function speech(command = 'espeak-ng') {
  const dir = mkdtempSync(join(tmpdir(), 'adm-selftest-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return new SpeechService(speechConfigSchema.parse({ command }), dir, () => ({ names: [] }));
}

describe('technician self-test: keypad, headphone jack and speech', () => {
  it('passes with the keypad attached, the jack read and espeak-ng speaking; counts keys and jack changes', async () => {
    const keypad = await createKeypad(keypadConfigSchema.parse({}), { bus: new MemoryHidBus(), nodeHid: () => Promise.resolve(err({ code: 'unavailable', reason: 'node-hid-missing', detail: '' })), operationTimeoutMs: 500 });
    const jack = await createHeadphoneJack(headphoneJackConfigSchema.parse({ reopenMs: 100 }), {});
    cleanups.push(() => keypad.driver.close(), () => jack.driver.close(), () => jack.simulator?.stop());
    keypad.driver.start();
    jack.driver.start();
    await until(() => keypad.driver.status.device === 'online' && jack.driver.status.device === 'online');
    keypad.simulator!.press({ key: 'ok' });
    jack.simulator!.setPlugged(true);
    await until(() => keypad.driver.presses === 1 && jack.driver.changes === 1);

    const k = await new KeypadDevice(keypad.driver).selfTest(new AbortController().signal);
    expect(k).toMatchObject({ device: 'keypad', passed: true });
    expect(k.checks.map((c) => c.detail).join(' ')).toContain('1 key press(es), 0 unreadable');
    const j = await new HeadphoneJackDevice(jack.driver, speech()).selfTest(new AbortController().signal);
    expect(j).toMatchObject({ device: 'headphoneJack', passed: true });
    expect(j.checks.find((c) => c.name === 'speech')?.detail).toMatch(/^espeak-ng spoke a test phrase in Bahasa Indonesia and English \(\d+ bytes/);
    expect(new HeadphoneJackDevice(jack.driver, speech()).details()).toMatchObject({ headphones: 'plugged', changes: 1, badFrames: 0 });

    // Unplugged keypad, missing espeak-ng: the self-test fails and says why.
    keypad.simulator!.unplug();
    await until(() => keypad.driver.status.device !== 'online');
    expect(await new KeypadDevice(keypad.driver).selfTest(new AbortController().signal)).toMatchObject({ passed: false, checks: [{ name: 'connected', ok: false, detail: expect.stringContaining('noDevice (disconnected)') }, expect.anything()] });
    const silent = await new HeadphoneJackDevice(jack.driver, speech('/nonexistent/espeak-ng')).selfTest(new AbortController().signal);
    expect(silent.passed).toBe(false);
    expect(silent.checks.find((c) => c.name === 'speech')?.detail).toContain('apt-get install espeak-ng');
  });
});
