import type { Migration } from '../migration.ts';
import { journal } from './001-journal.ts';
import { printLedger } from './002-print-ledger.ts';
import { fleetOutbox } from './003-fleet-outbox.ts';
import { maintenance } from './004-maintenance.ts';
import { printReview } from './005-print-review.ts';

/** The kiosk store's migrations, in order. Add a new file with the next number; never edit a shipped one. */
export const kioskMigrations: readonly Migration[] = [journal, printLedger, fleetOutbox, maintenance, printReview];
