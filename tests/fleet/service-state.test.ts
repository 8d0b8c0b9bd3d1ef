import { afterEach, describe, expect, it } from 'vitest';
import { FleetStateStore } from '../../kiosk/store/fleet-state.ts';
import { ServiceState, type ServiceChange } from '../../kiosk/fleet/service-state.ts';
import { kioskDb } from './support/harness.ts';

const closers: Array<() => void> = [];
afterEach(() => closers.splice(0).forEach((c) => c()));

function store(): FleetStateStore {
  const db = kioskDb();
  closers.push(() => db.close());
  return new FleetStateStore(db);
}

describe('service state', () => {
  it('is out of service while any reason holds, and notifies each change once', () => {
    let t = Date.parse('2026-11-23T08:00:00Z');
    const s = new ServiceState(() => new Date((t += 1000)));
    const changes: ServiceChange[] = [];
    const off = s.subscribe((c) => changes.push(c));
    expect(s.inService).toBe(true);
    expect(s.set('fleet', true)).toBe(true);
    expect(s.set('fleet', true)).toBe(false);
    s.set('technician', true);
    expect(s.snapshot.reasons).toEqual(['technician', 'fleet']);
    s.set('fleet', false);
    expect(s.inService).toBe(false);
    s.set('technician', false);
    expect(s.inService).toBe(true);
    expect(changes.map((c) => `${c.reason}:${c.outOfService}:${c.snapshot.inService}`)).toEqual(['fleet:true:false', 'technician:true:false', 'fleet:false:false', 'technician:false:true']);
    off();
    s.set('no-printable-document', true);
    expect(changes).toHaveLength(4);
    expect(() => s.set('reboot' as 'fleet', true)).toThrow(/bug/);
  });

  it('keeps reasons a person set across a restart, not the derived one', () => {
    const st = store();
    const a = new ServiceState(() => new Date(), st);
    a.set('fleet', true);
    a.set('no-printable-document', true);
    const b = new ServiceState(() => new Date(), st);
    expect(b.snapshot.reasons).toEqual(['fleet']);
    expect(b.snapshot.since).toBe(a.snapshot.since);
  });

  it('a failed save keeps the change in memory, tells listeners, then reports the failure', () => {
    const db = kioskDb();
    const st = new FleetStateStore(db);
    db.close();
    const heard: boolean[] = [];
    const errors: string[] = [];
    const quiet = new ServiceState(() => new Date(), st, (e) => errors.push(e.message));
    quiet.subscribe((c) => heard.push(c.outOfService));
    expect(quiet.set('fleet', true)).toBe(true);
    expect(quiet.inService).toBe(false);
    expect(heard).toEqual([true]);
    expect(errors.at(-1)).toMatch(/not open/);
    const loud = new ServiceState(() => new Date(), st);
    expect(() => loud.set('technician', true)).toThrow(/not open/);
    expect(loud.has('technician')).toBe(true);
  });

  it('a damaged saved row neither crashes boot nor keeps the kiosk out', () => {
    const st = store();
    st.set('service.reasons', '{not json');
    expect(new ServiceState(() => new Date(), st).inService).toBe(true);
    st.set('service.reasons', JSON.stringify({ reasons: ['fleet', 'bogus'] }));
    expect(new ServiceState(() => new Date(), st).snapshot.reasons).toEqual(['fleet']);
  });
});
