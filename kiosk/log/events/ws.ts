import { defineEvents } from './define.ts';

/** The touch UI's socket and pages. Connection ids and reasons only; never what the citizen typed. */
export const wsEvents = defineEvents({
  'ws.connected': { level: 'info', meaning: 'The kiosk browser opened the UI socket (secret, Host and Origin checked).' },
  'ws.disconnected': { level: 'info', meaning: 'The UI socket closed; code and reason say why. The session goes on and a reload resumes it.' },
  'ws.bad_message': { level: 'warn', meaning: 'A message on the UI socket was not valid protocol; it got an error reply and was ignored.' },
  'ws.rate_limited': { level: 'warn', meaning: 'The UI socket sent faster than a person can touch; extra messages were dropped (logged once per burst).' },
  'ws.closed_abusive': { level: 'warn', meaning: 'The UI socket was closed for flooding, an oversized message or not reading what it was sent.' },
  'ui.launch_urls': { level: 'info', meaning: 'Where the touch UI (and in simulator mode the dev panel) is served; the secrets are not logged.' },
  'ui.request_refused': { level: 'warn', meaning: 'An HTTP request for a UI page was refused (wrong Host header: DNS rebinding or a foreign client).' },
});
