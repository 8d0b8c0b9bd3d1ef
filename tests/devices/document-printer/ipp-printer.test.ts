import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IppDocumentPrinter, type IppPrinterOptions } from '../../../devices/document-printer/driver.ts';
import type { JobProgress } from '../../../devices/document-printer/types.ts';
import { freePortInRange, startIppEvePrinter, type IppEvePrinter } from '../../support/ippeveprinter.ts';
import { samplePdf } from './sample-pdf.ts';

// One real IPP Everywhere printer for the file; the print command reacts to the job name. A slow
// job prints until the test lets it finish (the `go` file, at most 30 s), not for a fixed time, so
// a busy machine cannot finish it before the test has acted on it.
const SCRIPT = ['case "$1" in', '  *jam*) echo "STATE: +media-jam" >&2; exit 1;;', '  *slow*) n=0; while [ ! -f {{dir}}/go ] && [ $n -lt 600 ]; do sleep 0.05; n=$((n+1)); done;;', 'esac', 'exit 0'].join('\n');
const letSlowJobsFinish = () => writeFileSync(join(eve.dir, 'go'), '');

let eve: IppEvePrinter;
let pdf: Buffer;

const driver = (over: Partial<IppPrinterOptions> = {}) =>
  new IppDocumentPrinter({ kind: 'a4', uri: eve.uri, media: eve.media, pollIntervalMs: 200, operationTimeoutMs: 3000, jobTimeoutMs: 20_000, jobPollMs: 25, ...over });

beforeAll(async () => {
  eve = await startIppEvePrinter({ kind: 'a4', script: SCRIPT });
  pdf = await samplePdf('a4', 'KARTU KELUARGA (UJI)');
});
afterAll(async () => {
  await eve?.stop();
});
beforeEach(() => rmSync(join(eve.dir, 'go'), { force: true }));

