import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../kiosk/config/schema.ts';

describe('devices.scanner and devices.touchscreen configuration', () => {
  it('has defaults that run simulated devices', () => {
    const c = configSchema.parse({});
    expect(c.devices.scanner).toMatchObject({ mode: 'simulated', protocol: 'auto', layout: 'us', terminator: 'enter-or-tab', maxLength: 1024, repeatWindowMs: 3000 });
    expect(c.devices.touchscreen).toMatchObject({ mode: 'simulated', gesture: { sequence: ['topLeft', 'topRight', 'bottomRight', 'bottomLeft'] }, health: { columns: 4, rows: 3 } });
  });

  it('takes USB ids as lsusb prints them or as numbers', () => {
    const c = configSchema.parse({ devices: { scanner: { mode: 'hid', vendorId: '0x0c2e', productId: 2959 }, touchscreen: { vendorId: '0x0EEF' } } });
    expect([c.devices.scanner.vendorId, c.devices.scanner.productId, c.devices.touchscreen.vendorId]).toEqual([0x0c2e, 0x0b8f, 0x0eef]);
    expect(configSchema.safeParse({ devices: { scanner: { vendorId: '0c2e' } } }).success).toBe(false);
    expect(configSchema.safeParse({ devices: { scanner: { vendorId: 0x10000 } } }).success).toBe(false);
  });

  it('requires the ids for a real keyboard-emulation scanner (it cannot be told from a keyboard)', () => {
    const r = configSchema.safeParse({ devices: { scanner: { mode: 'hid', protocol: 'keyboard' } } });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain('vendorId and productId are required');
    expect(configSchema.safeParse({ devices: { scanner: { mode: 'hid', protocol: 'keyboard', vendorId: 1, productId: 2 } } }).success).toBe(true);
  });

  it('refuses unknown keys and bad gesture sequences', () => {
    expect(configSchema.safeParse({ devices: { scanner: { layot: 'us' } } }).success).toBe(false);
    expect(configSchema.safeParse({ devices: { touchscreen: { gesture: { sequence: ['topLeft', 'middle', 'topRight'] } } } }).success).toBe(false);
    expect(configSchema.safeParse({ devices: { touchscreen: { gesture: { sequence: ['topLeft', 'topRight'] } } } }).success).toBe(false);
  });
});

describe('completion codes of a scan wait', () => {
  it('maps each way a wait ends to its XFS4IoT class', async () => {
    const { completionOf } = await import('../../../devices/scanner/completion.ts');
    const rejected = (code: 'tooLong' | 'malformedReport') => ({ code: 'rejected' as const, error: { code, detail: '', protocol: 'pos' as const, received: 0, at: 0 } });
    expect([
      completionOf({ code: 'timeOut', timeoutMs: 1 }),
      completionOf({ code: 'canceled' }),
      completionOf({ code: 'closed' }),
      completionOf(rejected('tooLong')),
      completionOf(rejected('malformedReport')),
    ]).toEqual(['timeOut', 'canceled', 'deviceNotReady', 'invalidData', 'hardwareError']);
  });
});
