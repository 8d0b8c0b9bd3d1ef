import { describe, expect, it } from 'vitest';
import { judgeHealth } from '../../kiosk/update/service.ts';

/** The rule for "the new version reports healthy", applied to what its /healthz says. */
describe('health verdict after a switch', () => {
  const healthy = { version: '0.2.0', selfTest: { outcome: 'degraded', printable: ['kk', 'akta-lahir', 'akta-mati', 'ktp', 'kia'] } };

  it('accepts the expected version with a self-test that did not fail and nothing lost', () => {
    expect(judgeHealth(healthy, { version: '0.2.0', printableBefore: ['kk', 'ktp'] })).toEqual({ ok: true, value: { version: '0.2.0', outcome: 'degraded', printable: healthy.selfTest.printable } });
    expect(judgeHealth(healthy, { version: '0.2.0', printableBefore: null }).ok).toBe(true);
  });

  it('refuses the old version still answering, a failed self-test, or none at all', () => {
    expect(judgeHealth({ ...healthy, version: '0.1.0' }, { version: '0.2.0', printableBefore: null })).toMatchObject({ ok: false, error: { code: 'unhealthy', message: 'the kiosk reports version 0.1.0, expected 0.2.0' } });
    expect(judgeHealth({ ...healthy, selfTest: { outcome: 'fail', printable: [] } }, { version: '0.2.0', printableBefore: null })).toMatchObject({ ok: false, error: { message: 'the new version failed its boot self-test' } });
    expect(judgeHealth({ version: '0.2.0' }, { version: '0.2.0', printableBefore: null })).toMatchObject({ ok: false, error: { message: 'the new version reports no boot self-test in /healthz' } });
  });

  it('refuses a version that can no longer print what the previous one could', () => {
    const r = judgeHealth({ version: '0.2.0', selfTest: { outcome: 'degraded', printable: ['ktp', 'kia'] } }, { version: '0.2.0', printableBefore: ['kk', 'ktp', 'kia', 'akta-lahir'] });
    expect(r).toMatchObject({ ok: false, error: { code: 'unhealthy', message: 'the new version cannot print kk, akta-lahir, which the previous version could' } });
  });
});
