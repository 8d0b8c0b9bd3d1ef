import { afterAll, describe, expect, it } from 'vitest';
import { startKiosk, type KioskProcess } from '../e2e/support/kiosk-process.ts';

// `npm start`: the simulated upsd is on by default, and the dev panel cuts and restores the mains.

let kiosk: KioskProcess | null = null;
afterAll(() => kiosk?.stop());

describe('the simulated UPS of `npm start`', () => {
  it('the dev panel takes the mains away and back; the service, /healthz and the panel follow', async () => {
    kiosk = await startKiosk();
    const k = kiosk;
    const health = async () => (await (await fetch(`${k.base}/healthz`)).json()) as { power: { state: string; chargePct: number }; devices: { ups: { mode: string; state: string; reasons: string[] } } };
    expect((await health()).devices.ups).toMatchObject({ mode: 'simulated', state: 'online' });
    expect((await health()).power).toMatchObject({ state: 'mains', chargePct: 100 });

    await k.dev({ action: 'ups.power', status: 'OB DISCHRG', chargePct: 80, runtimeS: 900 });
    await expect.poll(async () => (await k.devState()).service, { timeout: 10_000 }).toContain('on-battery');
    await expect.poll(async () => (await k.devState()).screen, { timeout: 10_000 }).toBe('out-of-service');
    expect((await health()).devices.ups.reasons).toEqual(['on-battery']);

    await k.dev({ action: 'ups.fault', fault: 'stale' });
    await expect.poll(async () => (await health()).devices.ups.state, { timeout: 10_000 }).toBe('hardwareError');
    // A UPS that cannot be read changes nothing about the power decision.
    expect((await k.devState()).service).toContain('on-battery');
    await k.dev({ action: 'ups.fault', fault: 'none' });

    await k.dev({ action: 'ups.power', status: 'OL', chargePct: 100, runtimeS: 1800 });
    await expect.poll(async () => (await k.devState()).screen, { timeout: 10_000 }).toBe('attract');
    expect((await k.devState()).service).not.toContain('on-battery');
    await expect(k.dev({ action: 'ups.power', status: 'ON FIRE', chargePct: 5, runtimeS: 1 })).rejects.toThrow(/refused/);
  }, 60_000);
});
