import type { PRINTER_LOG_EVENTS } from '../../../devices/document-printer/types.ts';
import { defineEvents, type LogEventSpec } from './define.ts';

/** The A4 and card printers (IPP driver and the file printer simulator). Fields never hold personal data. */
export const documentPrinterEvents = defineEvents({
  'printer.status_changed': { level: 'info', meaning: 'A document printer changed status (device, paper/blanko, toner, ready); reasons are IPP printer-state-reasons.' },
  'printer.job_submitted': { level: 'info', meaning: 'A Print-Job was accepted by the printer; the job name carries the ledger id.' },
  'printer.job_state': { level: 'debug', meaning: 'A watched job changed job-state or job-state-reasons.' },
  'printer.job_finished': { level: 'info', meaning: 'A watched job reached completed, aborted or canceled; reasons and message are the printer\'s own.' },
  'printer.job_cancel': { level: 'info', meaning: 'The kiosk sent Cancel-Job; ok says whether the printer accepted it.' },
  'printer.simulator_started': { level: 'info', meaning: 'The file printer simulator listens on a loopback IPP port and writes jobs to the data directory.' },
  'printer.simulator_fault': { level: 'info', meaning: 'A fault switch of the file printer simulator changed (media empty, jam, offline, slow).' },
  'printer.simulator_printed': { level: 'info', meaning: 'The file printer simulator finished a job and wrote its PDF (and a PNG of the first page).' },
  'printer.preview_failed': { level: 'warn', meaning: 'The file printer simulator could not write the PNG preview of a job (pdftoppm missing or failed); the PDF is kept.' },
}) satisfies Record<(typeof PRINTER_LOG_EVENTS)[number], LogEventSpec>;
