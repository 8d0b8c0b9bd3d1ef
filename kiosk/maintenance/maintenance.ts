import { join, isAbsolute } from 'node:path';
import type { Database } from 'better-sqlite3';
import { DEVICE_IDS, type DeviceId, type DeviceSummary } from '../../core/device-status.ts';
import { systemClock, type FlowClock } from '../../flows/clock.ts';
import type { MaintenanceEmitted, VendorModeState } from '../../flows/maintenance/maintenance-machine.ts';
import type { EntrySource, MaintenanceSettings, TechnicianRef } from '../../flows/maintenance/ports.ts';
import type { KioskConfig } from '../config/schema.ts';
import { ALERT_KINDS, deviceAlerts, unknownPrintAlerts, type AlertCondition } from '../fleet/alerts.ts';
import type { ServiceSnapshot } from '../fleet/service-state.ts';
import type { HoursView } from '../opening-hours/health.ts';
import type { LinkSnapshot } from '../registry/link-health.ts';
import type { KioskLogger } from '../log/logger.ts';
import type { DocumentPrinter } from '../../devices/document-printer/types.ts';
import { printerEvidence, resolvePrint } from '../printing/resolve.ts';
import type { RegistryOutcomes } from '../printing/registry-sync.ts';
import { err, ok, type Result } from '../../core/result.ts';
import type { Journal, JournalEntry } from '../store/journal.ts';
import { PrintLedger, type HistoryEntry, type LedgerRow, type LedgerState, type PrinterKind } from '../store/print-ledger.ts';
import { AuditTrail, type AuditEntry, type AuditVerification } from '../store/audit-trail.ts';
import { MaintenanceConsumables, type ConsumableChange, type ConsumableView } from '../store/consumables.ts';
import { DeviceLog, type DeviceCounters, type DeviceError } from '../store/device-log.ts';
import { ReportedDevice } from './devices/reported-device.ts';
import type { DeviceDetails, MaintenanceDevice, SelfTestReport, TestPrintDone, TestPrintError } from './devices/types.ts';
import { collectExport, type ExportTarget, type ExportError, type ExportDone } from './export.ts';
import { kioskIdentity, type KioskIdentity } from './kiosk-identity.ts';
import { MaintenanceMode } from './maintenance-mode.ts';
import { Operations } from './operations.ts';
import { ServiceNoticeStore, type CitizenMessage, type NoticeError, type ServiceNotice } from './service-notice.ts';
import type { TechnicianCard } from './technician-card.ts';
import { TechnicianPin } from './technician-pin.ts';
import { TechnicianSession, type IssuedSession } from './technician-session.ts';
import { TechnicianSignIn, type SignInError } from './technician-sign-in.ts';
import { findUsbDrives, type UsbDrive, type UsbError } from './usb-drives.ts';

/** The citizen journey as maintenance needs it: is a print under way, and tell me when anything changes. `JourneyHost` fits. */
export interface CitizenFlow {
  printing(): boolean;
  subscribe(listener: () => void): () => void;
}

/** The service state as maintenance needs it (kiosk/fleet/service-state.ts). */
export interface ServiceHold {
  readonly snapshot: ServiceSnapshot;
  has(reason: 'technician'): boolean;
  set(reason: 'technician', outOfService: boolean): boolean;
}

export interface MaintenanceDeps extends MaintenanceParts {
  config: KioskConfig;
  log: KioskLogger;
  db: Database;
  journal: Journal;
  service: ServiceHold;
  /** Device summaries of every wired device (the boot device board). */
  summaries: () => DeviceSummary[];
  auditKey: Buffer;
  startedAt: number;
  now?: () => Date;
  /** Runs the vendor-mode machine's delays; tests pass a simulated clock. */
  clock?: FlowClock;
  /** Tells the fleet to re-read consumables, ledger and service state now. */
  fleetRefresh?: () => void;
}

