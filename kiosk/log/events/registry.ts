import { defineEvents } from './define.ts';

/** The registry: embedded SQLite population data, the HTTP adapter to a central system, and `adm registry serve`. */
export const registryEvents = defineEvents({
  'registry.opened': { level: 'info', meaning: 'The registry is ready: embedded (file and schema version) or HTTP (base URL).' },
  'registry.open_failed': { level: 'fatal', meaning: 'The embedded registry file could not be opened (damaged, too new, unreadable); it is left in place.' },
  'registry.seeded': { level: 'info', meaning: 'An empty embedded registry was filled with the demo set and generated families.' },
  'registry.claimed': { level: 'info', meaning: 'A document was reserved for a kiosk ledger id after its PIN or QR checked out.' },
  'registry.claim_refused': { level: 'info', meaning: 'A claim was refused; the code says why (wrong_pin, locked, already_claimed, not_printable_yet, ...).' },
  'registry.document_locked': { level: 'warn', meaning: 'A document locked after 3 wrong PINs; the citizen must ask Disdukcapil for a new PIN.' },
  'registry.signin_locked': { level: 'warn', meaning: 'A citizen\'s login PIN locked after 3 wrong tries, until the time given.' },
  'registry.confirmed': { level: 'info', meaning: 'A claimed document was confirmed printed: it will never print again.' },
  'registry.released': { level: 'info', meaning: 'A claim was released: the entitlement is back with the citizen.' },
  'registry.superseded': { level: 'info', meaning: 'A civil status change superseded KK/KTP-el documents and issued new ones.' },
  'registry.call_retry': { level: 'warn', meaning: 'An idempotent call to the central registry failed and is retried after a backoff with jitter.' },
  'registry.call_failed': { level: 'warn', meaning: 'A call to the central registry failed for good (unavailable, timeout or bad response).' },
  'registry.breaker_opened': { level: 'error', meaning: 'The central registry failed repeatedly: calls fail fast as unavailable until the cooldown ends.' },
  'registry.breaker_closed': { level: 'info', meaning: 'A probe call succeeded: the central registry is reachable again.' },
  'registry.server_listening': { level: 'info', meaning: '`adm registry serve` listens and serves the embedded registry over the registry API.' },
  'registry.server_rejected': { level: 'warn', meaning: 'The registry server refused a malformed or oversized request.' },
  'registry.link_down': { level: 'error', meaning: 'The central registry has not been reached for longer than registry.unreachableAfterMs: the kiosk stops taking new citizens and says why.' },
  'registry.link_up': { level: 'info', meaning: 'The central registry answered again after the link was down; the kiosk serves again.' },
  'registry.server_failed': { level: 'error', meaning: 'A registry server handler threw; the client got a 500.' },
});