describe('IPP document printer against ippeveprinter', () => {
  it('prints a PDF: status ready, job completed, the same bytes in the spool, job found by name', async () => {
    const p = driver();
    const status = await p.checkReady();
    expect(status.ok && status.value).toMatchObject({ device: 'online', paper: 'full', ready: true, ippState: 'idle', toner: 'full' });
    if (status.ok) expect(status.value.supplies.map((s) => s.type)).toContain('toner');

    const sent = await p.submit({ name: 'adm-good-1', pdf });
    expect(sent.ok).toBe(true);
    if (!sent.ok) return;
    const states: string[] = [];
    const done = await p.watch(sent.value.id, { onProgress: (e) => e.kind === 'state' && states.push(e.job.state) });
    expect(done.ok && done.value).toMatchObject({ id: sent.value.id, name: 'adm-good-1', state: 'completed' });
    expect(states.at(-1)).toBe('completed');

    const spooled = eve.spooled().find((f) => f === `${sent.value.id}-adm-good-1.pdf`);
    expect(spooled).toBeDefined();
    expect(readFileSync(join(eve.spoolDir, spooled ?? '')).equals(pdf)).toBe(true);

    const found = await p.findJobs('adm-good-1');
    expect(found.ok && found.value.map((j) => [j.id, j.state])).toEqual([[sent.value.id, 'completed']]);
    await p.close();
  });

  it('refuses before sending when the tray is empty (paper out), and prints again once refilled', async () => {
    const p = driver();
    await eve.setTrayLevel(0);
    try {
      const r = await p.checkReady();
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('not_ready');
        expect(r.error.status).toMatchObject({ paper: 'out', ready: false, action: 'maintenance' });
        expect(r.error.status?.reasons.join(',')).toMatch(/media-empty/);
      }
      expect(p.status().paper).toBe('out');
    } finally {
      await eve.setTrayLevel(250);
    }
    const again = await p.checkReady();
    expect(again.ok).toBe(true);
    await p.close();
  });

  it('holds a job when the paper runs out after the check, reports it, and completes after the refill', async () => {
    const p = driver();
    expect((await p.checkReady()).ok).toBe(true);
    await eve.setTrayLevel(0);
    const sent = await p.submit({ name: 'adm-held-1', pdf });
    expect(sent.ok).toBe(true);
    if (!sent.ok) return;
    const events: JobProgress[] = [];
    let refilled: Promise<void> | null = null;
    const done = await p.watch(sent.value.id, {
      onProgress: (e) => {
        events.push(e);
        if (e.kind === 'attention' && !e.cleared) refilled ??= eve.setTrayLevel(250);
      },
    });
    await refilled;
    expect(done.ok && done.value.state).toBe('completed');
    const attention = events.find((e) => e.kind === 'attention' && !e.cleared);
    expect(attention?.kind === 'attention' && attention.printer).toMatchObject({ paper: 'out', ready: false });
    await p.close();
  });

  it('reports a job the printer aborted (jam) with its reasons, and the jam in the printer reasons', async () => {
    const p = driver();
    const sent = await p.submit({ name: 'adm-jam-1', pdf });
    expect(sent.ok).toBe(true);
    if (!sent.ok) return;
    const done = await p.watch(sent.value.id);
    expect(done.ok && done.value.state).toBe('aborted');
    expect(done.ok && done.value.reasons).toContain('aborted-by-system');
    const status = await p.refreshStatus();
    expect(status.ok && status.value.reasons.some((r) => r.startsWith('media-jam'))).toBe(true);
    await p.close();
  });

  it('cancels a slow job; the printer finishes the page in hand and reports it canceled', async () => {
    const p = driver();
    const sent = await p.submit({ name: 'adm-slow-1', pdf });
    expect(sent.ok).toBe(true);
    if (!sent.ok) return;
    // One job at a time: a second job is refused while the first runs.
    const second = await p.submit({ name: 'adm-good-2', pdf });
    expect(!second.ok && second.error.code).toBe('busy');
    const ready = await p.checkReady();
    expect(!ready.ok && ready.error.code).toBe('busy');

    expect((await p.cancel(sent.value.id)).ok).toBe(true);
    letSlowJobsFinish();
    const done = await p.watch(sent.value.id);
    expect(done.ok && done.value).toMatchObject({ state: 'canceled', reasons: ['job-canceled-by-user'] });
    // Canceling a finished job is not an error.
    expect((await p.cancel(sent.value.id)).ok).toBe(true);
    expect((await p.checkReady()).ok).toBe(true);
    await p.close();
  });

  it('gives up watching at the job deadline and says the job is still running', async () => {
    const p = driver({ jobTimeoutMs: 300 });
    const sent = await p.submit({ name: 'adm-slow-2', pdf });
    expect(sent.ok).toBe(true);
    if (!sent.ok) return;
    const r = await p.watch(sent.value.id);
    expect(!r.ok && r.error).toMatchObject({ code: 'timeout', stillRunning: true });
    // The caller's signal ends a watch too.
    const stop = new AbortController();
    stop.abort();
    const aborted = await p.watch(sent.value.id, { signal: stop.signal, timeoutMs: 5000 });
    expect(!aborted.ok && aborted.error.code).toBe('canceled');
    letSlowJobsFinish();
    const finished = await driver().watch(sent.value.id);
    expect(finished.ok && finished.value.state).toBe('completed');
    await p.close();
  });

  it('refuses to send what is not a PDF, before the printer sees it', async () => {
    const p = driver();
    const before = eve.spooled().length;
    expect(await p.submit({ name: 'adm-bad-1', pdf: Buffer.from('hello, not a pdf') })).toMatchObject({ ok: false, error: { code: 'rejected' } });
    expect(await p.submit({ name: 'adm-bad-2', pdf: new Uint8Array(0) })).toMatchObject({ ok: false, error: { code: 'rejected' } });
    expect(await p.submit({ name: '', pdf })).toMatchObject({ ok: false, error: { code: 'rejected' } });
    expect(eve.spooled().length).toBe(before);
    await p.close();
  });

  it('answers not_found for a job the printer does not know', async () => {
    const p = driver();
    const r = await p.job(99_999);
    expect(!r.ok && r.error.code).toBe('not_found');
    expect((await p.findJobs('adm-never-sent')).ok && (await p.findJobs('adm-never-sent'))).toMatchObject({ ok: true, value: [] });
    await p.close();
  });

  it('times out instead of hanging when the printer process is stopped (hung printer)', async () => {
    const p = driver({ operationTimeoutMs: 400 });
    const slow = await p.submit({ name: 'adm-slow-3', pdf });
    expect(slow.ok).toBe(true);
    eve.pause();
    try {
      const status = await p.refreshStatus();
      expect(!status.ok && status.error.code).toBe('timeout');
      expect(p.status()).toMatchObject({ device: 'offline', ippState: 'unreachable', reasons: ['not-responding'], ready: false });
      if (slow.ok) {
        const watched = await p.watch(slow.value.id, { timeoutMs: 10_000 });
        expect(!watched.ok && watched.error.code).toBe('timeout');
        expect(!watched.ok && watched.error.stillRunning).toBeUndefined();
      }
      // A Print-Job whose answer never comes may have been taken: the caller must look for it.
      const fresh = driver({ operationTimeoutMs: 400 });
      const sent = await fresh.submit({ name: 'adm-hung-1', pdf });
      expect(!sent.ok && sent.error).toMatchObject({ code: 'timeout', maybeAccepted: true });
      // This driver's own job is unfinished as far as it knows: it refuses without sending.
      const again = await p.submit({ name: 'adm-hung-2', pdf });
      expect(!again.ok && again.error.code).toBe('timeout');
      expect(!again.ok && again.error.maybeAccepted).toBeUndefined();
      await fresh.close();
    } finally {
      eve.resume();
    }
    letSlowJobsFinish();
    const back = await driver().findJobs('adm-hung-1');
    expect(back.ok).toBe(true);
    if (back.ok) for (const j of back.value) await driver().watch(j.id);
    if (slow.ok) await driver().watch(slow.value.id);
    await p.close();
  });
});

