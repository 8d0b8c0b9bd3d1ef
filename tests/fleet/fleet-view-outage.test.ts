import { describe, expect, it } from 'vitest';
import { FleetView } from '../../kiosk/fleet/monitor/fleet-view.ts';

const topic = (kiosk: string) => `adm/v1/3506/${kiosk}/state`;
const state = (kiosk: string, status: 'online' | 'lost', since: string, at = since) => JSON.stringify({ v: 1, kiosk, region: '3506', status, at, since });
const T1 = '2026-12-04T08:00:00.000Z';
const T2 = '2026-12-04T08:05:00.000Z';

describe('the monitor\'s picture around a broker outage', () => {
  it('ignores the late will of an older connection, but not the will of the current one', () => {
    const v = new FleetView();
    v.apply(topic('K1'), state('K1', 'online', T2), 1000);
    expect(v.apply(topic('K1'), state('K1', 'lost', T1), 1001)).toBe('ignored');
    expect(v.get('3506', 'K1')?.status).toBe('online');
    expect(v.apply(topic('K1'), state('K1', 'lost', T2), 1002)).toBe('state');
    expect(v.get('3506', 'K1')?.status).toBe('lost');
  });

  it('puts back kiosks whose wills came with the broker going down, and keeps them unconfirmed until heard from', () => {
    const v = new FleetView();
    for (const k of ['K1', 'K2', 'K3']) v.apply(topic(k), state(k, 'online', T1), 1000);
    // K3 died long before the outage; the broker's shutdown sends K1's and K2's wills.
    v.apply(topic('K3'), state('K3', 'lost', T1), 2000);
    v.apply(topic('K1'), state('K1', 'lost', T1), 60_000);
    v.apply(topic('K2'), state('K2', 'lost', T1), 60_010);
    expect(v.summary().lost).toBe(3);
    expect(v.attributeToOutage(60_020 - 5000)).toBe(2);
    expect(v.summary()).toMatchObject({ online: 2, lost: 1 });

    // Back on the broker: a queued shutdown will is the outage's, K1 comes back on a new connection.
    v.unconfirmAll(120_000, 120_000);
    expect(v.apply(topic('K2'), state('K2', 'lost', T1), 120_100)).toBe('ignored');
    v.apply(topic('K1'), state('K1', 'online', T2), 121_000);
    expect(v.summary()).toMatchObject({ online: 2, lost: 1 });
    expect(v.unconfirmed()).toBe(2);
    // K2 never came back: after the grace it is unknown, not online forever.
    expect(v.expireUnconfirmed()).toBe(1);
    expect(v.get('3506', 'K2')?.status).toBe('unknown');
    expect(v.get('3506', 'K1')?.status).toBe('online');
  });

  it('after the grace, a will of the connection from before the outage counts again', () => {
    const v = new FleetView();
    v.apply(topic('K1'), state('K1', 'online', T1), 1000);
    v.attributeToOutage(0);
    v.unconfirmAll(2000, 1000);
    v.apply(topic('K1'), state('K1', 'online', T1), 2500);
    expect(v.apply(topic('K1'), state('K1', 'lost', T1), 3500)).toBe('state');
    expect(v.get('3506', 'K1')?.status).toBe('lost');
  });
});
