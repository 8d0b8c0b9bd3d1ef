import { defineEvents } from './define.ts';

/** The UPS (through NUT's upsd) and what the kiosk does about the power. */
export const powerEvents = defineEvents({
  'ups.status_changed': { level: 'info', meaning: 'The UPS as a device changed state (XFS4IoT state, reasons such as on-battery, replace-battery, data-stale).' },
  'ups.unavailable': { level: 'warn', meaning: 'No reading from the UPS (upsd unreachable, refused, its driver gone or data stale): a device fault, not a power event; the kiosk keeps its last power decision.' },
  'ups.retrying': { level: 'debug', meaning: 'Connecting to upsd or its first answers failed; the supervisor tries again after the given delay.' },
  'ups.config_invalid': { level: 'error', meaning: 'The UPS could not be set up from configuration (e.g. devices.ups.passwordFile unreadable); the kiosk runs without it.' },
  'power.changed': { level: 'warn', meaning: 'The power state changed (mains, on_battery, low_battery, battery_charging); fields give the UPS flags, charge and runtime left.' },
  'power.low_battery_stop': { level: 'warn', meaning: 'The battery is low: the kiosk waits for a print under way (at most devices.ups.lowBatteryDrainMs) and then stops.' },
  'power.off_requested': { level: 'warn', meaning: 'The kiosk stopped for low battery and started devices.ups.powerOffCommand once (detached; the shutdown does not wait for it), or says why it could not.' },
  'power.off_command_ended': { level: 'info', meaning: 'The power-off command ended (exit code or signal), or ran past devices.ups.powerOffTimeoutMs; logged only if the kiosk process is still there.' },
  'power.off_unconfigured': { level: 'warn', meaning: 'The kiosk stopped for low battery but devices.ups.powerOffCommand is empty: powering off is left to upsmon.' },
});
