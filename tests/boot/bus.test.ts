import { describe, expect, it } from 'vitest';
import { KioskBus, type KioskEventName } from '../../kiosk/bus.ts';

describe('the kiosk bus', () => {
  it('delivers an event to every listener of its name, and none after it unsubscribed', () => {
    const bus = new KioskBus();
    const heard: string[] = [];
    const off = bus.on('fingerprint.checked', (e) => void heard.push(`a:${e.matched}`));
    bus.on('fingerprint.checked', (e) => void heard.push(`b:${e.matched}`));
    bus.on('fleet.refresh', () => void heard.push('refresh'));
    bus.emit('fingerprint.checked', { matched: true });
    off();
    bus.emit('fingerprint.checked', { matched: false });
    expect(heard).toEqual(['a:true', 'b:true', 'b:false']);
  });

  it('a listener that throws is reported with the event, and the others still hear it', () => {
    const failures: Array<{ event: KioskEventName; message: string }> = [];
    const bus = new KioskBus((event, error) => failures.push({ event, message: error.message }));
    const heard: string[] = [];
    bus.on('maintenance.entryRequested', () => {
      throw new Error('a bug in one area');
    });
    bus.on('maintenance.entryRequested', (e) => void heard.push(e.source));
    bus.emit('maintenance.entryRequested', { source: 'gesture' });
    expect(heard).toEqual(['gesture']);
    expect(failures).toEqual([{ event: 'maintenance.entryRequested', message: 'a bug in one area' }]);
  });
});
