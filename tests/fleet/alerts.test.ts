import { describe, expect, it } from 'vitest';
import { AlertTracker, FingerprintWatch, consumableAlerts, deviceAlerts, unknownPrintAlerts } from '../../kiosk/fleet/alerts.ts';
import type { DeviceSummary, DeviceStatus, DeviceId } from '../../core/device-status.ts';

const at = '2026-11-23T08:00:00.000Z';
const dev = (id: DeviceId, s: Partial<DeviceStatus>, mode = 'simulated'): DeviceSummary => ({ id, mode, status: { device: 'online', reasons: [], since: at, ...s } });
const kinds = (xs: Array<{ kind: string; subject: string }>) => xs.map((x) => `${x.kind}@${x.subject}`).sort();

describe('fleet alerts', () => {
  it('derives paper, blanko, jam, offline and error alerts from XFS4IoT device states', () => {
    const out = deviceAlerts([
      dev('a4Printer', { paper: 'low' }),
      dev('receiptPrinter', { paper: 'out' }),
      dev('cardPrinter', { media: 'notPresent' }),
      dev('scanner', { device: 'offline' }),
      dev('cardReader', { device: 'hardwareError', reasons: ['sam-error'] }),
      dev('touchscreen', { device: 'noDevice' }, 'none'),
    ]);
    expect(kinds(out)).toEqual(['blanko.out@cardPrinter', 'device.error@cardReader', 'device.offline@scanner', 'paper.low@a4Printer', 'paper.out@receiptPrinter']);
    expect(kinds(deviceAlerts([dev('a4Printer', { paper: 'jammed', device: 'userError' }), dev('cardPrinter', { media: 'jammed' })]))).toEqual([
      'device.error@a4Printer',
      'media.jam@cardPrinter',
      'paper.jam@a4Printer',
    ]);
    expect(deviceAlerts([dev('a4Printer', { paper: 'full' }), dev('cardPrinter', { media: 'present', paper: 'low' })]).map((a) => a.kind)).toEqual(['blanko.low']);
  });

  it('derives low and out from consumable counters by family', () => {
    const out = consumableAlerts([
      { name: 'a4_paper', level: 30, capacity: 500, lowThreshold: 50 },
      { name: 'card_blanko', level: 0, capacity: 200, lowThreshold: 20 },
      { name: 'ribbon', level: 5, capacity: 100, lowThreshold: 10 },
      { name: 'receipt_roll', level: 90, capacity: 100, lowThreshold: 10 },
    ]);
    expect(kinds(out)).toEqual(['blanko.out@card_blanko', 'consumable.low@ribbon', 'paper.low@a4_paper']);
  });

  it('raises once, updates quietly, clears once; sources do not clear each other', () => {
    let t = Date.parse(at);
    const tracker = new AlertTracker(() => new Date((t += 1000)));
    const low = { kind: 'paper.low' as const, subject: 'a4Printer', data: { level: 40 } };
    const r1 = tracker.update('devices', [low]);
    expect(r1.map((c) => [c.active, c.alert.kind, c.alert.severity])).toEqual([[true, 'paper.low', 'warning']]);
    const since = r1[0]?.alert.since;
    expect(tracker.update('devices', [{ ...low, data: { level: 30 } }])).toEqual([]);
    expect(tracker.active()[0]).toMatchObject({ since, data: { level: 30 } });
    tracker.update('ledger', unknownPrintAlerts([{ ledgerId: 'led-1', documentType: 'KK' }]));
    const r2 = tracker.update('devices', [{ kind: 'paper.out', subject: 'a4Printer', data: {} }]);
    expect(r2.map((c) => `${c.active ? '+' : '-'}${c.alert.kind}`)).toEqual(['+paper.out', '-paper.low']);
    expect(kinds(tracker.active())).toEqual(['paper.out@a4Printer', 'print.unknown_outcome@led-1']);
    expect(tracker.update('devices', []).map((c) => c.active)).toEqual([false]);
    expect(kinds(tracker.active())).toEqual(['print.unknown_outcome@led-1']);
  });

  it('raises repeated fingerprint failures only after the threshold in a row, cleared by a match', () => {
    const w = new FingerprintWatch(3);
    w.failure();
    w.failure();
    expect(w.conditions()).toEqual([]);
    w.success();
    w.failure();
    w.failure();
    expect(w.conditions()).toEqual([]);
    w.failure();
    expect(w.conditions()[0]).toMatchObject({ kind: 'fingerprint.repeated_failures', data: { consecutive: 3 } });
    w.success();
    expect(w.conditions()).toEqual([]);
  });
});
