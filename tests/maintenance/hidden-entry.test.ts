import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EntrySource } from '../../flows/maintenance/ports.ts';
import { MaintenanceApi } from './support/api.ts';
import { startRig, TECH_PIN, type Rig } from './support/rig.ts';

let rig: Rig;
beforeAll(async () => {
  rig = await startRig({ hid: true, devices: false });
});
afterAll(async () => rig?.close());
afterEach(async () => {
  const m = rig.handle.maintenance;
  if (m.mode.state !== 'inactive') m.mode.leave('canceled');
  await until(() => m.mode.state === 'inactive');
});

const until = async (pred: () => boolean, ms = 5000) => {
  for (const end = Date.now() + ms; Date.now() < end && !pred(); ) await new Promise((r) => setTimeout(r, 20));
  return pred();
};

describe('the hidden entry', () => {
  it("the touchscreen's corner gesture parks the citizen flow and opens the sign-in screen", async () => {
    const touch = rig.touch;
    if (!touch) throw new Error('no touchscreen');
    const seen: EntrySource[] = [];
    const off = rig.bus.on('maintenance.entryRequested', (e) => void seen.push(e.source));
    // A citizen's ordinary taps do nothing.
    await touch.touch(0.5, 0.5);
    await touch.performGesture(['topLeft', 'bottomRight', 'topRight', 'bottomLeft']);
    expect(rig.handle.maintenance.mode.state).toBe('inactive');
    const done = await touch.performGesture();
    expect(done.ok).toBe(true);
    expect(await until(() => rig.handle.maintenance.mode.signingIn)).toBe(true);
    expect(seen).toEqual(['gesture']);
    expect(rig.service.has('technician')).toBe(true);
    expect(rig.store.journal.list({ kind: 'maintenance.entered', limit: 1 })[0]?.detail).toMatchObject({ source: 'gesture' });
    off();

    // The sign-in still asks for the technician's PIN; then the HID devices have their own screens.
    const api = new MaintenanceApi(rig.url);
    const r = await api.post<{ token: string }>('sign-in/pin', { pin: TECH_PIN });
    api.token = r.body.token;
    const overview = await api.get<{ devices: Array<{ id: string; details: Record<string, unknown> }> }>('overview');
    expect(overview.body.devices.find((d) => d.id === 'touchscreen')?.details).toMatchObject({ touches: 9, silentRegions: 0, badReports: 0 });
    for (const id of ['scanner', 'touchscreen']) {
      const t = await api.post<{ passed: boolean; checks: unknown[] }>('self-test', { device: id });
      expect(t.body.passed, `${id}: ${JSON.stringify(t.body.checks)}`).toBe(true);
    }
    // While maintenance is on, the gesture does nothing more.
    await touch.performGesture();
    expect(rig.handle.maintenance.mode.working).toBe(true);
    await api.post('leave');
    expect(await until(() => rig.handle.maintenance.mode.state === 'inactive')).toBe(true);
    expect(rig.service.has('technician')).toBe(false);
  });

  it('a gesture on an unplugged panel cannot happen; its self-test says the digitizer is gone', async () => {
    const touch = rig.touch;
    if (!touch) throw new Error('no touchscreen');
    touch.unplug();
    try {
      expect((await touch.performGesture()).ok).toBe(false);
      const api = new MaintenanceApi(rig.url);
      expect((await api.signIn(TECH_PIN)).status).toBe(200);
      await until(() => rig.board.summaries().find((s) => s.id === 'touchscreen')?.status.device !== 'online');
      const t = await api.post<{ passed: boolean; checks: Array<{ name: string; ok: boolean }> }>('self-test', { device: 'touchscreen' });
      expect(t.body.passed).toBe(false);
      expect(t.body.checks[0]).toMatchObject({ name: 'connected', ok: false });
      await api.post('leave');
    } finally {
      touch.plug();
    }
  });
});
