import { describe, expect, it } from 'vitest';
import { fleetMetrics } from '../../kiosk/fleet/monitor/metrics.ts';
import { FleetView, kioskJson, shownStatus } from '../../kiosk/fleet/monitor/fleet-view.ts';

const service = (reasons: string[], since: string) => ({ inService: reasons.length === 0, reasons, since });
const state = (kiosk: string, status: string, at: string, since: string, reasons: string[]) =>
  JSON.stringify({ v: 1, kiosk, region: '3506', status, at, since, version: '0.1.0', service: service(reasons, at) });

describe('the monitor shows a kiosk closed by its hours as closed, not lost', () => {
  it('running, stopped for the night, or cut off with its power: closed; a kiosk open when it vanished: lost', async () => {
    const v = new FleetView();
    const conn = '2026-12-07T00:59:00.000Z';
    // K1 closes at 15:00 and keeps running; K2 closes and powers off cleanly; K3 closes and its power is cut at the wall.
    for (const k of ['K1', 'K2', 'K3', 'K4']) v.apply(`adm/v1/3506/${k}/state`, state(k, 'online', conn, conn, []), 1);
    for (const k of ['K1', 'K2', 'K3']) v.apply(`adm/v1/3506/${k}/state`, state(k, 'online', '2026-12-07T08:00:00.000Z', conn, ['closed-hours']), 2);
    v.apply('adm/v1/3506/K2/state', state('K2', 'offline', '2026-12-07T08:20:00.000Z', conn, ['closed-hours']), 3);
    // The will was set when the connection began, with the service of that moment (in service).
    v.apply('adm/v1/3506/K3/state', state('K3', 'lost', conn, conn, []), 4);
    v.apply('adm/v1/3506/K4/state', state('K4', 'lost', conn, conn, []), 5);
    const shown = Object.fromEntries(v.kiosks().map((k) => [k.kiosk, shownStatus(k)]));
    expect(shown).toEqual({ K1: 'closed', K2: 'closed', K3: 'closed', K4: 'lost' });
    expect(v.summary()).toMatchObject({ kiosks: 4, closed: 3, lost: 1, online: 0, offline: 0 });
    expect(kioskJson(v.get('3506', 'K2')!)).toMatchObject({ status: 'closed', connection: 'offline' });
    const text = await fleetMetrics(v).metrics();
    expect(text).toContain('adm_fleet_kiosks{status="closed"} 3');
    expect(text).toContain('adm_fleet_kiosks{status="lost"} 1');
    expect(text).toContain('adm_kiosk_out_of_service_reason{region="3506",kiosk="K3",reason="closed-hours"} 1');
  });
});
