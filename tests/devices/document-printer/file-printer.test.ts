import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ipp from 'ipp';
import { afterEach, describe, expect, it } from 'vitest';
import { documentOffset, FilePrinterSimulator, type FilePrinterOptions } from '../../../devices/document-printer/simulator.ts';
import { ippCall } from '../../../devices/document-printer/ipp-client.ts';
import { IppDocumentPrinter } from '../../../devices/document-printer/driver.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { samplePdf } from './sample-pdf.ts';

const A4 = 'iso_a4_210x297mm';
const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function simulated(over: Partial<FilePrinterOptions> = {}) {
  const dir = tempDir('file-printer');
  const sim = new FilePrinterSimulator({ kind: 'a4', media: A4, outDir: join(dir.path, 'printed'), printMs: 30, ...over });
  const uri = await sim.start();
  const printer = new IppDocumentPrinter({ kind: over.kind ?? 'a4', uri, media: over.media ?? A4, pollIntervalMs: 100, operationTimeoutMs: 1000, jobTimeoutMs: 5000, jobPollMs: 10 });
  cleanup.push(dir.remove, () => sim.stop(), () => printer.close());
  return { sim, printer, outDir: join(dir.path, 'printed') };
}

const waitFor = async (check: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('file printer simulator, through the real IPP driver', () => {
  it('prints: the PDF lands in the data directory with a PNG of its first page', async () => {
    const { printer, outDir } = await simulated();
    const pdf = await samplePdf('a4', 'AKTA KELAHIRAN (SIMULASI)');
    expect((await printer.checkReady()).ok).toBe(true);
    const sent = await printer.submit({ name: 'adm-sim-1', pdf });
    expect(sent.ok).toBe(true);
    if (!sent.ok) return;
    const done = await printer.watch(sent.value.id);
    expect(done.ok && done.value).toMatchObject({ state: 'completed', sheetsCompleted: 1 });
    const file = join(outDir, `00001-adm-sim-1`);
    expect(readFileSync(`${file}.pdf`).equals(pdf)).toBe(true);
    await waitFor(() => existsSync(`${file}.png`));
    expect(readFileSync(`${file}.png`).subarray(1, 4).toString()).toBe('PNG');
  });

  it('media empty: paper out before a job; a job sent anyway is held until the tray is refilled', async () => {
    const { sim, printer } = await simulated();
    sim.setFaults({ mediaEmpty: true });
    const r = await printer.checkReady();
    expect(!r.ok && r.error.status).toMatchObject({ paper: 'out', ready: false });
    const sent = await printer.submit({ name: 'adm-sim-2', pdf: await samplePdf() });
    expect(sent.ok).toBe(true);
    if (!sent.ok) return;
    const done = await printer.watch(sent.value.id, {
      onProgress: (e) => {
        if (e.kind === 'attention' && !e.cleared) sim.setFaults({ mediaEmpty: false });
      },
    });
    expect(done.ok && done.value.state).toBe('completed');
  });

  it('jam: the job is aborted and the printer stops taking jobs until the jam is cleared', async () => {
    const { sim, printer } = await simulated();
    sim.setFaults({ jam: true });
    const sent = await printer.submit({ name: 'adm-sim-3', pdf: await samplePdf() });
    expect(sent.ok).toBe(true);
    if (!sent.ok) return;
    const done = await printer.watch(sent.value.id);
    expect(done.ok && done.value).toMatchObject({ state: 'aborted', reasons: ['aborted-by-system'] });
    const jammed = await printer.checkReady();
    expect(!jammed.ok && jammed.error.status).toMatchObject({ device: 'userError', paper: 'jammed', action: 'clear' });
    const refused = await printer.submit({ name: 'adm-sim-4', pdf: await samplePdf() });
    expect(!refused.ok && refused.error).toMatchObject({ code: 'not_ready', ippStatus: 'server-error-not-accepting-jobs' });
    sim.setFaults({ jam: false });
    expect((await printer.checkReady()).ok).toBe(true);
  });

  it('offline: connections are reset, the printer reads unreachable', async () => {
    const { sim, printer } = await simulated();
    sim.setFaults({ offline: true });
    const r = await printer.refreshStatus();
    expect(!r.ok && r.error.code).toBe('unreachable');
    expect(printer.status().device).toBe('offline');
    sim.setFaults({ offline: false });
    expect((await printer.refreshStatus()).ok).toBe(true);
  });

  it('slow: a long job can be canceled; a second job meanwhile gets server-error-busy', async () => {
    const { sim, printer } = await simulated({ printMs: 60_000 });
    const sent = await printer.submit({ name: 'adm-sim-5', pdf: await samplePdf() });
    expect(sent.ok).toBe(true);
    if (!sent.ok) return;
    const other = await ippCall(sim.uri, 'Print-Job', { operation: { 'job-name': 'adm-other', 'document-format': 'application/pdf' } }, { timeoutMs: 1000, data: await samplePdf() });
    expect(!other.ok && other.error).toMatchObject({ code: 'busy', ippStatus: 'server-error-busy' });
    expect((await printer.cancel(sent.value.id)).ok).toBe(true);
    const done = await printer.watch(sent.value.id);
    expect(done.ok && done.value).toMatchObject({ state: 'canceled', reasons: ['job-canceled-by-user'] });
    expect(sim.jobs().map((j) => j.state)).toEqual(['canceled']);
  });

  it('the card printer counts blanko down to empty', async () => {
    const CARD = 'iso_id-1_85.6x53.98mm';
    const { printer } = await simulated({ kind: 'card', media: CARD, capacity: 2 });
    const pdf = await samplePdf('card');
    for (const name of ['adm-card-a', 'adm-card-b']) {
      const sent = await printer.submit({ name, pdf });
      if (!sent.ok) throw new Error(sent.error.message);
      expect((await printer.watch(sent.value.id)).ok).toBe(true);
    }
    const r = await printer.checkReady();
    expect(!r.ok && r.error.status).toMatchObject({ media: 'notPresent', ready: false, trays: [{ name: 'main', level: 0, capacity: 2 }] });
  });

  it('refuses what a printer would refuse: not PDF, wrong media, malformed IPP, not IPP at all', async () => {
    const { sim } = await simulated();
    const notPdf = await ippCall(sim.uri, 'Print-Job', { operation: { 'job-name': 'x' } }, { timeoutMs: 1000, data: Buffer.from('hello') });
    expect(!notPdf.ok && notPdf.error.ippStatus).toBe('client-error-document-format-not-supported');
    const media = await ippCall(sim.uri, 'Print-Job', { operation: { 'job-name': 'x' }, job: { media: 'na_letter_8.5x11in' } }, { timeoutMs: 1000, data: await samplePdf() });
    expect(!media.ok && media.error.ippStatus).toBe('client-error-attributes-or-values-not-supported');
    const unknownOp = await ippCall(sim.uri, 'Identify-Printer', {}, { timeoutMs: 1000 });
    expect(!unknownOp.ok && unknownOp.error.ippStatus).toBe('server-error-operation-not-supported');
    const url = sim.uri.replace('ipp:', 'http:');
    expect((await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/ipp' }, body: Buffer.from([2, 0, 0, 2, 0, 0, 0, 1, 1, 0x47, 0, 200]) })).status).toBe(400);
    expect((await fetch(url, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'x' })).status).toBe(415);
    expect((await fetch(url)).status).toBe(405);
  });
});

describe('documentOffset', () => {
  it('finds the document after the attributes, and -1 for truncated requests', () => {
    const head = ipp.serialize({ version: '2.0', operation: 'Print-Job', id: 7, 'operation-attributes-tag': { 'attributes-charset': 'utf-8', 'attributes-natural-language': 'en', 'job-name': 'adm-z' } });
    const doc = Buffer.from('%PDF-1.7\n%%EOF');
    const body = Buffer.concat([head, doc]);
    expect(body.subarray(documentOffset(body)).equals(doc)).toBe(true);
    expect(documentOffset(head.subarray(0, head.length - 5))).toBe(-1);
  });
});
