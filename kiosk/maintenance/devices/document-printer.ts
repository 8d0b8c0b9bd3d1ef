import { PRINTER_DEVICE_ID, type DeviceStatus, type DeviceSummary } from '../../../core/device-status.ts';
import type { DocumentPrinter, PrinterStatus } from '../../../devices/document-printer/types.ts';
import { err, ok, type Result } from '../../../core/result.ts';
import { testDocument } from '../test-documents.ts';
import { runChecks, type DeviceDetails, type MaintenanceDevice, type SelfTestCheck, type SelfTestReport, type TestPrintDone, type TestPrintError } from './types.ts';

export interface DocumentPrinterDeviceOptions {
  printer: DocumentPrinter;
  /** `simulated` or `ipp`, for the summary. */
  mode: string;
  /** Limit for one status call. */
  operationTimeoutMs: number;
  /** Limit for a whole test job, from submit to the last sheet. */
  jobTimeoutMs: number;
  now?: () => Date;
}


/** Test jobs carry this name, never a ledger id: boot reconciliation looks jobs up by `adm-<ledgerId>`. */
export const TEST_JOB_PREFIX = 'adm-test-';

/** The A4 or the card printer (IPP) as maintenance sees it. */
export class DocumentPrinterDevice implements MaintenanceDevice {
  readonly id: 'a4Printer' | 'cardPrinter';
  readonly #o: DocumentPrinterDeviceOptions;

  constructor(options: DocumentPrinterDeviceOptions) {
    this.#o = options;
    this.id = PRINTER_DEVICE_ID[options.printer.kind];
  }

  summary(): DeviceSummary {
    return { id: this.id, mode: this.#o.mode, status: this.#status() };
  }

  #status(): DeviceStatus {
    const { toner: _t, ready: _r, accepting: _a, ippState: _i, mediaReady: _m, supplies: _s, trays: _tr, ...common } = this.#o.printer.status();
    return common;
  }

  onStatus(listener: (status: DeviceStatus) => void): () => void {
    return this.#o.printer.onStatus(() => listener(this.#status()));
  }

  details(): DeviceDetails {
    const s = this.#o.printer.status();
    const out: DeviceDetails = { uri: this.#o.printer.uri, media: this.#o.printer.media, ippState: s.ippState, accepting: s.accepting, toner: s.toner };
    for (const supply of s.supplies.slice(0, 6)) out[`supply: ${supply.name}`] = supply.percent === null ? 'unknown' : `${supply.percent}%`;
    for (const tray of s.trays.slice(0, 4)) out[`tray: ${tray.name}`] = tray.level === null ? 'unknown' : `${tray.level}${tray.capacity === null ? '' : ` / ${tray.capacity}`}`;
    return out;
  }

  selfTest(signal: AbortSignal): Promise<SelfTestReport> {
    const p = this.#o.printer;
    const call = { signal, timeoutMs: this.#o.operationTimeoutMs };
    let fresh: PrinterStatus | null = null;
    const steps: Array<() => Promise<SelfTestCheck> | SelfTestCheck> = [
      async () => {
        const r = await p.refreshStatus(call);
        if (!r.ok) return { name: 'ipp', ok: false, detail: `the printer did not answer Get-Printer-Attributes: ${r.error.code}: ${r.error.message}` };
        fresh = r.value;
        return { name: 'ipp', ok: true, detail: `answered: printer-state ${r.value.ippState}, ${r.value.accepting ? 'accepting jobs' : 'NOT accepting jobs'}` };
      },
      async () => {
        const r = await p.checkReady(call);
        if (r.ok) return { name: 'ready', ok: true, detail: 'a job sent now would print' };
        const reasons = r.error.status?.reasons ?? [];
        return { name: 'ready', ok: false, detail: `${r.error.code}: ${r.error.message}${reasons.length ? ` (${reasons.join(', ')})` : ''}` };
      },
      () => {
        const s = fresh ?? p.status();
        if (p.kind === 'a4') {
          const good = s.paper === 'full' || s.paper === 'low';
          return { name: 'paper', ok: good, detail: `paper ${s.paper ?? 'unknown'}` };
        }
        const good = s.media === 'present' && s.paper !== 'out';
        return { name: 'blanko', ok: good, detail: `blanko ${s.media ?? 'unknown'}${s.paper ? `, hopper ${s.paper}` : ''}` };
      },
      () => {
        const s = fresh ?? p.status();
        return { name: p.kind === 'a4' ? 'toner' : 'ribbon', ok: s.toner !== 'out', detail: `${p.kind === 'a4' ? 'toner' : 'ribbon'} ${s.toner}` };
      },
    ];
    return runChecks(this.id, () => this.#status(), steps, signal);
  }

  /** Prints the sample document (KK on A4, KTP-el on a card) and follows the job to its end. */
  async testPrint(signal: AbortSignal): Promise<Result<TestPrintDone, TestPrintError>> {
    const p = this.#o.printer;
    const doc = await testDocument(p.kind, signal);
    if (!doc.ok) return err({ code: doc.error.code === 'aborted' ? 'canceled' : 'render_failed', message: doc.error.message });
    const call = { signal, timeoutMs: this.#o.operationTimeoutMs };
    const ready = await p.checkReady(call);
    if (!ready.ok) {
      const code = ready.error.code === 'not_ready' || ready.error.code === 'busy' ? 'not_ready' : ready.error.code === 'canceled' ? 'canceled' : 'unavailable';
      return err({ code, message: ready.error.message, reasons: ready.error.status?.reasons ?? [] });
    }
    const at = (this.#o.now ?? (() => new Date()))();
    const name = `${TEST_JOB_PREFIX}${p.kind}-${at.getTime()}`;
    const sent = await p.submit({ name, pdf: doc.value.pdf, ...call });
    if (!sent.ok) {
      return err({ code: sent.error.code === 'canceled' ? 'canceled' : sent.error.code === 'not_ready' || sent.error.code === 'busy' ? 'not_ready' : 'unavailable', message: sent.error.message });
    }
    const jobId = sent.value.id;
    const watched = await p.watch(jobId, { signal, timeoutMs: this.#o.jobTimeoutMs });
    if (!watched.ok) {
      // Nobody waits for a test page any more: stop it rather than leave it queued in front of citizens' prints.
      await p.cancel(jobId, { timeoutMs: this.#o.operationTimeoutMs });
      const code = watched.error.code === 'canceled' ? 'canceled' : watched.error.code === 'timeout' || watched.error.stillRunning ? 'timeout' : 'unavailable';
      return err({ code, message: `job ${jobId}: ${watched.error.message}` });
    }
    const job = watched.value;
    const sheets = job.sheetsCompleted ?? doc.value.pages;
    if (job.state !== 'completed') {
      return err({ code: 'failed', message: `job ${jobId} ${job.state}${job.message ? `: ${job.message}` : ''}`, reasons: job.reasons });
    }
    const used: TestPrintDone['used'] =
      p.kind === 'a4'
        ? [{ consumable: 'a4-sheets', count: Math.max(1, sheets) }]
        : [
            { consumable: 'card-blanko', count: 1 },
            { consumable: 'ribbon', count: 1 },
          ];
    return ok({ device: this.id, detail: `job ${jobId} completed: ${doc.value.type.toUpperCase()} sample, ${doc.value.pages} page(s)`, used });
  }
}
