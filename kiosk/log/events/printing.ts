import { defineEvents } from './define.ts';

/** The print pipeline and the print ledger. Ledger ids and application ids only; never a NIK or a name. */
export const printingEvents = defineEvents({
  'print.claimed': { level: 'info', meaning: 'A ledger row was created and the registry reserved the document for it.' },
  'print.claim_refused': { level: 'info', meaning: 'The registry refused the claim (wrong PIN, already printed, …); the ledger row is failed and nothing is held.' },
  'print.rendered': { level: 'info', meaning: 'The document was rendered to PDF; the ledger row is rendered.' },
  'print.submitted': { level: 'info', meaning: 'The printer accepted the job; the ledger row holds the printer URI and job id.' },
  'print.printed': { level: 'info', meaning: 'The printer reported the job completed; the ledger row is printed and the registry will be told.' },
  'print.released': { level: 'info', meaning: 'The print did not happen (aborted, canceled, never submitted); the entitlement goes back to the citizen.' },
  'print.failed': { level: 'warn', meaning: 'A print step failed before anything was held or sent; the ledger row is failed.' },
  'print.unknown': { level: 'warn', meaning: 'Whether the document printed cannot be known; the row waits for a technician and is never retried automatically.' },
  'print.resolved': { level: 'info', meaning: 'A technician decided an unknown print: printed or released.' },
  'print.registry_synced': { level: 'info', meaning: 'The registry was told the final outcome of a ledger row (confirm printed or release).' },
  'print.registry_sync_failed': { level: 'warn', meaning: 'Telling the registry a final outcome failed; it is retried later and the entitlement stays reserved meanwhile.' },
  'print.reported_missing': { level: 'warn', meaning: 'The citizen said nothing came out of a print the printer reported completed; the row is up for review (never reprinted automatically) and the fleet is alerted.' },
  'print.review_closed': { level: 'info', meaning: 'A person looked at a print the citizen reported missing and closed its review.' },
  'print.registry_conflict': { level: 'error', meaning: 'The registry holds another state for a ledger id than the ledger (e.g. a printed row whose claim the registry released): a person must look.' },
  'print.resolve_refused': { level: 'warn', meaning: 'A "not printed" answer for an unknown print was refused: the printer could not show that the job ended or is gone, so releasing it could print twice.' },
  'print.reconcile_started': { level: 'info', meaning: 'Boot reconciliation of unfinished ledger rows began; the kiosk stays closed until it ends.' },
  'print.reconciled_row': { level: 'info', meaning: 'One unfinished ledger row was settled at boot; from/to give the states, why the evidence.' },
  'print.reconcile_finished': { level: 'info', meaning: 'Boot reconciliation ended; counts of printed, released and unknown rows.' },
  'consumables.set': { level: 'info', meaning: 'A technician set a consumable counter (A4 sheets, card blanko).' },
  'consumables.low': { level: 'warn', meaning: 'A consumable counter fell to or below its low threshold.' },
});
