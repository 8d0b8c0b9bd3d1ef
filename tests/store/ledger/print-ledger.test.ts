import { describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from '../../../kiosk/store/open-database.ts';
import { kioskMigrations } from '../../../kiosk/store/migrations/index.ts';
import { PrintLedger } from '../../../kiosk/store/print-ledger.ts';
import { tempDir } from '../../support/temp-dir.ts';

function ledger(now = () => new Date('2024-05-01T08:00:00.000Z')) {
  const opened = openDatabase({ path: ':memory:', migrations: kioskMigrations });
  if (!opened.ok) throw new Error(opened.error.message);
  return { db: opened.value.db, ledger: new PrintLedger(opened.value.db, now) };
}

const NEW = { applicationId: 'APP-1', documentType: 'kk', subjectRef: 'ref-1', printer: 'a4' as const };

describe('print ledger', () => {
  it('walks claimed → rendered → (submitting) → submitted → printed, with history, and decrements A4 sheets', () => {
    const { ledger: l } = ledger();
    const row = l.create(NEW);
    if (!row.ok) throw new Error(row.error.message);
    expect(row.value).toMatchObject({ state: 'claimed', printer: 'a4', registrySync: 'none', jobId: null, submitStartedAt: null });
    expect(l.markRendered(row.value.id, 2).ok).toBe(true);
    const intent = l.markSubmitting(row.value.id, 'ipp://p/ipp/print', `adm-${row.value.id}`);
    expect(intent.ok && intent.value).toMatchObject({ state: 'rendered', jobName: `adm-${row.value.id}`, submitStartedAt: '2024-05-01T08:00:00.000Z' });
    // The intent is written once: a second Print-Job for the same row is refused here.
    expect(l.markSubmitting(row.value.id, 'ipp://p/ipp/print', 'x').ok).toBe(false);
    expect(l.markSubmitted(row.value.id, 17).ok).toBe(true);
    const before = l.consumables.get('a4-sheets')?.level ?? 0;
    const printed = l.markPrinted(row.value.id, { reason: 'job 17 completed', sheets: null });
    expect(printed.ok && printed.value.row).toMatchObject({ state: 'printed', jobId: 17, registrySync: 'pending', reason: 'job 17 completed' });
    expect(l.consumables.get('a4-sheets')?.level).toBe(before - 2);
    expect(l.pendingRegistrySync().map((r) => r.id)).toEqual([row.value.id]);
    l.markRegistrySynced(row.value.id);
    expect(l.get(row.value.id)?.registrySync).toBe('done');
    expect(l.history(row.value.id).map((h) => `${h.from ?? '-'}>${h.to}`)).toEqual(['->claimed', 'claimed>rendered', 'rendered>rendered', 'rendered>submitted', 'submitted>printed']);
  });

  it('refuses a second live row for the same document, allows a new one after release', () => {
    const { ledger: l } = ledger();
    const first = l.create(NEW);
    if (!first.ok) throw new Error('create');
    const second = l.create(NEW);
    expect(!second.ok && second.error).toMatchObject({ code: 'already_live', existingId: first.value.id });
    expect(l.markReleased(first.value.id, 'render failed').ok).toBe(true);
    expect(l.create(NEW).ok).toBe(true);
  });

  it('holds printed and unknown documents: no new row', () => {
    const { ledger: l } = ledger();
    const a = l.create(NEW);
    if (!a.ok) throw new Error('create');
    l.markRendered(a.value.id, 1);
    expect(l.markUnknown(a.value.id, 'printer silent').ok).toBe(true);
    expect(l.create(NEW).ok).toBe(false);
  });

  it('moves only along the allowed edges; final rows never move', () => {
    const { ledger: l } = ledger();
    const r = l.create(NEW);
    if (!r.ok) throw new Error('create');
    const id = r.value.id;
    expect(l.markSubmitted(id, 1)).toMatchObject({ ok: false, error: { code: 'wrong_state', state: 'claimed' } });
    expect(l.markPrinted(id, { reason: 'x', sheets: 1 })).toMatchObject({ ok: false, error: { code: 'wrong_state' } });
    expect(l.markFailed(id, 'registry refused: wrong_pin').ok).toBe(true);
    for (const move of [() => l.markReleased(id, 'x'), () => l.markUnknown(id, 'x'), () => l.markRendered(id, 1)]) {
      expect(move()).toMatchObject({ ok: false, error: { code: 'wrong_state', state: 'failed' } });
    }
    expect(l.markReleased('no-such-row', 'x')).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(l.get(id)?.registrySync).toBe('none');
  });

  it('an unknown print leaves only by a technician decision, recorded with who decided', () => {
    const { ledger: l } = ledger();
    const make = (app: string) => {
      const r = l.create({ ...NEW, applicationId: app, printer: 'card' });
      if (!r.ok) throw new Error('create');
      l.markRendered(r.value.id, 1);
      l.markSubmitting(r.value.id, 'ipp://c', 'n');
      l.markSubmitted(r.value.id, 3);
      l.markUnknown(r.value.id, 'printer restarted');
      return r.value.id;
    };
    const a = make('APP-A');
    const b = make('APP-B');
    expect(l.markPrinted(a, { reason: 'x', sheets: 1 }).ok).toBe(false);
    const blanko = l.consumables.get('card-blanko')?.level ?? 0;
    expect(l.resolve(a, 'printed', 'tech-7', 'card found in the tray')).toMatchObject({ ok: true, value: { state: 'printed', resolvedBy: 'tech-7', registrySync: 'pending' } });
    expect(l.consumables.get('card-blanko')?.level).toBe(blanko - 1);
    expect(l.resolve(b, 'released', 'tech-7', 'tray empty')).toMatchObject({ ok: true, value: { state: 'released', reason: 'technician: tray empty' } });
    expect(l.resolve(a, 'released', 'tech-7', 'again')).toMatchObject({ ok: false, error: { code: 'wrong_state', state: 'printed' } });
  });

  it('lists unfinished rows for boot, and counts by state', () => {
    const { ledger: l } = ledger();
    const ids = ['A', 'B', 'C', 'D'].map((a) => {
      const r = l.create({ ...NEW, applicationId: a });
      if (!r.ok) throw new Error('create');
      return r.value.id;
    });
    l.markRendered(ids[1] as string, 1);
    l.markFailed(ids[2] as string, 'wrong pin');
    l.markReleased(ids[3] as string, 'x');
    expect(l.unfinished().map((r) => r.state).sort()).toEqual(['claimed', 'rendered']);
    expect(l.counts()).toMatchObject({ claimed: 1, rendered: 1, failed: 1, released: 1, printed: 0 });
    expect(l.list({ state: 'failed' }).map((r) => r.id)).toEqual([ids[2]]);
  });

  it('a committed move survives the process: the file has it after reopening', () => {
    const dir = tempDir('ledger');
    try {
      const path = `${dir.path}/kiosk.sqlite`;
      const opened = openDatabase({ path, migrations: kioskMigrations });
      if (!opened.ok) throw new Error('open');
      const l = new PrintLedger(opened.value.db);
      const r = l.create(NEW);
      if (!r.ok) throw new Error('create');
      l.markRendered(r.value.id, 1);
      // No close, no checkpoint: as after kill -9, the WAL holds the commit.
      const other = new BetterSqlite3(path, { readonly: true });
      expect((other.prepare('SELECT state FROM print_ledger WHERE id = ?').get(r.value.id) as { state: string }).state).toBe('rendered');
      other.close();
      opened.value.db.close();
    } finally {
      dir.remove();
    }
  });

  it('the schema refuses a submitted row without a job id and an unknown printer', () => {
    const { db } = ledger();
    const insert = (state: string, printer: string, jobId: number | null) =>
      db.prepare(`INSERT INTO print_ledger (id, application_id, document_type, subject_ref, state, printer, job_id, created_at, updated_at) VALUES (?, 'X', 'kk', 'r', ?, ?, ?, 't', 't')`).run(`${state}${printer}${jobId}`, state, printer, jobId);
    expect(() => insert('submitted', 'a4', null)).toThrow(/CHECK/);
    expect(() => insert('claimed', 'laser', null)).toThrow(/CHECK/);
  });
});
