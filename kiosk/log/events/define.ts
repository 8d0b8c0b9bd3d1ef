/** One entry of the log catalog: a stable dotted name, its level, and what it means for whoever reads the journal. */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

export interface LogEventSpec {
  readonly level: LogLevel;
  readonly meaning: string;
}

/** Keeps literal names so `log.event()` only accepts names that are in the catalog. */
export function defineEvents<const T extends Record<string, LogEventSpec>>(events: T): T {
  return events;
}
