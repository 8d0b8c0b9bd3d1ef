import { defineEvents } from './define.ts';

/** The citizen journey. A signed-in citizen appears only as a keyed hash (`citizen`); never a NIK or a name. */
export const journeyEvents = defineEvents({
  'journey.session_started': { level: 'info', meaning: 'A citizen started a session (touched start or tapped an e-KTP).' },
  'journey.signed_in': { level: 'info', meaning: 'The citizen was identified (method: ektp, nik or qr); `citizen` is a keyed hash.' },
  'journey.sign_in_failed': { level: 'info', meaning: 'A sign-in was refused (wrong PIN, locked, not registered, fingerprint locked…).' },
  'journey.print_outcome': { level: 'info', meaning: 'A print ended: printed, refused, not printed (entitlement kept) or unknown (technician).' },
  'journey.session_ended': { level: 'info', meaning: 'The session ended and its data was wiped; reason says how (finished, timed_out, cancelled…).' },
  'journey.crashed': { level: 'error', meaning: 'A defect stopped the session machine; a fresh session was started at the attract screen.' },
});
