import type { Database, Statement } from 'better-sqlite3';
import type { DeviceStatus } from '../../core/device-status.ts';

/** Counters a technician reads per device. They live in the store, so a restart does not zero them. */
export interface DeviceCounters {
  statusChanges: number;
  errors: number;
  selfTests: number;
  selfTestsFailed: number;
  testPrints: number;
  testPrintsFailed: number;
}

export interface DeviceError {
  at: string;
  state: DeviceStatus['device'];
  paper?: DeviceStatus['paper'];
  media?: DeviceStatus['media'];
  reasons: string[];
  detail?: string;
}

export interface DeviceRecord {
  counters: DeviceCounters;
  lastError: DeviceError | null;
}

const ZERO: DeviceCounters = { statusChanges: 0, errors: 0, selfTests: 0, selfTestsFailed: 0, testPrints: 0, testPrintsFailed: 0 };
const DOWN = new Set<DeviceStatus['device']>(['offline', 'powerOff', 'noDevice', 'hardwareError', 'userError']);

/** A status a technician must act on: the device is down or broken, out of paper, or jammed. */
export function isErrorStatus(s: DeviceStatus): boolean {
  return DOWN.has(s.device) || s.paper === 'out' || s.paper === 'jammed' || s.media === 'jammed';
}

export class DeviceLog {
  readonly #get: Statement<[string], { counters: string; lastError: string | null }>;
  readonly #put: Statement<[string, string, string | null, string]>;
  readonly #inError = new Map<string, boolean>();

  constructor(
    db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.#get = db.prepare('SELECT counters, last_error AS lastError FROM maintenance_device WHERE id = ?');
    this.#put = db.prepare(
      'INSERT INTO maintenance_device (id, counters, last_error, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET counters = excluded.counters, last_error = excluded.last_error, updated_at = excluded.updated_at',
    );
  }

  get(id: string): DeviceRecord {
    const row = this.#get.get(id);
    if (!row) return { counters: { ...ZERO }, lastError: null };
    let counters: DeviceCounters = { ...ZERO };
    let lastError: DeviceError | null = null;
    try {
      counters = { ...ZERO, ...(JSON.parse(row.counters) as Partial<DeviceCounters>) };
      lastError = row.lastError === null ? null : (JSON.parse(row.lastError) as DeviceError);
    } catch {
      // A damaged row only loses counters; it must not stop the maintenance screens.
    }
    return { counters, lastError };
  }

  #save(id: string, r: DeviceRecord): void {
    this.#put.run(id, JSON.stringify(r.counters), r.lastError === null ? null : JSON.stringify(r.lastError), this.now().toISOString());
  }

  /** A status change seen: counted, and remembered as the last error when it is a new one. */
  status(id: string, s: DeviceStatus): void {
    const r = this.get(id);
    r.counters.statusChanges++;
    const bad = isErrorStatus(s);
    // Only the step into an error counts; a jammed printer re-reporting its jam is the same error.
    if (bad && !this.#inError.get(id)) {
      r.counters.errors++;
      r.lastError = {
        at: s.since,
        state: s.device,
        reasons: s.reasons.slice(0, 10),
        ...(s.paper !== undefined ? { paper: s.paper } : {}),
        ...(s.media !== undefined ? { media: s.media } : {}),
        ...(s.detail !== undefined ? { detail: s.detail.slice(0, 300) } : {}),
      };
    }
    this.#inError.set(id, bad);
    this.#save(id, r);
  }

  count(id: string, what: 'selfTest' | 'testPrint', passed: boolean): DeviceCounters {
    const r = this.get(id);
    if (what === 'selfTest') {
      r.counters.selfTests++;
      if (!passed) r.counters.selfTestsFailed++;
    } else {
      r.counters.testPrints++;
      if (!passed) r.counters.testPrintsFailed++;
    }
    this.#save(id, r);
    return r.counters;
  }
}
