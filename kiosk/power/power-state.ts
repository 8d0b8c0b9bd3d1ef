import type { PowerReading } from '../../devices/ups/protocol.ts';

/**
 * What the power means for the kiosk:
 * - `mains`: serving citizens;
 * - `on_battery`: mains lost; a print under way finishes, no new session starts;
 * - `low_battery`: the UPS says LB (or FSD), or the charge or runtime left is under its threshold: stop and power off;
 * - `battery_charging`: mains back after an outage (or at boot) but the charge is under `resumeChargePct`;
 * - `unknown`: no reading (no UPS, upsd unreachable): a device fault, not a power event.
 */
export const POWER_STATES = ['mains', 'on_battery', 'low_battery', 'battery_charging', 'unknown'] as const;
export type PowerState = (typeof POWER_STATES)[number];

export interface PowerThresholds {
  lowChargePct: number;
  lowRuntimeS: number;
  resumeChargePct: number;
}

/** Whether the battery is too low to go on, by the UPS's own flags or by the configured thresholds. */
export function batteryLow(r: PowerReading, t: PowerThresholds): boolean {
  if (r.forcedShutdown) return true;
  if (!r.onBattery) return false;
  if (r.lowBattery) return true;
  if (r.chargePct !== null && r.chargePct < t.lowChargePct) return true;
  return r.runtimeS !== null && r.runtimeS < t.lowRuntimeS;
}

/**
 * The next state from a reading and the last known state (`unknown` at boot). Back on mains the
 * kiosk waits for `resumeChargePct` after an outage and at boot, so a second cut soon after does
 * not catch a print on an empty battery; once serving on mains, a falling charge alone does not
 * close it (the UPS is charging, or its gauge is off).
 */
export function nextPowerState(last: PowerState, r: PowerReading, t: PowerThresholds): PowerState {
  if (batteryLow(r, t)) return 'low_battery';
  if (r.onBattery) return 'on_battery';
  const short = r.chargePct !== null && r.chargePct < t.resumeChargePct;
  if (last === 'mains') return 'mains';
  return short ? 'battery_charging' : 'mains';
}

/** Whether citizens may start a session in this state (`unknown` keeps whatever held before). */
export function holdsService(state: PowerState): boolean {
  return state === 'on_battery' || state === 'low_battery' || state === 'battery_charging';
}
