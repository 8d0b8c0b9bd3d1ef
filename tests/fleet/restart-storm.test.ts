import { describe, expect, it } from 'vitest';
import { startLocalBroker } from '../../kiosk/fleet/load/local-broker.ts';
import { runFleetLoad } from '../../kiosk/fleet/load/run-load.ts';

describe('broker restart storm', () => {
  it('200 kiosks, broker down 5 s: all back, every queued event once, historical, in order; the monitor shows one outage, not 200 lost kiosks', async () => {
    const broker = await startLocalBroker({ persistent: true });
    if (!broker.ok) throw new Error(broker.error.message);
    try {
      const r = await runFleetLoad({
        brokerUrl: broker.value.url,
        kiosks: 200,
        workers: 2,
        telemetryIntervalMs: 2000,
        steadyMs: 0,
        burstEvents: 0,
        probes: { idle: 2, loaded: 2 },
        measureLost: false,
        reconnect: { minMs: 200, maxMs: 2000 },
        brokerRestart: { broker: broker.value, downMs: 5000, eventsPerKiosk: 3 },
        signal: AbortSignal.timeout(240_000),
        note: () => {},
      });
      expect(r.storm).toMatchObject({
        events: 600,
        lost: 0,
        duplicates: 0,
        notHistorical: 0,
        outOfOrder: 0,
        monitorOutages: 1,
        maxLostShown: 0,
        converged: true,
      });
      expect(r.storm?.allBackMs).toBeGreaterThan(0);
      expect(r.storm?.peakBrokerRssMb).toBeGreaterThan(0);
      expect(r.monitor.invalid).toBe(0);
    } finally {
      await broker.value.stop();
    }
  }, 300_000);
});
