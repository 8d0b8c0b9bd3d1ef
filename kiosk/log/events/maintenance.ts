import { defineEvents } from './define.ts';

/** Maintenance mode: the technician's entry, sign-in, actions and exit (docs/maintenance.md). */
export const maintenanceEvents = defineEvents({
  'maintenance.entry_requested': { level: 'info', meaning: 'The hidden entry (corner gesture, long press) or the maintenance page asked for maintenance: the citizen flow is being parked.' },
  'maintenance.entered': { level: 'info', meaning: 'The citizen flow is parked (no print under way); the sign-in screen is open.' },
  'maintenance.signed_in': { level: 'info', meaning: 'A technician signed in (by PIN or by an allow-listed e-KTP and fingerprint); the reference is masked.' },
  'maintenance.sign_in_refused': { level: 'warn', meaning: 'A sign-in attempt was refused: wrong or malformed PIN, locked, not a technician, finger mismatch, reader problem.' },
  'maintenance.pin_locked': { level: 'warn', meaning: 'Five wrong technician PINs: PIN entry is locked for 15 minutes.' },
  'maintenance.exit_requested': { level: 'info', meaning: 'Maintenance is ending (technician left, sign-in or idle time-out, session expiry, a print that did not finish, shutdown).' },
  'maintenance.left': { level: 'info', meaning: 'Maintenance ended; citizens are back unless the technician left the kiosk out of service.' },
  'maintenance.recovered': { level: 'warn', meaning: 'The kiosk started with a maintenance hold left over from a stop during maintenance; the hold was released.' },
  'maintenance.action': { level: 'info', meaning: 'A technician did something (self-test, test print, refill, reconciliation, out-of-service switch, export); it is in the audit trail.' },
  'maintenance.action_failed': { level: 'warn', meaning: 'A technician action ended with a typed failure (printer not ready, invalid level, wrong ledger state, no drive…).' },
  'maintenance.request_refused': { level: 'warn', meaning: 'A request to the maintenance API was refused before it reached an action: foreign host or origin, not loopback, no or expired session, too large, too many.' },
});
