import { describe, expect, it } from 'vitest';
import { startLocalBroker } from '../../kiosk/fleet/load/local-broker.ts';
import { runFleetLoad, simAddresses, type LoadOptions } from '../../kiosk/fleet/load/run-load.ts';

const base: Omit<LoadOptions, 'brokerUrl' | 'signal'> = {
  kiosks: 40,
  workers: 2,
  telemetryIntervalMs: 1000,
  steadyMs: 1000,
  burstEvents: 2,
  probes: { idle: 4, loaded: 4 },
  measureLost: true,
  note: () => {},
};

describe('fleet load tooling', () => {
  it('runs a small simulated fleet end to end against its own mosquitto and cleans up', async () => {
    const broker = await startLocalBroker();
    if (!broker.ok) throw new Error(broker.error.message);
    try {
      const r = await runFleetLoad({ ...base, brokerUrl: broker.value.url, brokerRssMb: () => broker.value.rssMb(), signal: AbortSignal.timeout(120_000) });
      expect(r.kiosks).toBe(40);
      expect(r.steady.messages).toBeGreaterThan(0);
      expect(r.burst?.events).toBe(80);
      expect(r.alertLatencyIdleMs).toHaveLength(4);
      expect(r.alertLatencyLoadedMs.length).toBeGreaterThanOrEqual(4);
      expect(r.alertLatencyLoadedMs.every((ms) => ms > 0 && ms < 30_000)).toBe(true);
      expect(r.lost?.kiosks).toBe(20);
      expect(r.monitor.invalid).toBe(0);
      expect(r.brokerRssMb).toBeGreaterThan(0);
    } finally {
      await broker.value.stop();
    }
  });

  it('shards a fleet over several brokers, with one picture at the monitor', async () => {
    const brokers = await Promise.all([startLocalBroker(), startLocalBroker()]);
    try {
      const [a, b] = brokers.map((x) => {
        if (!x.ok) throw new Error(x.error.message);
        return x.value;
      });
      const r = await runFleetLoad({ ...base, brokerUrl: a!.url, kioskBrokerUrls: [a!.url, b!.url], signal: AbortSignal.timeout(120_000) });
      expect(r.burst?.events).toBe(80);
      // Half the burst came through the second broker: the one view counted it all.
      expect(r.lost?.kiosks).toBe(20);
      expect(r.monitor.invalid).toBe(0);
    } finally {
      await Promise.all(brokers.map((x) => (x.ok ? x.value.stop() : undefined)));
    }
  });

  it('refuses brokers off this machine and sizes beyond its bounds before starting anything', async () => {
    const signal = AbortSignal.timeout(5000);
    await expect(runFleetLoad({ ...base, brokerUrl: 'mqtt://broker.example.org:1883', signal })).rejects.toThrow(/only talk to a broker on this machine/);
    await expect(runFleetLoad({ ...base, brokerUrl: 'mqtt://127.0.0.1:1', kiosks: 100_000, signal })).rejects.toThrow(/kiosks must be/);
    await expect(runFleetLoad({ ...base, brokerUrl: 'mqtt://127.0.0.1:1', steadyMs: 3_600_000, signal })).rejects.toThrow(/steady phase/);
  });

  it('spreads simulated kiosks over real regency codes with unique ids', () => {
    const a = simAddresses(2000);
    expect(new Set(a.map((x) => x.kiosk)).size).toBe(2000);
    expect(new Set(a.map((x) => x.region)).size).toBeGreaterThan(4);
  });
});
