import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ippCall, texts } from '../../devices/document-printer/ipp-client.ts';
import { STATUS_ATTRIBUTES, statusFromAttributes } from '../../devices/document-printer/status-map.ts';
import type { DocumentPrinterKind } from '../../devices/document-printer/types.ts';
import type { KioskConfig } from '../config/schema.ts';
import type { CheckOutcome, DoctorCheck } from './check.ts';
import { PRINTER_DEVICE_ID } from '../../core/device-status.ts';
import { readStore } from '../store/store-view.ts';
import { storeReadingCheck } from './store-check.ts';

const NAME = { a4: 'A4 printer', card: 'card printer' } as const;

function hasPdftoppm(): boolean {
  try {
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch (e) {
    // pdftoppm -v exits 99 on some versions but exists; ENOENT means it is missing.
    return (e as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

/** Asks a real printer what it is and whether it can take this kiosk's jobs. */
async function checkIppPrinter(kind: DocumentPrinterKind, config: KioskConfig, signal: AbortSignal): Promise<CheckOutcome[]> {
  const section = config.devices[PRINTER_DEVICE_ID[kind]];
  const uri = section.uri ?? '';
  const r = await ippCall(uri, 'Get-Printer-Attributes', { operation: { 'requested-attributes': [...STATUS_ATTRIBUTES, 'printer-make-and-model', 'document-format-supported'] } }, { signal, timeoutMs: config.timeouts.deviceOperationMs });
  if (!r.ok) return [{ status: 'fail', detail: `${uri}: ${r.error.code} (${r.error.message})` }];
  const group = r.value.printer[0] ?? {};
  const model = texts(group['printer-make-and-model'])[0] ?? 'unknown model';
  const status = statusFromAttributes(kind, section.media, group, new Date().toISOString());
  const out: CheckOutcome[] = [{ status: 'ok', detail: `${uri} answers: ${model}, ${status.ippState}` }];
  const media = texts(group['media-supported']);
  out.push(
    media.includes(section.media)
      ? { status: 'ok', detail: `supports ${section.media}` }
      : { status: 'fail', detail: `does not list ${section.media} in media-supported (${media.slice(0, 6).join(', ') || 'none'}); set devices.${PRINTER_DEVICE_ID[kind]}.media` },
  );
  const formats = texts(group['document-format-supported']);
  if (!formats.includes('application/pdf')) out.push({ status: 'warn', detail: `document-format-supported does not list application/pdf (${formats.join(', ')}): the kiosk sends PDF` });
  const problem = [status.device !== 'online' && status.device !== 'deviceBusy' ? status.device : null, kind === 'a4' ? (status.paper !== 'full' ? `paper ${status.paper ?? '?'}` : null) : status.media !== 'present' ? `blanko ${status.media ?? '?'}` : null, status.toner !== 'full' ? `toner ${status.toner}` : null].filter((p): p is string => p !== null);
  out.push(problem.length === 0 ? { status: 'ok', detail: 'ready to print' } : { status: 'warn', detail: `${problem.join(', ')}${status.reasons.length ? ` (${status.reasons.join(', ')})` : ''}` });
  return out;
}

function printerCheck(kind: DocumentPrinterKind): DoctorCheck {
  return {
    name: NAME[kind],
    async run(config, signal) {
      const section = config.devices[PRINTER_DEVICE_ID[kind]];
      if (section.mode === 'ipp') return checkIppPrinter(kind, config, signal);
      return [
        { status: 'ok', detail: `simulated: the file printer writes jobs to ${join(config.dataDir, 'printed', kind)}` },
        hasPdftoppm() ? { status: 'ok', detail: 'pdftoppm present: first-page PNG previews are written' } : { status: 'warn', detail: 'pdftoppm missing (Debian poppler-utils): simulated prints keep the PDF only' },
      ];
    },
  };
}

export const a4PrinterCheck = printerCheck('a4');
export const cardPrinterCheck = printerCheck('card');

/** Prints waiting for a technician's decision, and outcomes the registry has not acknowledged. */
export const printLedgerCheck = storeReadingCheck('print ledger', {
  inspect(_config, path) {
    const { unknown, open, owed } = readStore(path, (v) => v.ledgerAttention());
    return [
      unknown === 0 ? { status: 'ok', detail: 'no print waits for a technician' } : { status: 'warn', detail: `${unknown} print(s) with an unknown outcome wait for a technician's decision` },
      open === 0 ? { status: 'ok', detail: 'no unfinished print' } : { status: 'warn', detail: `${open} unfinished print(s): the next start settles them before opening` },
      owed === 0 ? { status: 'ok', detail: 'the registry knows every outcome' } : { status: 'warn', detail: `${owed} outcome(s) not yet acknowledged by the registry (retried while running)` },
    ];
  },
  unreadable: (path, message) => `${path}: ${message}`,
});
