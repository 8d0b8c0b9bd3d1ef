import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../kiosk/config/schema.ts';
import { cardReaderCheck } from '../../../kiosk/doctor/serial-checks.ts';

describe('adm doctor, e-KTP reader over PC/SC', () => {
  it('lists the PC/SC slots (card and SAM) and checks the SAM through the reader', async () => {
    const config = configSchema.parse({ devices: { cardReader: { mode: 'pcsc', pcsc: { virtualCard: true } } } });
    const out = await cardReaderCheck.run(config, AbortSignal.timeout(20_000));
    expect(out).toEqual(
      expect.arrayContaining([
        { status: 'ok', detail: 'PC/SC slot "Virtual PCD 00 00": empty' },
        { status: 'ok', detail: expect.stringMatching(/^PC\/SC slot "Virtual PCD 00 01": card present, ATR 3B9F96/) },
        { status: 'ok', detail: expect.stringContaining('SAM present') },
      ]),
    );
    expect(out.every((o) => o.status === 'ok')).toBe(true);
  });

  it('without pcscd: names what is missing', async () => {
    process.env.PCSCLITE_CSOCK_NAME ??= '/nonexistent/pcscd.comm';
    const config = configSchema.parse({ devices: { cardReader: { mode: 'pcsc' } } });
    const out = await cardReaderCheck.run(config, AbortSignal.timeout(10_000));
    expect(out.some((o) => o.status === 'fail')).toBe(true);
  });
});
