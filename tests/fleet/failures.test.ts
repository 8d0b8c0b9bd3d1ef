import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceSummary } from '../../core/device-status.ts';
import { Mosquitto } from '../support/mosquitto.ts';
import { kioskDb, testKiosk } from './support/harness.ts';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const a4 = (paper: 'full' | 'out'): DeviceSummary => ({ id: 'a4Printer', mode: 'simulated', status: { device: 'online', paper, reasons: [], since: new Date().toISOString() } });

describe('fleet failures never take the kiosk down', () => {
  it('a store that cannot be written (closed, full disk) is logged, and the journey\'s calls do not throw', async () => {
    const db = kioskDb();
    let paper: 'full' | 'out' = 'full';
    const kiosk = await testKiosk('mqtt://127.0.0.1:1', { db, sources: { devices: () => [a4(paper)], consumables: () => [], printsSince: () => ({ printed: {}, failed: {} }), unknownPrints: () => [], registryReachable: () => null } });
    cleanups.push(() => kiosk.stop());
    db.close();
    paper = 'out';
    expect(() => kiosk.agent.fingerprintFailure()).not.toThrow();
    expect(() => kiosk.agent.refresh()).not.toThrow();
    expect(() => kiosk.service.set('technician', true)).not.toThrow();
    expect(kiosk.service.has('technician')).toBe(true);
    const failed = kiosk.lines.filter((l) => l.event === 'fleet.step_failed');
    expect(failed.map((l) => l.step)).toEqual(expect.arrayContaining(['alerts', 'service', 'service-persist']));
    expect(String(failed[0]?.error)).toMatch(/database connection is not open/);
  });

  it('a source that throws leaves its alerts as they were and the others still report', async () => {
    let broken = false;
    let paper: 'full' | 'out' = 'out';
    const kiosk = await testKiosk('mqtt://127.0.0.1:1', {
      sources: {
        devices: () => {
          if (broken) throw new Error('driver bug');
          return [a4(paper)];
        },
        consumables: () => [{ name: 'card-blanko', level: 0, capacity: 200, lowThreshold: 20 }],
        printsSince: () => ({ printed: {}, failed: {} }),
        unknownPrints: () => [],
        registryReachable: () => null,
      },
    });
    cleanups.push(() => kiosk.stop());
    kiosk.agent.refresh();
    expect(kiosk.agent.alerts.active().map((a) => a.kind).sort()).toEqual(['blanko.out', 'paper.out']);
    broken = true;
    paper = 'full';
    kiosk.agent.refresh();
    // Unknown is not "fixed": the paper alert stays until the source can say so.
    expect(kiosk.agent.alerts.active().map((a) => a.kind).sort()).toEqual(['blanko.out', 'paper.out']);
    expect(kiosk.lines.some((l) => l.event === 'fleet.source_failed' && l.source === 'devices')).toBe(true);
    const t = kiosk.agent.telemetry();
    expect(t.devices).toEqual({});
    expect(t.consumables['card-blanko']?.status).toBe('out');
  });

  it('an acknowledgement the store cannot record is logged; the row is replayed later, never lost', async () => {
    const broker = await Mosquitto.start();
    cleanups.push(() => broker.close());
    const db = kioskDb();
    const kiosk = await testKiosk(broker.url, { db });
    cleanups.push(() => kiosk.stop());
    kiosk.agent.start();
    await kiosk.agent.publisher.whenOnline(AbortSignal.timeout(5000));
    kiosk.agent.emitEvent('test.tick', 'info', { n: 1 });
    db.close(); // the PUBACK arrives after this
    const deadline = Date.now() + 5000;
    while (!kiosk.lines.some((l) => l.event === 'fleet.step_failed' && l.step === 'outbox') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(kiosk.lines.some((l) => l.event === 'fleet.step_failed' && l.step === 'outbox')).toBe(true);
  });
});
