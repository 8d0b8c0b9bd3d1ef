import { defineEvents } from './define.ts';

/** Running as firmware: the service manager (sd_notify, watchdog), the boot self-test and updates. */
export const firmwareEvents = defineEvents({
  'firmware.notify_unavailable': { level: 'warn', meaning: 'NOTIFY_SOCKET is set but cannot be used; the kiosk runs on, but systemd will not see it become ready.' },
  'firmware.notify_failed': { level: 'warn', meaning: 'A message to the service manager could not be sent (reported once per kind of failure).' },
  'firmware.ready_notified': { level: 'info', meaning: 'READY=1 went to the service manager: the kiosk is open.' },
  'firmware.watchdog_started': { level: 'info', meaning: 'WATCHDOG=1 pings run from the event loop at the given interval; a hung loop stops them and systemd restarts the kiosk.' },
  'firmware.watchdog_misconfigured': { level: 'warn', meaning: 'WATCHDOG_USEC could not be read; the watchdog stays off.' },
  'firmware.self_test_passed': { level: 'info', meaning: 'Boot self-test: the store and every device are sound; every document type can be printed.' },
  'firmware.self_test_degraded': { level: 'warn', meaning: 'Boot self-test: the store is sound but some devices are not; the listed document types are closed until they recover.' },
  'firmware.self_test_failed': { level: 'error', meaning: 'Boot self-test: the store is not sound; the kiosk stays out of service.' },
  'firmware.launch_url_written': { level: 'info', meaning: 'The kiosk browser launch URL (with its per-boot secret) was written to the runtime directory for the browser session.' },
  'firmware.launch_url_failed': { level: 'error', meaning: 'The launch URL file could not be written; the kiosk browser session cannot open the UI.' },
  'update.verified': { level: 'info', meaning: 'An update bundle carries a valid vendor signature and every file matches its signed manifest.' },
  'update.refused': { level: 'error', meaning: 'An update bundle was refused (unsigned, wrongly signed, tampered, malformed, or older than the installed version without a rollback permit); nothing was changed.' },
  'update.rollback_permitted': { level: 'warn', meaning: 'An older version is being installed under a vendor-signed rollback permit that names it.' },
  'update.installed': { level: 'info', meaning: 'A verified bundle was unpacked into the inactive install slot.' },
  'update.trial_failed': { level: 'error', meaning: "The new version failed its self-test on a copy of the store; the kiosk stays on the running version, the store untouched." },
  'update.switched': { level: 'info', meaning: 'The `current` link now points at the new version, with the migrated store copy in place and the old store set aside.' },
  'update.confirmed': { level: 'info', meaning: 'The new version reported healthy within the time allowed; the update is final.' },
  'update.rolled_back': { level: 'error', meaning: 'The new version did not report healthy in time; the previous version and its untouched store are back.' },
  'update.rollback_failed': { level: 'fatal', meaning: 'Rolling back failed; a technician must restore the previous version by hand (see docs/install.md).' },
});
