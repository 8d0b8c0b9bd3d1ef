import type { ReceiptPrinter } from '../../../devices/receipt-printer/driver.ts';
import { err, ok, type Result } from '../../../core/result.ts';
import { testReceipt } from '../test-documents.ts';
import { DriverDevice } from './driver-device.ts';
import { runChecks, type DeviceDetails, type SelfTestReport, type TestPrintDone, type TestPrintError, type TestPrintErrorCode } from './types.ts';

export interface ReceiptPrinterDeviceOptions {
  printer: ReceiptPrinter;
  kioskId: string;
  operationTimeoutMs: number;
  now?: () => Date;
}

const NOT_READY = new Set(['paperOut', 'coverOpen', 'cutterError', 'printerFault', 'busy']);

/** The ESC/POS receipt printer as maintenance sees it. */
export class ReceiptPrinterDevice extends DriverDevice {
  readonly id = 'receiptPrinter' as const;
  readonly #o: ReceiptPrinterDeviceOptions;

  constructor(options: ReceiptPrinterDeviceOptions) {
    super(options.printer);
    this.#o = options;
  }

  details(): DeviceDetails {
    const c = this.#o.printer.condition();
    if (!c) return { condition: 'not reported yet' };
    return { paperNearEnd: c.paperNearEnd, paperOut: c.paperOut, coverOpen: c.coverOpen, cutterError: c.cutterError, offline: c.offline };
  }

  /** `DLE EOT 1–4`: the printer answers at once, even when stopped. */
  selfTest(signal: AbortSignal): Promise<SelfTestReport> {
    const p = this.#o.printer;
    return runChecks(
      this.id,
      () => p.status(),
      [
        async () => {
          const r = await p.queryStatus(signal, { timeoutMs: this.#o.operationTimeoutMs });
          if (!r.ok) return { name: 'status', ok: false, detail: `${r.error.reason}: ${r.error.message}` };
          const c = r.value;
          const problems = [
            c.offline && 'offline',
            c.coverOpen && 'cover open',
            c.paperOut && 'paper out',
            c.cutterError && 'cutter error',
            c.mechanicalError && 'mechanical error',
            c.unrecoverable && 'unrecoverable error',
          ].filter((x): x is string => typeof x === 'string');
          return { name: 'status', ok: problems.length === 0, detail: problems.length ? problems.join(', ') : `answered DLE EOT 1–4: ready${c.paperNearEnd ? ' (paper near end)' : ''}` };
        },
      ],
      signal,
    );
  }

  /** Prints the test receipt; success is the printer's own `GS ( H` answer that it has printed. */
  async testPrint(signal: AbortSignal): Promise<Result<TestPrintDone, TestPrintError>> {
    const now = (this.#o.now ?? (() => new Date()))();
    const r = await this.#o.printer.print(testReceipt(this.#o.kioskId, now), signal);
    if (!r.ok) {
      const e = r.error;
      const code: TestPrintErrorCode =
        e.reason === 'canceled' ? 'canceled' : e.reason === 'timeout' ? 'timeout' : e.reason === 'disconnected' ? 'unavailable' : e.stage === 'beforeJob' && NOT_READY.has(e.reason) ? 'not_ready' : 'failed';
      return err({ code, message: e.message, reasons: [e.reason] });
    }
    return ok({
      device: this.id,
      detail: `test receipt printed (${r.value.bytes} bytes, process id ${r.value.processId}, paper ${r.value.paper})`,
      used: [{ consumable: 'receipt-roll', count: 1 }],
    });
  }
}
