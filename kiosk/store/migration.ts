import type { Database } from 'better-sqlite3';

/** A numbered schema change. Versions start at 1 and have no gaps; each runs once, in a transaction. */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}
