import { describe, expect, it } from 'vitest';
import { syncRow } from '../../kiosk/printing/registry-sync.ts';
import type { ClaimState, RegistryError } from '../../core/registry.ts';
import { err, ok, type Result } from '../../core/result.ts';
import { kioskMigrations } from '../../kiosk/store/migrations/index.ts';
import { openDatabase } from '../../kiosk/store/open-database.ts';
import { PrintLedger } from '../../kiosk/store/print-ledger.ts';
import { memoryLogger } from '../fleet/support/harness.ts';

/*
 * A central system's unclear answers (`not_claimed`) are checked with `claims/status` before a row
 * counts as told: a release is done only when the ledger id is released (tombstoned) or holds
 * nothing; a confirm the registry does not know is a conflict someone must see, never "done".
 */

function ledgerWith(state: 'printed' | 'released') {
  const db = openDatabase({ path: ':memory:', migrations: kioskMigrations });
  if (!db.ok) throw new Error(db.error.message);
  const ledger = new PrintLedger(db.value.db);
  const row = ledger.create({ applicationId: 'APP-1', documentType: 'kk', subjectRef: 'ref', printer: 'a4' });
  if (!row.ok) throw new Error(row.error.message);
  ledger.markRendered(row.value.id, 1);
  ledger.markSubmitting(row.value.id, 'ipp://localhost/ipp/print', `adm-${row.value.id}`);
  ledger.markSubmitted(row.value.id, 3);
  const moved = state === 'printed' ? ledger.markPrinted(row.value.id, { reason: 'completed', sheets: 1 }) : ledger.markReleased(row.value.id, 'aborted');
  if (!moved.ok) throw new Error(moved.error.message);
  return { ledger, id: row.value.id };
}

const central = (held: ClaimState['state']) => {
  const calls: string[] = [];
  const notClaimed = async (): Promise<Result<void, RegistryError>> => err({ code: 'not_claimed', message: 'no live claim' });
  return {
    calls,
    registry: {
      confirmPrinted: (...a: unknown[]) => (calls.push(`confirm ${String(a[1])}`), notClaimed()),
      release: (...a: unknown[]) => (calls.push(`release ${String(a[1])}`), notClaimed()),
      claimStatus: async (): Promise<Result<ClaimState, RegistryError>> => (calls.push('status'), ok({ state: held })),
    },
  };
};

describe('telling the registry when its answer is unclear', () => {
  it('a release answered not_claimed is done once the registry shows the ledger id released or holding nothing', async () => {
    for (const held of ['released', 'none'] as const) {
      const { ledger, id } = ledgerWith('released');
      const c = central(held);
      expect(await syncRow(ledger, c.registry, ledger.get(id) ?? (undefined as never))).toBe(true);
      expect(c.calls).toEqual([`release ${id}`, 'status']);
      expect(ledger.get(id)?.registrySync).toBe('done');
    }
  });

  it('a release answered not_claimed while the registry still holds the claim stays owed', async () => {
    const { ledger, id } = ledgerWith('released');
    const c = central('claimed');
    expect(await syncRow(ledger, c.registry, ledger.get(id) ?? (undefined as never))).toBe(false);
    expect(ledger.get(id)?.registrySync).toBe('pending');
  });

  it('a confirm the registry does not hold is a conflict, logged and kept owed, never taken as told', async () => {
    const { ledger, id } = ledgerWith('printed');
    const c = central('released');
    const { log, lines } = await memoryLogger();
    expect(await syncRow(ledger, c.registry, ledger.get(id) ?? (undefined as never), { log })).toBe(false);
    expect(ledger.get(id)?.registrySync).toBe('pending');
    expect(lines.some((l) => l.event === 'print.registry_conflict' && l['registryState'] === 'released')).toBe(true);
  });
});
