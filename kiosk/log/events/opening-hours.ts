import { defineEvents } from './define.ts';

/** Opening hours: the kiosk closes and opens by its schedule, and the host may sleep in between. */
export const openingHoursEvents = defineEvents({
  'hours.opened': { level: 'info', meaning: 'The kiosk opened by its schedule; it closes at the time given.' },
  'hours.closed': { level: 'info', meaning: 'The kiosk closed by its schedule (a session under way finishes first); it opens again at the time given.' },
  'hours.clock_jumped': { level: 'warn', meaning: 'The wall clock moved further than time passed (NTP, RTC, a person): open or closed was worked out again from the new time.' },
  'hours.power_off_planned': { level: 'info', meaning: 'The host will power off for the closure and the RTC will wake it before opening (rtcwake), at the times given.' },
  'hours.power_off_refused': { level: 'warn', meaning: 'Powering off for the night was not done (a session or print under way, the kiosk open, the closure too short, or rtcwake failed); the reason says which.' },
});