/** What the other areas hand in when maintenance is built (all optional: maintenance works with what there is). */
export interface MaintenanceParts {
  devices?: MaintenanceDevice[];
  card?: TechnicianCard;
  citizens?: CitizenFlow;
  ledger?: PrintLedger;
  registry?: RegistryOutcomes;
  /** The document printers, asked before a "not printed" answer releases an entitlement. */
  printers?: Partial<Record<PrinterKind, DocumentPrinter>>;
  /** Opening hours now (open or closed, until when), for the devices screen. */
  openingHours?: () => HoursView;
  /** The link to the central registry, for the devices screen. */
  registryLink?: () => LinkSnapshot;
}

export interface DeviceView {
  id: DeviceId;
  mode: string;
  status: DeviceSummary['status'];
  details: DeviceDetails;
  counters: DeviceCounters;
  lastError: DeviceError | null;
  /** Prints of this printer by ledger state (printers only). */
  prints: Partial<Record<LedgerState, number>> | null;
  canSelfTest: boolean;
  canTestPrint: boolean;
  busy: boolean;
}

export interface AlertView extends AlertCondition {
  severity: (typeof ALERT_KINDS)[keyof typeof ALERT_KINDS];
}

export interface Overview {
  mode: VendorModeState;
  technician: TechnicianRef | null;
  service: ServiceSnapshot;
  notice: ServiceNotice;
  devices: DeviceView[];
  consumables: ConsumableView[];
  alerts: AlertView[];
  ledger: Record<LedgerState, number>;
  /** Null when not wired (maintenance alone in tests). */
  openingHours: HoursView | null;
  registryLink: LinkSnapshot | null;
}

export interface PublicState {
  mode: VendorModeState;
  signingIn: boolean;
  signIn: { pinConfigured: boolean; pinLockedUntil: string | null; cardAvailable: boolean };
  /** Entering waits for a citizen's print to finish. */
  waitingForPrint: boolean;
}

export type ActionError =
  | { code: 'no_such_device'; message: string }
  | { code: 'unsupported'; message: string }
  | { code: 'busy'; message: string }
  | { code: 'closed'; message: string }
  | { code: 'not_found' | 'wrong_state' | 'invalid_note'; message: string }
  /** "Not printed" refused: the printer could not show that the job ended or is gone. */
  | { code: 'printer_not_clear'; message: string }
  | TestPrintError
  | NoticeError
  | { code: 'unknown_consumable' | 'invalid_level'; message: string };

export type SignInFailure = SignInError | { code: 'not_signing_in'; message: string };

export interface UnknownPrintView extends Omit<LedgerRow, 'subjectRef'> {
  history: HistoryEntry[];
}

export interface JournalQuery {
  kind?: string;
  from?: string;
  to?: string;
  limit?: number;
}

const PRINTER_OF: Partial<Record<DeviceId, 'a4' | 'card'>> = { a4Printer: 'a4', cardPrinter: 'card' };

/**
 * Maintenance mode: the vendor-mode machine, the technician's sign-in and session, and every
 * screen's action. Each action that changes something goes into the audit trail with the technician's
 * reference; entering and leaving go into the journal.
 */
export class Maintenance {
  readonly audit: AuditTrail;
  readonly consumables: MaintenanceConsumables;
  readonly notice: ServiceNoticeStore;
  readonly mode: MaintenanceMode;
  readonly #d: MaintenanceDeps;
  readonly #now: () => Date;
  readonly #clock: FlowClock;
  readonly #pin: TechnicianPin;
  readonly #signIn: TechnicianSignIn;
  readonly #session: TechnicianSession;
  readonly #deviceLog: DeviceLog;
  readonly #ops = new Operations();
  readonly #devices = new Map<DeviceId, MaintenanceDevice>();
  readonly #unsubscribe: Array<() => void> = [];
  readonly #entryListeners = new Set<(source: EntrySource) => void>();
  readonly #ledger: PrintLedger;
  readonly #card: TechnicianCard | null;
  readonly #citizens: CitizenFlow | null;
  readonly #registry: RegistryOutcomes | null;
  readonly #printers: Partial<Record<PrinterKind, DocumentPrinter>>;
  readonly #site: Pick<MaintenanceParts, 'openingHours' | 'registryLink'>;
  #waitingForPrint = false;

