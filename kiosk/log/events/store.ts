import { defineEvents } from './define.ts';

/** The local SQLite store: opening, migrations, integrity. */
export const storeEvents = defineEvents({
  'store.opened': { level: 'info', meaning: 'A SQLite database opened, in WAL mode, at the given schema version.' },
  'store.migrated': { level: 'info', meaning: 'A numbered migration ran and was recorded in PRAGMA user_version.' },
  'store.too_new': { level: 'fatal', meaning: 'The database was written by a newer version of the runtime; it is left untouched.' },
  'store.corrupt': { level: 'fatal', meaning: 'The database file failed its integrity check; it is left in place for a technician.' },
  'store.closed': { level: 'info', meaning: 'The database was checkpointed and closed.' },
  'journal.appended': { level: 'debug', meaning: 'A journal row was written.' },
});
