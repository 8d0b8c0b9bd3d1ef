import type { UpsDriver } from '../../../devices/ups/driver.ts';
import type { PowerSnapshot } from '../../power/power-watch.ts';
import type { PowerEvent } from '../../store/power-events.ts';
import { DriverDevice } from './driver-device.ts';
import { runChecks, type DeviceDetails, type SelfTestReport } from './types.ts';

export interface UpsDeviceDeps {
  ups: UpsDriver;
  power(): PowerSnapshot;
  recentEvents(limit: number): PowerEvent[];
}

/** One power event as a technician reads it on the devices screen. */
export function powerEventLine(e: PowerEvent): string {
  const facts = [e.status, e.chargePct !== null ? `${e.chargePct}%` : null, e.runtimeS !== null ? `${e.runtimeS} s` : null, e.openPrints !== undefined ? `open prints ${e.openPrints}` : null].filter(Boolean).join(', ');
  return `${e.at.slice(0, 19).replace('T', ' ')} ${e.event}${facts ? ` (${facts})` : ''}`;
}

/** The UPS on the devices screen: the power now, the last power events, and a self-test that asks upsd afresh. */
export class UpsDevice extends DriverDevice {
  readonly id = 'ups' as const;

  constructor(private readonly d: UpsDeviceDeps) {
    super(d.ups);
  }

  details(): DeviceDetails {
    const p = this.d.power();
    const info = this.d.ups.info();
    const events = this.d.recentEvents(5);
    return {
      power: p.state,
      upsStatus: p.status,
      chargePct: p.chargePct,
      runtimeS: p.runtimeS,
      since: p.since,
      model: info ? [info.manufacturer, info.model].filter(Boolean).join(' ') || null : null,
      nutDriver: info?.driver ?? null,
      ...Object.fromEntries(events.map((e, i) => [`powerEvent${i + 1}`, powerEventLine(e)])),
    };
  }

  selfTest(signal: AbortSignal): Promise<SelfTestReport> {
    return runChecks(this.id, () => this.d.ups.status(), [
      () => {
        const s = this.d.ups.status();
        const ok = s.device === 'online';
        return { name: 'upsd', ok, detail: ok ? 'upsd answers and the UPS reports' : `${s.device}${s.reasons.length ? ` (${s.reasons.join(', ')})` : ''}${s.detail ? `: ${s.detail}` : ''}` };
      },
      async () => {
        const r = await this.d.ups.read(signal);
        if (!r.ok) return { name: 'reading', ok: false, detail: r.error.message };
        const v = r.value;
        return { name: 'reading', ok: true, detail: `${v.flags.join(' ')}${v.chargePct !== null ? `, charge ${v.chargePct}%` : ''}${v.runtimeS !== null ? `, runtime ${v.runtimeS} s` : ''}` };
      },
      () => {
        const r = this.d.ups.reading();
        const rb = r?.replaceBattery === true;
        return { name: 'battery', ok: !rb, detail: rb ? 'the UPS asks for a new battery (RB)' : 'no battery replacement asked' };
      },
    ], signal);
  }
}
