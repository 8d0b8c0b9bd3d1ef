import { defineEvents } from './define.ts';

/** Boot, configuration, HTTP server and shutdown. */
export const kioskEvents = defineEvents({
  'kiosk.starting': { level: 'info', meaning: 'The runtime is starting with the given version and configuration summary.' },
  'kiosk.data_modes_narrowed': { level: 'warn', meaning: 'Files or folders in the data directory were readable by others than the runtime; their modes were set to 0600/0700 at boot.' },
  'kiosk.ready': { level: 'info', meaning: 'Boot finished: the kiosk answers HTTP and shows the citizen UI.' },
  'kiosk.boot_failed': { level: 'fatal', meaning: 'Boot stopped before the kiosk opened; the error says which step.' },
  'kiosk.shutdown_requested': { level: 'info', meaning: 'A signal (`signal`) or the kiosk itself (`reason`, e.g. low-battery) asked the runtime to stop.' },
  'kiosk.shutdown_step': { level: 'debug', meaning: 'One shutdown step finished.' },
  'kiosk.shutdown_step_failed': { level: 'error', meaning: 'A shutdown step failed or ran out of time; shutdown went on.' },
  'kiosk.bus_listener_failed': { level: 'error', meaning: 'An area threw while hearing an event on the kiosk bus (a bug in that area); the other listeners still heard it.' },
  'kiosk.stopped': { level: 'info', meaning: 'Everything is closed; the process exits.' },
  'config.loaded': { level: 'info', meaning: 'Configuration read and validated; says which file and which environment overrides applied.' },
  'http.listening': { level: 'info', meaning: 'The HTTP server listens on the given address.' },
  'http.request_refused': { level: 'warn', meaning: 'A request came from outside loopback or with a Host that is not the kiosk\'s own (DNS rebinding); refused.' },
  'http.request_failed': { level: 'error', meaning: 'An HTTP handler threw; the client got a 500.' },
  'ws.rejected': { level: 'warn', meaning: 'A WebSocket upgrade was refused; the reason says why.' },
  'bug.unhandled': { level: 'fatal', meaning: 'An exception nobody caught: a defect in the runtime.' },
});
