import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../kiosk/config/schema.ts';
import { headphoneJackCheck, keypadCheck, speechCheck } from '../../kiosk/doctor/access-checks.ts';

const signal = new AbortController().signal;
const cfg = (input: object) => configSchema.parse(input);

describe('adm doctor: keypad, headphone jack, speech', () => {
  it('says simulated and off devices are fine', async () => {
    expect(await keypadCheck.run(cfg({}), signal)).toEqual([{ status: 'ok', detail: 'keypad: simulated' }]);
    expect(await keypadCheck.run(cfg({ devices: { keypad: { mode: 'none' } } }), signal)).toEqual([{ status: 'ok', detail: 'keypad: off (mode none)' }]);
    expect(await headphoneJackCheck.run(cfg({}), signal)).toEqual([{ status: 'ok', detail: 'headphone jack: simulated' }]);
  });

  it('warns when a real keypad is not plugged in (the touchscreen works without it)', async () => {
    const out = await keypadCheck.run(cfg({ devices: { keypad: { mode: 'hid', vendorId: 0xfffe, productId: 0xfffd } } }), signal);
    expect(out[0]?.status).not.toBe('ok');
  });

  it('finds the jack input device by name, and says what is wrong when there is none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'adm-sysinput-'));
    try {
      expect(await headphoneJackCheck.run(cfg({ devices: { headphoneJack: { mode: 'evdev', sysInputDir: dir } } }), signal)).toMatchObject([{ status: 'warn', detail: expect.stringContaining('set devices.headphoneJack.path') }]);
      mkdirSync(join(dir, 'event9', 'device'), { recursive: true });
      writeFileSync(join(dir, 'event9', 'device', 'name'), 'HDA Intel PCH Headphone\n');
      expect(await headphoneJackCheck.run(cfg({ devices: { headphoneJack: { mode: 'evdev', sysInputDir: dir } } }), signal)).toMatchObject([{ status: 'warn', detail: '/dev/input/event9 does not exist' }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('checks that espeak-ng speaks both voices, and fails with the fix when it is missing', async () => {
    expect(await speechCheck.run(cfg({}), signal)).toEqual([
      { status: 'ok', detail: 'speech: espeak-ng speaks voice "id"' },
      { status: 'ok', detail: 'speech: espeak-ng speaks voice "en-gb"' },
    ]);
    const missing = await speechCheck.run(cfg({ speech: { command: '/nonexistent/espeak-ng' } }), signal);
    expect(missing[0]).toMatchObject({ status: 'fail', detail: expect.stringContaining('apt-get install espeak-ng') });
  });
});
