import type { KioskLogger } from '../log/logger.ts';
import type { Registry } from '../../core/registry.ts';
import type { LedgerRow, PrintLedger } from '../store/print-ledger.ts';

/*
 * Telling the registry each final outcome (confirm printed, or release) and recording that it was
 * told. Both calls are idempotent per ledger id, so a crash between the call and the record only
 * repeats the call. Outcomes the registry could not take wait in the ledger (`registry_sync =
 * 'pending'`) and are sent again by the periodic sync.
 */

export type RegistryOutcomes = Pick<Registry, 'confirmPrinted' | 'release'> & Partial<Pick<Registry, 'claimStatus'>>;

export interface SyncReport {
  synced: number;
  failed: number;
}

interface SyncOptions {
  signal?: AbortSignal;
  log?: KioskLogger;
}

/**
 * An unclear answer (`not_claimed`, `not_found`) is checked against what the registry holds for the
 * ledger id before the row counts as told: a release is done when the ledger id is released
 * (tombstoned) or holds nothing; a confirm answered `not_claimed` is a conflict a person must see.
 */
async function settledAfterAll(registry: RegistryOutcomes, row: LedgerRow, options: SyncOptions): Promise<boolean> {
  if (!registry.claimStatus) return row.state === 'released';
  const s = await registry.claimStatus(row.applicationId, row.id, options.signal ? { signal: options.signal } : {});
  if (!s.ok) return false;
  if (row.state === 'released') return s.value.state === 'released' || s.value.state === 'none';
  options.log?.event('print.registry_conflict', { ledgerId: row.id, applicationId: row.applicationId, outcome: row.state, registryState: s.value.state });
  return s.value.state === 'printed';
}

/** Tells the registry one row's final outcome; returns whether the registry acknowledged. */
export async function syncRow(ledger: PrintLedger, registry: RegistryOutcomes, row: LedgerRow, options: SyncOptions = {}): Promise<boolean> {
  if (row.registrySync !== 'pending') return row.registrySync === 'done';
  const call = options.signal ? { signal: options.signal } : {};
  const r = row.state === 'printed' ? await registry.confirmPrinted(row.applicationId, row.id, call) : await registry.release(row.applicationId, row.id, row.reason ?? 'not printed', call);
  const done = r.ok || ((r.error.code === 'not_claimed' || r.error.code === 'not_found') && (await settledAfterAll(registry, row, options)));
  if (done) {
    ledger.markRegistrySynced(row.id);
    options.log?.event('print.registry_synced', { ledgerId: row.id, applicationId: row.applicationId, outcome: row.state });
    return true;
  }
  options.log?.event('print.registry_sync_failed', { ledgerId: row.id, applicationId: row.applicationId, outcome: row.state, code: r.ok ? 'conflict' : r.error.code, error: r.ok ? 'registry holds another state' : r.error.message });
  return false;
}

/** Tells the registry every final outcome it has not acknowledged yet. */
export async function syncRegistry(ledger: PrintLedger, registry: RegistryOutcomes, options: SyncOptions = {}): Promise<SyncReport> {
  const report: SyncReport = { synced: 0, failed: 0 };
  for (const row of ledger.pendingRegistrySync()) {
    if (options.signal?.aborted) break;
    if (await syncRow(ledger, registry, row, options)) report.synced++;
    else report.failed++;
  }
  return report;
}

/** The periodic sync: owed outcomes now, then every `intervalMs`; one run at a time. */
export class RegistrySync {
  #timer: NodeJS.Timeout | null = null;
  #running = false;
  #stopped = false;

  constructor(
    private readonly ledger: PrintLedger,
    private readonly log?: KioskLogger,
  ) {}

  start(registry: RegistryOutcomes, intervalMs = 60_000): void {
    this.stop();
    this.#stopped = false;
    const run = async () => {
      if (this.#running || this.#stopped || this.ledger.pendingRegistrySync().length === 0) return;
      this.#running = true;
      try {
        await syncRegistry(this.ledger, registry, this.log ? { log: this.log } : {});
      } finally {
        this.#running = false;
      }
    };
    this.#timer = setInterval(() => void run(), intervalMs);
    this.#timer.unref();
    void run();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}
