import { defineEvents } from './define.ts';

/** Fleet reporting over MQTT: connection, outbox, alerts, commands and the service state. */
export const fleetEvents = defineEvents({
  'fleet.disabled': { level: 'info', meaning: 'No broker URL is configured (fleet.mqttUrl / ADM_MQTT_URL): nothing is published and nothing is queued.' },
  'fleet.enabled': { level: 'info', meaning: 'Fleet reporting starts towards the given broker, with the kiosk topic prefix.' },
  'fleet.command_key_missing': { level: 'warn', meaning: 'fleet.commandPublicKey is unset or not an Ed25519 key: every fleet command will be refused and reported.' },
  'fleet.connected': { level: 'info', meaning: 'Connected to the broker; the retained state says online and the outbox replays what is pending.' },
  'fleet.connect_failed': { level: 'warn', meaning: 'A connection attempt failed (unreachable, refused credentials, timeout); the next one is scheduled with backoff.' },
  'fleet.disconnected': { level: 'warn', meaning: 'The broker connection was lost; events queue in the outbox until it returns.' },
  'fleet.subscribe_refused': { level: 'error', meaning: 'The broker refused the subscription to this kiosk\'s command topic: check its ACL.' },
  'fleet.publish_refused': { level: 'error', meaning: 'The broker refused an outbox message (ACL); the row is kept and counted, not retried.' },
  'fleet.outbox_dropped': { level: 'warn', meaning: 'The outbox was full; the oldest waiting messages were dropped and counted.' },
  'fleet.alert_raised': { level: 'warn', meaning: 'A condition the fleet must see began (paper or blanko low/out, jam, device offline, unknown print…).' },
  'fleet.alert_cleared': { level: 'info', meaning: 'An alert condition ended.' },
  'fleet.source_failed': { level: 'error', meaning: 'Reading a fleet source (devices, ledger, consumables) threw; that part is left out this time.' },
  'fleet.command_accepted': { level: 'info', meaning: 'A signed fleet command was verified and carried out.' },
  'fleet.command_refused': { level: 'warn', meaning: 'A fleet command was refused (forged, replayed, stale, for another kiosk, malformed, or no key configured) and reported.' },
  'fleet.service_changed': { level: 'warn', meaning: 'The kiosk went out of service or back in service; the reason says who (technician, fleet, no printable document).' },
  'fleet.step_failed': { level: 'error', meaning: 'A fleet step threw (a store write on a full disk, a bug); the fleet skips it and the kiosk goes on serving.' },
  'fleet.stopped': { level: 'info', meaning: 'Fleet reporting stopped cleanly; the retained state says offline.' },
});