  constructor(deps: MaintenanceDeps) {
    this.#d = deps;
    this.#now = deps.now ?? (() => new Date());
    this.#clock = deps.clock ?? systemClock;
    const m = deps.config.maintenance;
    this.audit = new AuditTrail(deps.db, deps.auditKey, this.#now, deps.log.redactor);
    this.#ledger = deps.ledger ?? new PrintLedger(deps.db, this.#now);
    this.#card = deps.card ?? null;
    this.#citizens = deps.citizens ?? null;
    this.#registry = deps.registry ?? null;
    this.#printers = deps.printers ?? {};
    this.#site = { openingHours: deps.openingHours, registryLink: deps.registryLink };
    this.consumables = new MaintenanceConsumables(deps.db, this.#ledger.consumables, this.#now);
    this.notice = new ServiceNoticeStore(deps.db, this.#now);
    this.#deviceLog = new DeviceLog(deps.db, this.#now);
    // Device status changes are counted from the moment maintenance exists.
    for (const d of deps.devices ?? []) {
      this.#devices.set(d.id, d);
      this.#unsubscribe.push(d.onStatus((s) => this.#deviceLog.status(d.id, s)));
    }
    this.#pin = new TechnicianPin(deps.db, m.technicianPinHash, this.#now);
    this.#signIn = new TechnicianSignIn({ pin: this.#pin, card: () => this.#card, technicianNiks: m.technicianNiks, refSecret: deps.auditKey.toString('base64') });
    this.#session = new TechnicianSession(m.sessionMaxMs, () => this.#clock.now());
    const settings: MaintenanceSettings = {
      signInTimeoutMs: m.signInTimeoutMs,
      sessionIdleMs: m.sessionIdleMs,
      sessionMaxMs: m.sessionMaxMs,
      enterTimeoutMs: m.enterTimeoutMs,
      exitTimeoutMs: Math.max(1000, deps.config.timeouts.deviceOperationMs),
    };
    this.mode = new MaintenanceMode(
      {
        parkCitizens: () => void deps.service.set('technician', true),
        releaseCitizens: () => void deps.service.set('technician', this.notice.get().outOfService),
        watchCitizens: (listener) => this.#watchCitizens(listener),
        settleOperations: (signal) => this.#ops.settle(signal),
      },
      settings,
      this.#clock,
    );
    this.mode.on((e) => this.#onModeEvent(e));
  }

  /** A hold left by a stop in the middle of maintenance is released at start, unless the technician meant it. */
  #recoverHold(): void {
    const wanted = this.notice.get().outOfService;
    if (this.#d.service.has('technician') !== wanted) {
      this.#d.service.set('technician', wanted);
      if (!wanted) {
        this.#d.log.event('maintenance.recovered', { reason: 'technician hold without a technician session' });
        this.#d.journal.append('maintenance.recovered', { released: true });
      }
    }
  }

  #watchCitizens(listener: (idle: boolean) => void): () => void {
    const flow = this.#citizens;
    if (flow === null) {
      listener(true);
      return () => {};
    }
    const check = () => {
      const idle = !flow.printing();
      this.#waitingForPrint = !idle;
      listener(idle);
    };
    const unsubscribe = flow.subscribe(check);
    // The journey publishes on view changes; a poll catches a print that ends without one.
    const timer = setInterval(check, 500);
    timer.unref?.();
    check();
    return () => {
      this.#waitingForPrint = false;
      clearInterval(timer);
      unsubscribe();
    };
  }

  #onModeEvent(e: MaintenanceEmitted): void {
    const { log, journal } = this.#d;
    switch (e.type) {
      case 'maintenance.enterRequested':
        log.event('maintenance.entry_requested', { source: e.source });
        this.audit.append('kiosk', 'maintenance.entry_requested', { source: e.source });
        for (const l of [...this.#entryListeners]) l(e.source);
        break;
      case 'maintenance.active':
        log.event('maintenance.entered', { source: e.source, waitedMs: e.waitedMs });
        journal.append('maintenance.entered', { source: e.source, waitedMs: e.waitedMs });
        break;
      case 'maintenance.signedIn':
        log.event('maintenance.signed_in', { technician: e.technician.ref, method: e.technician.method });
        journal.append('maintenance.signed_in', { technician: e.technician.ref, method: e.technician.method });
        break;
      case 'maintenance.exitRequested':
        this.#session.revoke();
        log.event('maintenance.exit_requested', { reason: e.reason, technician: e.technician?.ref ?? null });
        break;
      case 'maintenance.inactive': {
        const detail = { reason: e.reason, technician: e.technician?.ref ?? null, durationMs: e.durationMs, settled: e.settled, outOfService: this.notice.get().outOfService };
        log.event('maintenance.left', detail);
        journal.append('maintenance.left', detail);
        this.audit.append(e.technician?.ref ?? 'kiosk', 'maintenance.left', detail);
        this.#d.fleetRefresh?.();
        break;
      }
    }
  }

  /** Starts serving: a hold left by a stop in the middle of maintenance is settled first. */
  start(): void {
    this.#recoverHold();
  }

  /** For the citizen UI's hook: the hidden entry was used; the kiosk browser should open /maintenance/. */
  onEntryRequested(listener: (source: EntrySource) => void): () => void {
    this.#entryListeners.add(listener);
    return () => this.#entryListeners.delete(listener);
  }

  // ── entry, sign-in, session ──────────────────────────────────────────────────────────────────

  publicState(): PublicState {
    return {
      mode: this.mode.state,
      signingIn: this.mode.signingIn,
      signIn: { pinConfigured: this.#d.config.maintenance.technicianPinHash !== undefined, pinLockedUntil: this.#pin.lockedUntil(), cardAvailable: this.#signIn.cardAvailable },
      waitingForPrint: this.mode.state === 'enterPending' && this.#waitingForPrint,
    };
  }

  requestEntry(source: EntrySource): VendorModeState {
    if (this.mode.state === 'inactive') this.mode.enter(source);
    return this.mode.state;
  }

  /** Leaves from the sign-in screen (or while entry waits): nobody is signed in, so no session is needed. */
  cancelEntry(): boolean {
    const state = this.mode.state;
    if (state !== 'enterPending' && !this.mode.signingIn) return false;
    this.mode.leave('canceled');
    return true;
  }

  async signInWithPin(pin: string): Promise<Result<IssuedSession, SignInFailure>> {
    if (!this.mode.signingIn) return err({ code: 'not_signing_in', message: 'the sign-in screen is not open' });
    return this.#finishSignIn(await this.#signIn.withPin(pin), 'pin');
  }

  async signInWithCard(signal: AbortSignal): Promise<Result<IssuedSession, SignInFailure>> {
    if (!this.mode.signingIn) return err({ code: 'not_signing_in', message: 'the sign-in screen is not open' });
    const waitMs = Math.min(60_000, this.#d.config.maintenance.signInTimeoutMs);
    const r = await this.#signIn.withCard(AbortSignal.any([signal, AbortSignal.timeout(waitMs + this.#d.config.timeouts.deviceOperationMs * 2)]), waitMs);
    return this.#finishSignIn(r, 'ektp');
  }

  #finishSignIn(r: Result<TechnicianRef, SignInError>, method: 'pin' | 'ektp'): Result<IssuedSession, SignInFailure> {
    if (!r.ok) {
      const e = r.error;
      const detail: Record<string, unknown> = { method, code: e.code };
      if ('attemptsLeft' in e) detail.attemptsLeft = e.attemptsLeft;
      if (e.code === 'not_technician') detail.who = e.message.split(' ')[0];
      this.#d.log.event('maintenance.sign_in_refused', detail);
      this.audit.append('kiosk', 'sign_in.refused', detail);
      if (e.code === 'pin_locked' && 'lockedUntil' in e) this.#d.log.event('maintenance.pin_locked', { lockedUntil: e.lockedUntil });
      return r;
    }
    // The sign-in may have taken a while (a card and a finger): the screen must still be open.
    if (!this.mode.signingIn) return err({ code: 'not_signing_in', message: 'the sign-in screen closed while the sign-in ran' });
    const issued = this.#session.issue(r.value);
    this.audit.append(r.value.ref, 'sign_in.succeeded', { method });
    this.mode.signedIn(r.value);
    return ok(issued);
  }

  /** The technician behind a bearer token, when the session is valid; counts as activity. */
  authenticate(token: string | null): TechnicianRef | null {
    if (!this.mode.working) return null;
    const t = this.#session.check(token);
    if (t !== null) this.mode.activity();
    return t;
  }

  leave(technician: TechnicianRef): void {
    this.audit.append(technician.ref, 'maintenance.leave', {});
    this.mode.leave('technician_left');
  }

  // ── screens ──────────────────────────────────────────────────────────────────────────────────

  #device(id: DeviceId): MaintenanceDevice | null {
    const own = this.#devices.get(id);
    if (own) return own;
    const summary = this.#d.summaries().find((s) => s.id === id);
    return summary ? new ReportedDevice(id, () => this.#d.summaries().find((s) => s.id === id)) : null;
  }

  #printsByPrinter(): Record<'a4' | 'card', Partial<Record<LedgerState, number>>> {
    return this.#ledger.countsByPrinter();
  }

  devices(): DeviceView[] {
    const prints = this.#printsByPrinter();
    const out: DeviceView[] = [];
    for (const id of DEVICE_IDS) {
      const d = this.#device(id);
      if (!d) continue;
      const s = d.summary();
      const rec = this.#deviceLog.get(id);
      const printer = PRINTER_OF[id];
      out.push({
        id,
        mode: s.mode,
        status: s.status,
        details: d.details(),
        counters: rec.counters,
        lastError: rec.lastError,
        prints: printer ? prints[printer] : null,
        canSelfTest: !(d instanceof ReportedDevice),
        canTestPrint: typeof d.testPrint === 'function',
        busy: this.#ops.busy.includes(id),
      });
    }
    return out;
  }

  alerts(): AlertView[] {
    const conditions = [...deviceAlerts(this.#d.summaries()), ...this.consumables.alerts(), ...unknownPrintAlerts(this.#ledger.list({ state: 'unknown', limit: 100 }).map((r) => ({ ledgerId: r.id, documentType: r.documentType })))];
    return conditions.map((c) => ({ ...c, severity: ALERT_KINDS[c.kind] }));
  }

  overview(): Overview {
    return {
      mode: this.mode.state,
      technician: this.mode.technician,
      service: this.#d.service.snapshot,
      notice: this.notice.get(),
      devices: this.devices(),
      consumables: this.consumables.list(),
      alerts: this.alerts(),
      ledger: this.#ledger.counts(),
      openingHours: this.#site.openingHours?.() ?? null,
      registryLink: this.#site.registryLink?.() ?? null,
    };
  }

  #done(t: TechnicianRef, action: string, detail: Record<string, unknown>): void {
    this.audit.append(t.ref, action, detail);
    this.#d.log.event('maintenance.action', { action, technician: t.ref, ...detail });
  }

  #failed(t: TechnicianRef, action: string, detail: Record<string, unknown>): void {
    this.audit.append(t.ref, action, { ...detail, failed: true });
    this.#d.log.event('maintenance.action_failed', { action, technician: t.ref, ...detail });
  }

  async selfTest(t: TechnicianRef, id: DeviceId, signal?: AbortSignal): Promise<Result<SelfTestReport, ActionError>> {
    const d = this.#device(id);
    if (!d) return err({ code: 'no_such_device', message: `no ${id} is wired` });
    const r = await this.#ops.run(id, this.#d.config.timeouts.deviceOperationMs * 2, signal, (s) => d.selfTest(s));
    if (!r.ok) return r;
    this.#deviceLog.count(id, 'selfTest', r.value.passed);
    this.#done(t, 'self_test.run', { device: id, passed: r.value.passed, failed: r.value.checks.filter((c) => !c.ok).map((c) => c.name) });
    return r;
  }

  async testPrint(t: TechnicianRef, id: DeviceId, signal?: AbortSignal): Promise<Result<TestPrintDone, ActionError>> {
    const d = this.#device(id);
    if (!d) return err({ code: 'no_such_device', message: `no ${id} is wired` });
    const print = d.testPrint?.bind(d);
    if (!print) return err({ code: 'unsupported', message: `${id} does not print` });
    const limit = this.#d.config.timeouts.printJobMs + this.#d.config.timeouts.deviceOperationMs * 2;
    const r = await this.#ops.run(id, limit, signal, (s) => print(s));
    if (!r.ok) return r;
    this.#deviceLog.count(id, 'testPrint', r.value.ok);
    if (!r.value.ok) {
      this.#failed(t, 'test_print.run', { device: id, code: r.value.error.code, reason: r.value.error.message });
      return r.value;
    }
    for (const u of r.value.value.used) this.consumables.useForTest(u.consumable, u.count);
    this.#done(t, 'test_print.run', { device: id, detail: r.value.value.detail });
    this.#d.fleetRefresh?.();
    return r.value;
  }

  setConsumable(t: TechnicianRef, name: string, change: ConsumableChange): Result<ConsumableView, ActionError> {
    const before = this.consumables.list().find((c) => c.name === name) ?? null;
    const r = this.consumables.set(name, change, t.ref);
    if (!r.ok) {
      this.#failed(t, 'consumables.set', { consumable: name, code: r.error.code, ...change });
      return r;
    }
    this.#done(t, 'consumables.set', { consumable: name, from: before?.level ?? null, level: r.value.level, capacity: r.value.capacity, lowThreshold: r.value.lowThreshold });
    this.#d.fleetRefresh?.();
    return r;
  }

  /** Prints waiting for a person: outcome unknown, or printed but reported missing by the citizen. */
  unknownPrints(): UnknownPrintView[] {
    return [...this.#ledger.list({ state: 'unknown', limit: 200 }), ...this.#ledger.openReviews()].map(({ subjectRef: _s, ...row }) => ({ ...row, history: this.#ledger.history(row.id) }));
  }

  /** A person looked at a print the citizen reported missing: the review closes (it stays printed). */
  closeReview(t: TechnicianRef, ledgerId: string, note: string): Result<Omit<LedgerRow, 'subjectRef'>, ActionError> {
    // Free text enters the kiosk here, from the maintenance API or a fleet command: redacted before the ledger, audit or exports see it.
    const text = this.#d.log.redactor.text(note.trim());
    // eslint-disable-next-line no-control-regex -- control characters are refused in a note
    if (text.length === 0 || text.length > 200 || /[\u0000-\u001f\u007f]/.test(text)) return err({ code: 'invalid_note', message: 'say what you found, in at most 200 characters on one line' });
    const closed = this.#ledger.closeReview(ledgerId, text);
    if (!closed.ok) {
      this.#failed(t, 'ledger.review_close', { ledgerId, code: closed.error.code });
      return err({ code: closed.error.code === 'not_found' ? 'not_found' : 'wrong_state', message: closed.error.message });
    }
    this.#done(t, 'ledger.review_close', { ledgerId, documentType: closed.value.documentType, note: text });
    this.#d.log.event('print.review_closed', { ledgerId });
    this.#d.fleetRefresh?.();
    const { subjectRef: _s, ...row } = closed.value;
    return ok(row);
  }

  /** One print's history and what the printer says of its job, for a person deciding it (nothing personal). */
  async printEvidence(ledgerId: string): Promise<Result<Record<string, unknown>, ActionError>> {
    const row = this.#ledger.get(ledgerId);
    if (!row) return err({ code: 'not_found', message: `no ledger row ${ledgerId}` });
    const { subjectRef: _s, ...shown } = row;
    const printer = await printerEvidence(row, this.#printers[row.printer], { signal: AbortSignal.timeout(this.#d.config.timeouts.deviceOperationMs) });
    const consumables = this.#ledger.consumables.list().map((c) => ({ name: c.name, level: c.level }));
    return ok({ row: shown, history: this.#ledger.history(ledgerId), ...printer, consumables });
  }

  /**
   * A technician looked at the output tray: `printed` (the citizen has the document: the registry
   * is told it printed) or `not_printed` (nothing usable came out: the entitlement goes back).
   */
  async resolvePrint(t: TechnicianRef, ledgerId: string, decision: 'printed' | 'not_printed', note: string): Promise<Result<{ row: Omit<LedgerRow, 'subjectRef'>; registryTold: boolean }, ActionError>> {
    // Free text enters the kiosk here, from the maintenance API or a fleet command: redacted before the ledger, audit or exports see it.
    const text = this.#d.log.redactor.text(note.trim());
    // eslint-disable-next-line no-control-regex -- control characters are refused in a note
    if (text.length > 200 || /[\u0000-\u001f\u007f]/.test(text)) return err({ code: 'invalid_note', message: 'a note is at most 200 characters on one line' });
    const resolved = await resolvePrint(
      { ledger: this.#ledger, printers: this.#printers, registry: this.#registry, cancelWaitMs: this.#d.config.timeouts.printJobMs, registryDeadlineMs: this.#d.config.registry.deadlineMs * 2, log: this.#d.log },
      ledgerId,
      decision,
      t.ref,
      text,
    );
    if (!resolved.ok) {
      this.#failed(t, 'ledger.resolve', { ledgerId, decision, code: resolved.error.code });
      const e = resolved.error;
      return err(e.code === 'not_found' || e.code === 'wrong_state' ? { code: e.code, message: e.message } : { code: 'printer_not_clear', message: e.message });
    }
    this.#done(t, 'ledger.resolve', { ledgerId, decision, documentType: resolved.value.row.documentType, note: text });
    this.#d.fleetRefresh?.();
    const { subjectRef: _s, ...row } = resolved.value.row;
    return ok({ row, registryTold: resolved.value.registryTold });
  }

  journalKinds(): string[] {
    return this.#d.journal.kinds();
  }

  journal(q: JournalQuery): JournalEntry[] {
    return this.#d.journal.list({ ...q, limit: Math.min(Math.max(q.limit ?? 100, 1), 500) });
  }

  setService(t: TechnicianRef, outOfService: boolean, message: Partial<CitizenMessage>): Result<ServiceNotice, ActionError> {
    const r = this.notice.set(outOfService, message, t.ref);
    if (!r.ok) {
      this.#failed(t, 'service.set', { outOfService, code: r.error.code });
      return r;
    }
    // While the technician is here the kiosk stays parked; the switch takes effect on leaving.
    if (this.mode.state === 'inactive') this.#d.service.set('technician', outOfService);
    this.#done(t, 'service.set', { outOfService, message: r.value.message });
    return r;
  }

  citizenNotice(): { technicianHold: boolean; message: CitizenMessage | null } {
    const n = this.notice.get();
    return { technicianHold: this.#d.service.has('technician'), message: n.outOfService ? n.message : null };
  }

  identity(): KioskIdentity {
    return kioskIdentity(this.#d.config, this.#d.startedAt, this.#now());
  }

  auditList(limit: number): { entries: AuditEntry[]; verification: AuditVerification } {
    return { entries: this.audit.list(Math.min(Math.max(limit, 1), 500)), verification: this.audit.verify() };
  }

  usbDrives(): Result<UsbDrive[], UsbError> {
    return findUsbDrives(this.#d.config.maintenance.usb);
  }

  #exportDir(): string {
    const d = this.#d.config.maintenance.exportDir;
    return isAbsolute(d) ? d : join(this.#d.config.dataDir, d);
  }

  async export(t: TechnicianRef, target: ExportTarget, signal?: AbortSignal): Promise<Result<ExportDone, ActionError | ExportError>> {
    const r = await this.#ops.run('export', 120_000, signal, (s) =>
      collectExport(
        {
          kioskId: this.#d.config.kiosk.id,
          unit: this.#d.config.update.unit,
          db: this.#d.db,
          audit: this.audit,
          ledger: this.#ledger,
          redactor: this.#d.log.redactor,
          summary: () => ({ identity: this.identity(), overview: this.overview(), audit: this.audit.verify() }),
          exportDir: this.#exportDir(),
          usb: () => this.usbDrives(),
          now: this.#now,
          technician: t.ref,
        },
        target,
        s,
      ),
    );
    if (!r.ok) return r;
    if (!r.value.ok) {
      this.#failed(t, 'export.write', { target: target.kind, code: r.value.error.code, reason: r.value.error.message });
      return r.value;
    }
    this.#done(t, 'export.write', { target: target.kind, path: r.value.value.path, bytes: r.value.value.bytes, files: r.value.value.files.length });
    return r.value;
  }

  close(): void {
    this.#ops.close();
    for (const u of this.#unsubscribe.splice(0)) u();
    this.mode.stop();
    this.#entryListeners.clear();
  }
}
