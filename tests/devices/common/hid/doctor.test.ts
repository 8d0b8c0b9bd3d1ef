import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../../kiosk/config/schema.ts';
import { hidDevicesCheck } from '../../../../kiosk/doctor/hid-checks.ts';

const run = (input: object) => hidDevicesCheck.run(configSchema.parse(input), new AbortController().signal);

describe('adm doctor: HID devices', () => {
  it('says simulated and off devices are fine without loading node-hid', async () => {
    expect(await run({ devices: { touchscreen: { mode: 'none' } } })).toEqual([
      { status: 'ok', detail: 'scanner: simulated' },
      { status: 'ok', detail: 'touchscreen: off (mode none)' },
    ]);
  });

  it('loads node-hid for real devices and warns that the configured device is not plugged in', async () => {
    const out = await run({ devices: { scanner: { mode: 'hid', protocol: 'keyboard', vendorId: 0xfffe, productId: 0xfffd }, touchscreen: { mode: 'none' } } });
    expect(out[1]).toMatchObject({ status: 'ok', detail: expect.stringMatching(/^node-hid loads \(hidapi \d/) });
    expect(out[2]).toMatchObject({ status: 'warn', detail: expect.stringContaining('scanner: not connected (no HID device matches fffe:fffd, usage page 0x1/0x6;') });
  });
});
