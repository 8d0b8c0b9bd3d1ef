import { describe, expect, it } from 'vitest';
import type { PowerReading } from '../../devices/ups/protocol.ts';
import { batteryLow, nextPowerState } from '../../kiosk/power/power-state.ts';

const t = { lowChargePct: 20, lowRuntimeS: 180, resumeChargePct: 50 };
const reading = (flags: string, chargePct: number | null = 100, runtimeS: number | null = 1800): PowerReading => {
  const f = flags.split(' ');
  return { flags: f, onLine: f.includes('OL'), onBattery: f.includes('OB'), lowBattery: f.includes('LB'), forcedShutdown: f.includes('FSD'), replaceBattery: f.includes('RB'), chargePct, runtimeS };
};

describe('what the power means for the kiosk', () => {
  it('low battery by the UPS flag, the charge threshold, the runtime threshold or a forced shutdown', () => {
    expect(batteryLow(reading('OB LB', 90, 1000), t)).toBe(true);
    expect(batteryLow(reading('OB', 19, 1000), t)).toBe(true);
    expect(batteryLow(reading('OB', 90, 179), t)).toBe(true);
    expect(batteryLow(reading('OL FSD'), t)).toBe(true);
    expect(batteryLow(reading('OB', 20, 180), t)).toBe(false);
    // On mains a low charge is charging, not a reason to stop.
    expect(batteryLow(reading('OL CHRG', 5, 30), t)).toBe(false);
  });

  it('on battery, then low, then back on mains: charging until resumeChargePct, then serving', () => {
    let s = nextPowerState('mains', reading('OB DISCHRG', 80, 900), t);
    expect(s).toBe('on_battery');
    s = nextPowerState(s, reading('OB LB', 15, 100), t);
    expect(s).toBe('low_battery');
    s = nextPowerState(s, reading('OL CHRG', 30, 300), t);
    expect(s).toBe('battery_charging');
    s = nextPowerState(s, reading('OL CHRG', 49, 600), t);
    expect(s).toBe('battery_charging');
    s = nextPowerState(s, reading('OL CHRG', 50, 600), t);
    expect(s).toBe('mains');
    // Once serving on mains a falling gauge alone does not close the kiosk.
    expect(nextPowerState('mains', reading('OL', 30), t)).toBe('mains');
  });

  it('at boot (unknown) a low charge on mains waits, a full one serves, and a UPS without a gauge serves', () => {
    expect(nextPowerState('unknown', reading('OL CHRG', 30), t)).toBe('battery_charging');
    expect(nextPowerState('unknown', reading('OL', 100), t)).toBe('mains');
    expect(nextPowerState('unknown', reading('OL', null, null), t)).toBe('mains');
    expect(nextPowerState('unknown', reading('OB', 90), t)).toBe('on_battery');
  });
});