describe('IPP document printer without a printer', () => {
  it('says unreachable (offline) when nothing listens, and Print-Job is known not to have been sent', async () => {
    const port = await freePortInRange();
    const p = new IppDocumentPrinter({ kind: 'a4', uri: `ipp://localhost:${port}/ipp/print`, media: 'iso_a4_210x297mm', pollIntervalMs: 200, operationTimeoutMs: 2000, jobTimeoutMs: 5000 });
    const changes: string[] = [];
    p.onStatus((s) => changes.push(s.device));
    const r = await p.checkReady();
    expect(!r.ok && r.error.code).toBe('unreachable');
    expect(p.status()).toMatchObject({ device: 'offline', paper: 'unknown', reasons: ['unreachable'], ready: false });
    expect(changes).toEqual(['offline']);
    const sent = await p.submit({ name: 'adm-x', pdf });
    expect(!sent.ok && sent.error.code).toBe('unreachable');
    expect(!sent.ok && sent.error.maybeAccepted).toBeUndefined();
    await p.close();
  });
});

describe('card printer against ippeveprinter', () => {
  it('prints on ID-1 blanko and reports the blanko as media', async () => {
    const card = await startIppEvePrinter({ kind: 'card' });
    try {
      const p = new IppDocumentPrinter({ kind: 'card', uri: card.uri, media: card.media, pollIntervalMs: 200, operationTimeoutMs: 3000, jobTimeoutMs: 10_000, jobPollMs: 25 });
      const ready = await p.checkReady();
      expect(ready.ok && ready.value).toMatchObject({ device: 'online', media: 'present', ready: true });
      expect(ready.ok && ready.value.paper).toBeUndefined();
      expect(ready.ok && ready.value.supplies).toEqual([{ name: 'Ribbon', type: 'ribbonWax', percent: 80 }]);
      const cardPdf = await samplePdf('card', 'KTP-EL (UJI)');
      const sent = await p.submit({ name: 'adm-card-1', pdf: cardPdf });
      expect(sent).toEqual({ ok: true, value: expect.anything() });
      if (sent.ok) expect((await p.watch(sent.value.id)).ok).toBe(true);
      expect(card.spooled()).toContain(`${sent.ok ? sent.value.id : 0}-adm-card-1.pdf`);

      await card.setTrayLevel(0);
      const empty = await p.checkReady();
      expect(!empty.ok && empty.error.status).toMatchObject({ media: 'notPresent', ready: false });

      // A printer that does not hold the configured media refuses the job outright.
      const wrong = new IppDocumentPrinter({ kind: 'card', uri: card.uri, media: 'iso_a4_210x297mm', pollIntervalMs: 200, operationTimeoutMs: 3000, jobTimeoutMs: 10_000 });
      await card.setTrayLevel(100);
      const refused = await wrong.checkReady();
      expect(!refused.ok && refused.error.status?.reasons).toContain('media-not-supported');
      const sentWrong = await wrong.submit({ name: 'adm-card-2', pdf: cardPdf });
      expect(!sentWrong.ok && sentWrong.error).toMatchObject({ code: 'rejected', ippStatus: 'client-error-attributes-or-values-not-supported' });
      await p.close();
      await wrong.close();
    } finally {
      await card.stop();
    }
  });
});

