import { defineEvents } from './define.ts';

/** Opening hours: the kiosk closes and opens by its schedule. */
export const openingHoursEvents = defineEvents({
  'hours.opened': { level: 'info', meaning: 'The kiosk opened by its schedule; it closes at the time given.' },
  'hours.closed': { level: 'info', meaning: 'The kiosk closed by its schedule (a session under way finishes first); it opens again at the time given.' },
  'hours.clock_jumped': { level: 'warn', meaning: 'The wall clock moved further than time passed (NTP, RTC, a person): open or closed was worked out again from the new time.' },
  'hours.check_failed': { level: 'error', meaning: 'Working out open or closed threw (a bug); the kiosk keeps its last state and looks again at the next interval.' },
});
