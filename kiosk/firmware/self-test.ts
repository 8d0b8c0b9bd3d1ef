import type { Database } from 'better-sqlite3';
import type { DeviceBoard } from '../../devices/common/device-board.ts';
import { PRINTER_DEVICE_ID, type PrinterDeviceId, type DeviceId, type DeviceState, type DeviceSummary } from '../../core/device-status.ts';
import { DOCUMENT_MEDIA, DOCUMENT_TYPES, type DocumentType } from '../../core/domain.ts';
import { kioskMigrations } from '../store/migrations/index.ts';
import { StoreView } from '../store/store-view.ts';

/**
 * The boot self-test. Machines idle for months and then fail on first use, so at every start the
 * runtime checks the store and each device on the DeviceBoard, and opens only the document types
 * it can print: KK and akta need the A4 printer, KTP-el and KIA the card printer and its blanko.
 * A broken printer degrades the kiosk per document type; only a broken store fails it.
 */

export type SelfTestOutcome = 'pass' | 'degraded' | 'fail';

export interface StoreCheck {
  ok: boolean;
  schemaVersion: number;
  expectedVersion: number;
  /** Ledger rows not yet final (boot reconciliation settles them) and rows waiting for a technician. */
  openPrints: number;
  unknownPrints: number;
  detail: string;
}

export interface DeviceCheck {
  id: DeviceId;
  mode: string;
  state: DeviceState;
  ok: boolean;
  reasons: string[];
}

export interface UnavailableDocument {
  type: DocumentType;
  printer: PrinterId;
  /** Machine-readable, e.g. `a4Printer:hardwareError`, `cardPrinter:media-notPresent`, `cardPrinter:not-fitted`. */
  reason: string;
}

export interface SelfTestReport {
  at: string;
  version: string;
  outcome: SelfTestOutcome;
  /** The kiosk serves citizens only when it can print at least one document type. */
  inService: boolean;
  store: StoreCheck;
  devices: DeviceCheck[];
  printable: DocumentType[];
  unavailable: UnavailableDocument[];
  durationMs: number;
}

export type PrinterId = PrinterDeviceId;

/** Why a device cannot do its job now, or null when it can. A device fitted as `none` is never a fault. */
export function deviceFault(d: DeviceSummary): string | null {
  if (d.mode === 'none') return null;
  const s = d.status;
  if (s.device !== 'online' && s.device !== 'deviceBusy') return s.device;
  if (s.paper === 'out' || s.paper === 'jammed') return `paper-${s.paper}`;
  if (s.media === 'jammed') return 'media-jammed';
  // For a printer, no media means no blanko; for the card reader it only means no card is on it.
  if (s.media === 'notPresent' && PRINTERS.has(d.id)) return 'media-notPresent';
  return null;
}

const PRINTERS: ReadonlySet<DeviceSummary['id']> = new Set(['a4Printer', 'cardPrinter', 'receiptPrinter']);

/** Which document types the devices can print now; flows and the self-test share this rule. */
export function printableDocuments(summaries: readonly DeviceSummary[]): { printable: DocumentType[]; unavailable: UnavailableDocument[] } {
  const byId = new Map(summaries.map((s) => [s.id, s]));
  const printable: DocumentType[] = [];
  const unavailable: UnavailableDocument[] = [];
  for (const type of DOCUMENT_TYPES) {
    const printer = PRINTER_DEVICE_ID[DOCUMENT_MEDIA[type]];
    const d = byId.get(printer);
    const fault = d === undefined ? 'not-fitted' : d.mode === 'none' ? 'not-fitted' : deviceFault(d);
    if (fault === null) printable.push(type);
    else unavailable.push({ type, printer, reason: `${printer}:${fault}` });
  }
  return { printable, unavailable };
}

export function checkStore(db: Database): StoreCheck {
  let expectedVersion = kioskMigrations.length;
  try {
    const view = new StoreView(db);
    const { quick, schemaVersion, expectedVersion: expected } = view.health();
    expectedVersion = expected;
    const rows = view.unsettledPrints();
    const unknownPrints = rows.find((r) => r.state === 'unknown')?.n ?? 0;
    const openPrints = rows.reduce((sum, r) => sum + (r.state === 'unknown' ? 0 : r.n), 0);
    const problems: string[] = [];
    if (quick !== 'ok') problems.push(`integrity: ${quick}`);
    if (schemaVersion !== expectedVersion) problems.push(`schema ${schemaVersion}, expected ${expectedVersion}`);
    return {
      ok: problems.length === 0,
      schemaVersion,
      expectedVersion,
      openPrints,
      unknownPrints,
      detail: problems.length ? problems.join('; ') : `schema ${schemaVersion}, integrity ok`,
    };
  } catch (e) {
    return { ok: false, schemaVersion: -1, expectedVersion, openPrints: 0, unknownPrints: 0, detail: (e as Error).message };
  }
}

export interface SelfTestInput {
  db: Database;
  devices: DeviceBoard;
  version: string;
  now?: () => Date;
  /** How long devices may stay `starting` before the test reads them as they are. */
  settleMs: number;
  signal?: AbortSignal;
  /** Polling step while devices settle; tests shorten it. */
  pollMs?: number;
}

/** Waits (bounded) until no device on the board is still `starting`. */
async function settled(board: DeviceBoard, settleMs: number, pollMs: number, signal?: AbortSignal): Promise<DeviceSummary[]> {
  const deadline = Date.now() + settleMs;
  for (;;) {
    const summaries = board.summaries();
    if (!summaries.some((s) => s.status.device === 'starting') || Date.now() >= deadline || signal?.aborted) return summaries;
    await new Promise((r) => setTimeout(r, Math.min(pollMs, Math.max(deadline - Date.now(), 1))));
  }
}

export async function runSelfTest(input: SelfTestInput): Promise<SelfTestReport> {
  const now = input.now ?? (() => new Date());
  const started = Date.now();
  const store = checkStore(input.db);
  const summaries = await settled(input.devices, input.settleMs, input.pollMs ?? 50, input.signal);
  const devices: DeviceCheck[] = summaries.map((d) => {
    const fault = deviceFault(d);
    return { id: d.id, mode: d.mode, state: d.status.device, ok: fault === null, reasons: fault === null ? d.status.reasons : [fault, ...d.status.reasons.filter((r) => r !== fault)] };
  });
  const { printable, unavailable } = printableDocuments(summaries);
  const outcome: SelfTestOutcome = !store.ok ? 'fail' : devices.every((d) => d.ok) && unavailable.length === 0 ? 'pass' : 'degraded';
  return {
    at: now().toISOString(),
    version: input.version,
    outcome,
    inService: store.ok && printable.length > 0,
    store,
    devices,
    printable,
    unavailable,
    durationMs: Date.now() - started,
  };
}

/** The one-line summary for `systemctl status` and the journal. */
export function describeSelfTest(r: SelfTestReport): string {
  const docs = r.printable.length ? `can print ${r.printable.join(', ')}` : 'can print nothing';
  const faults = r.devices.filter((d) => !d.ok).map((d) => `${d.id} ${d.reasons[0] ?? d.state}`);
  return `self-test ${r.outcome}: store ${r.store.ok ? 'ok' : r.store.detail}; ${docs}${faults.length ? `; faults: ${faults.join(', ')}` : ''}`;
}
