import { freemem, loadavg, totalmem } from 'node:os';
import type { Database } from 'better-sqlite3';
import type { KeyObject } from 'node:crypto';
import type { KioskLogger } from '../log/logger.ts';
import { AlertTracker, FingerprintWatch, SealWatch, consumableAlerts, deviceAlerts, registryLinkAlerts, unknownPrintAlerts, type AlertChange, type AlertCondition } from './alerts.ts';
import { verifyCommand, type CommandRefusal, type FleetCommand, type PrintEvidenceArgs, type ResolvePrintArgs } from './commands.ts';
import { fleetEncoder } from './encode.ts';
import { SqliteNonceStore } from '../store/fleet-state.ts';
import { FLEET_PROTOCOL_VERSION, type EventData, type PowerMessage, type Severity, type StateMessage, type TelemetryMessage } from './messages.ts';
import { FleetOutbox } from '../store/fleet-outbox.ts';
import { FleetPublisher, type BrokerOptions, type PublishFailure } from './publisher.ts';
export type { BrokerOptions };
import type { ServiceState } from './service-state.ts';
import type { FleetSources, PrintCounts, RemoteActionError } from './sources.ts';
import { startOfLocalDay } from './store-sources.ts';
import { buildTelemetry } from './telemetry.ts';
import type { KioskAddress } from './topics.ts';
import { err, type Result } from '../../core/result.ts';

export interface FleetAgentOptions {
  address: KioskAddress;
  /** Six-digit kecamatan code (`kiosk.districtCode`), sent in telemetry for per-kecamatan reports. */
  district?: string;
  version: string;
  startedAtMs: number;
  broker: BrokerOptions;
  /** The kiosk store (migration 003 applied): outbox, nonces, counters. */
  db: Database;
  outboxMax: number;
  sources: FleetSources;
  service: ServiceState;
  /** Null: every command is refused (`no_key`) and reported. */
  commandKey: KeyObject | null;
  commandMaxSkewMs: number;
  telemetryIntervalMs: number;
  alertCheckMs: number;
  fingerprintAlertAfter: number;
  log: KioskLogger;
  now?: () => Date;
  random?: () => number;
  /** Extra parts of the diagnostics report (configuration summary, store facts) from the wiring. */
  diagnostics?: () => Record<string, unknown>;
}

/** What the journey and other areas tell the fleet about; safe to call whether or not a broker is configured. */
export interface FleetReporter {
  fingerprintFailure(): void;
  fingerprintSuccess(): void;
  /** Re-reads the sources now (after a print, a refill, a device change) instead of at the next check. */
  refresh(): void;
  /** A print package's seal did not chain to the trust list (never a NIK: the office, key id and why). */
  untrustedSeal(detail: { code: string; officeCode: string; keyId: string }): void;
  /** A package's seal chained to the trust list: the untrusted-seal alert, if raised, clears. */
  trustedSeal(): void;
}

const REFUSED = 'commands.refused';
/** Refusal reports allowed per minute: a flood of forgeries is counted, not mirrored into the outbox. */
const REFUSAL_REPORTS_PER_MIN = 10;

/**
 * The kiosk's side of the fleet: reads the sources, turns conditions into alerts, queues events in
 * the outbox, publishes state and telemetry, and carries out verified commands.
 */
export class FleetAgent implements FleetReporter {
  readonly outbox: FleetOutbox;
  readonly publisher: FleetPublisher;
  readonly alerts: AlertTracker;
  readonly #o: FleetAgentOptions;
  readonly #now: () => Date;
  readonly #nonces: SqliteNonceStore;
  readonly #fingerprint: FingerprintWatch;
  readonly #seals = new SealWatch();
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #unsubscribeService: () => void;
  #refusalReports: number[] = [];
  #started = false;

  constructor(options: FleetAgentOptions) {
    this.#o = options;
    this.#now = options.now ?? (() => new Date());
    const encode = fleetEncoder(options.log.redactor);
    this.outbox = new FleetOutbox(options.db, { maxPending: options.outboxMax, now: this.#now, encode });
    this.#nonces = new SqliteNonceStore(options.db);
    this.alerts = new AlertTracker(this.#now);
    this.#fingerprint = new FingerprintWatch(options.fingerprintAlertAfter);
    const b = options.broker;
    this.publisher = new FleetPublisher({
      url: b.url,
      address: options.address,
      clientId: b.clientId ?? options.address.kiosk,
      username: b.username,
      password: b.password,
      ca: b.ca,
      keepaliveS: b.keepaliveS,
      connectTimeoutMs: b.connectTimeoutMs,
      reconnectMinMs: b.reconnectMinMs,
      reconnectMaxMs: b.reconnectMaxMs,
      window: b.window,
      outbox: this.outbox,
      log: options.log,
      now: this.#now,
      random: options.random,
      encode,
      state: (status) => this.#state(status),
      onConnected: () => this.#onConnected(),
      onCommand: (payload) => this.#guard('command', () => this.handleCommand(payload)),
      onError: (step, e) => options.log.event('fleet.step_failed', { step, error: e.message }),
    });
    this.#unsubscribeService = options.service.subscribe((change) => this.#guard('service', () => {
      const s = change.snapshot;
      options.log.event('fleet.service_changed', { reason: change.reason, outOfService: change.outOfService, inService: s.inService, reasons: s.reasons });
      this.emitEvent('service.changed', s.inService ? 'info' : 'warning', { reason: change.reason, outOfService: change.outOfService, inService: s.inService, reasons: s.reasons });
      void this.publisher.publishLive('state', this.#state('online'), { qos: 1, retain: true });
      void this.publishTelemetry();
      // Closing and opening change which alerts hold (devices switched off at night raise none).
      if (change.reason === 'closed-hours' || change.reason === 'registry-unreachable') this.checkAlerts();
    }));
  }

  /**
   * Runs a step from a timer, a broker callback or another area's call. Reporting must never take
   * the kiosk down: a throw (a store write on a full disk, a bug) is logged and the step skipped.
   */
  #guard(step: string, fn: () => unknown): void {
    try {
      fn();
    } catch (e) {
      this.#o.log.event('fleet.step_failed', { step, error: (e as Error).message });
    }
  }

  #state(status: StateMessage['status']): StateMessage {
    const o = this.#o;
    const since = this.publisher.since;
    return {
      v: FLEET_PROTOCOL_VERSION,
      kiosk: o.address.kiosk,
      region: o.address.region,
      status,
      at: this.#now().toISOString(),
      ...(since !== null ? { since } : {}),
      version: o.version,
      service: o.service.snapshot,
      ...this.#power(),
    };
  }

  #power(): { power?: PowerMessage } {
    const p = this.#read('power', () => this.#o.sources.power?.() ?? null, null);
    return p ? { power: p } : {};
  }

  /** The power changed: an event when it is one (mains lost, low battery, back), and the retained state and telemetry again. */
  powerChanged(power: PowerMessage, event: string | null): void {
    this.#guard('power', () => {
      if (event !== null) {
        const severity: Severity = event === 'low-battery' ? 'critical' : power.state === 'mains' ? 'info' : 'warning';
        this.emitEvent(`power.${event}`, severity, { state: power.state, status: power.status, chargePct: power.chargePct, runtimeS: power.runtimeS });
      }
      void this.publisher.publishLive('state', this.#state('online'), { qos: 1, retain: true });
      void this.publishTelemetry();
    });
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.emitEvent('kiosk.started', 'info', { version: this.#o.version });
    this.checkAlerts();
    this.#timers.push(setInterval(() => this.#guard('alerts', () => this.checkAlerts()), this.#o.alertCheckMs).unref());
    this.#timers.push(setInterval(() => this.#guard('telemetry', () => void this.publishTelemetry()), this.#o.telemetryIntervalMs).unref());
    this.publisher.start();
  }

  /** Queues an event (id and seq assigned by the outbox) and sends it if online. */
  emitEvent(kind: string, severity: Severity, data: EventData, extra: { subject?: string; active?: boolean; bounded?: boolean } = {}): { id: string; seq: number } {
    const o = this.#o;
    const { bounded, ...fields } = extra;
    const r = this.outbox.enqueue('event', {
      v: FLEET_PROTOCOL_VERSION,
      kiosk: o.address.kiosk,
      region: o.address.region,
      at: this.#now().toISOString(),
      kind,
      severity,
      ...fields,
      data,
    }, { bounded });
    if (r.dropped > 0) o.log.event('fleet.outbox_dropped', { count: r.dropped, max: o.outboxMax });
    this.publisher.kick();
    return { id: r.id, seq: r.seq };
  }

  #read<T>(source: string, read: () => T, fallback: T): T {
    try {
      return read();
    } catch (e) {
      this.#o.log.event('fleet.source_failed', { source, error: (e as Error).message });
      return fallback;
    }
  }

  /** Reads every source, raises and clears alerts; returns what changed. */
  checkAlerts(): AlertChange[] {
    const s = this.#o.sources;
    const changes: AlertChange[] = [
      // Closed by opening hours: devices may be switched off for the night; that is no alert.
      ...this.#update('devices', () => (this.#o.service.has('closed-hours') ? [] : deviceAlerts(s.devices()))),
      ...this.#update('consumables', () => consumableAlerts(s.consumables())),
      ...this.#update('ledger', () => unknownPrintAlerts(s.unknownPrints())),
      ...this.#update('fingerprint', () => this.#fingerprint.conditions()),
      ...this.#update('seals', () => this.#seals.conditions()),
      ...this.#update('registry-link', () => registryLinkAlerts(s.registryLink?.() ?? null)),
    ];
    for (const c of changes) {
      const a = c.alert;
      this.#o.log.event(c.active ? 'fleet.alert_raised' : 'fleet.alert_cleared', { kind: a.kind, subject: a.subject, severity: a.severity });
      this.emitEvent(a.kind, c.active ? a.severity : 'info', a.data, { subject: a.subject, active: c.active });
    }
    if (changes.length > 0) void this.publishTelemetry();
    return changes;
  }

  #update(source: string, read: () => AlertCondition[]): AlertChange[] {
    let conditions: AlertCondition[];
    try {
      conditions = read();
    } catch (e) {
      // Keep the alerts this source had: a failing read says nothing about the conditions.
      this.#o.log.event('fleet.source_failed', { source, error: (e as Error).message });
      return [];
    }
    return this.alerts.update(source, conditions);
  }

  telemetry(): TelemetryMessage {
    const o = this.#o;
    const now = this.#now();
    const s = o.sources;
    const noPrints: PrintCounts = { printed: {}, failed: {} };
    const dayStart = startOfLocalDay(now);
    return buildTelemetry({
      address: o.address,
      district: o.district,
      at: now,
      dayStart,
      version: o.version,
      uptimeS: (now.getTime() - o.startedAtMs) / 1000,
      service: o.service.snapshot,
      devices: this.#read('devices', () => s.devices(), []),
      consumables: this.#read('consumables', () => s.consumables(), []),
      today: this.#read('ledger', () => s.printsSince(dayStart), noPrints),
      unknownPrints: this.#read('ledger', () => s.unknownPrints().filter((p) => !p.review).length, 0),
      alerts: this.alerts.active(),
      registryReachable: this.#read('registry', () => s.registryReachable(), null),
      outbox: this.outbox.stats(),
      commandsRefused: this.outbox.state.counter(REFUSED),
      auditHead: this.#read('audit', () => s.auditHead?.() ?? null, null),
      power: this.#read('power', () => s.power?.() ?? null, null),
      ...(s.guidanceSessions ? { guidanceSessions: this.#read('guidance', () => s.guidanceSessions?.() ?? 0, 0) } : {}),
    });
  }

  /** Publishes telemetry (retained, QoS 0) now; a typed failure when offline. */
  publishTelemetry(): Promise<Result<void, PublishFailure>> {
    return this.publisher.publishLive('telemetry', this.telemetry() as unknown as Record<string, unknown>, { qos: 0, retain: true });
  }

  #onConnected(): void {
    void this.publishTelemetry();
    const dropped = this.outbox.takeUnreportedDrops();
    if (dropped > 0) this.emitEvent('outbox.dropped', 'warning', { count: dropped, total: this.outbox.stats().dropped }, { bounded: false });
  }

  fingerprintFailure(): void {
    this.#fingerprint.failure();
    this.#guard('alerts', () => this.checkAlerts());
  }

  fingerprintSuccess(): void {
    this.#fingerprint.success();
    this.#guard('alerts', () => this.checkAlerts());
  }

  untrustedSeal(detail: { code: string; officeCode: string; keyId: string }): void {
    this.#seals.untrusted(detail);
    this.#guard('alerts', () => this.checkAlerts());
  }

  trustedSeal(): void {
    this.#seals.trusted();
    this.#guard('alerts', () => this.checkAlerts());
  }

  refresh(): void {
    this.#guard('alerts', () => this.checkAlerts());
  }

  /** Verifies and carries out one message from the `cmd` topic; a refusal is counted, logged and reported. */
  handleCommand(raw: Buffer | string): Result<FleetCommand, CommandRefusal> {
    const o = this.#o;
    const verdict = verifyCommand(raw, { address: o.address, publicKey: o.commandKey, nonces: this.#nonces, now: this.#now, maxSkewMs: o.commandMaxSkewMs });
    if (!verdict.ok) {
      const r = verdict.error;
      this.outbox.state.increment(REFUSED);
      o.log.event('fleet.command_refused', { reason: r.reason, detail: r.message, cmd: r.cmd, nonce: r.nonce });
      if (this.#mayReportRefusal()) {
        this.emitEvent('command.refused', 'warning', { reason: r.reason, ...(r.cmd ? { cmd: r.cmd } : {}), ...(r.nonce ? { nonce: r.nonce } : {}), ...(r.nonceRef ? { nonceRef: r.nonceRef } : {}) });
      }
      return verdict;
    }
    const c = verdict.value;
    o.log.event('fleet.command_accepted', { cmd: c.cmd, nonce: c.nonce, issuedAt: c.issuedAt });
    switch (c.cmd) {
      case 'out-of-service':
        o.service.set('fleet', true);
        break;
      case 'in-service':
        o.service.set('fleet', false);
        break;
      case 'diagnostics':
        this.#report(c.nonce, this.diagnostics());
        break;
      case 'telemetry-now':
        void this.publishTelemetry();
        break;
      case 'print-evidence':
      case 'resolve-print':
        // Answered when the printer has been asked: the report first, then `command.done`.
        void this.#printCommand(c);
        return verdict;
    }
    this.emitEvent('command.done', 'info', { cmd: c.cmd, nonce: c.nonce });
    return verdict;
  }

  /** A report answering the command with this nonce, on the `diagnostics` topic. */
  #report(nonce: string, report: Record<string, unknown>): void {
    const o = this.#o;
    this.outbox.enqueue('diagnostics', { v: FLEET_PROTOCOL_VERSION, kiosk: o.address.kiosk, region: o.address.region, at: this.#now().toISOString(), request: nonce, report });
  }

  /** An unknown print seen or answered from afar: the report rides on `diagnostics` under the command's nonce. */
  async #printCommand(c: FleetCommand): Promise<void> {
    const o = this.#o;
    let r: Result<Record<string, unknown>, RemoteActionError>;
    try {
      const { printEvidence, resolvePrint } = o.sources;
      if (!printEvidence || !resolvePrint) r = err({ code: 'unsupported', message: 'this kiosk has no print ledger wired' });
      else if (c.cmd === 'resolve-print') {
        const a = c.args as ResolvePrintArgs;
        r = await resolvePrint(a.ledgerId, a.decision, a.note, `fleet:${a.operator}`);
      } else {
        r = await printEvidence((c.args as PrintEvidenceArgs).ledgerId);
      }
    } catch (e) {
      o.log.event('fleet.source_failed', { source: c.cmd, error: (e as Error).message });
      r = err({ code: 'failed', message: 'the print ledger could not be read' });
    }
    this.#report(c.nonce, r.ok ? { ok: true, ...r.value } : { ok: false, error: r.error.code, message: r.error.message });
    this.emitEvent('command.done', r.ok ? 'info' : 'warning', { cmd: c.cmd, nonce: c.nonce, ok: r.ok, ...(r.ok ? {} : { error: r.error.code }) });
  }

  #mayReportRefusal(): boolean {
    const now = this.#now().getTime();
    this.#refusalReports = this.#refusalReports.filter((t) => t > now - 60_000);
    if (this.#refusalReports.length >= REFUSAL_REPORTS_PER_MIN) return false;
    this.#refusalReports.push(now);
    return true;
  }

  /** Everything a remote technician needs to see, and nothing about a citizen. */
  diagnostics(): Record<string, unknown> {
    const o = this.#o;
    const mem = process.memoryUsage();
    return {
      software: { version: o.version, node: process.version, platform: process.platform, arch: process.arch },
      uptimeS: Math.round((this.#now().getTime() - o.startedAtMs) / 1000),
      memory: { rssMb: Math.round(mem.rss / 1048576), heapUsedMb: Math.round(mem.heapUsed / 1048576), systemFreeMb: Math.round(freemem() / 1048576), systemTotalMb: Math.round(totalmem() / 1048576) },
      loadAvg: loadavg().map((l) => Math.round(l * 100) / 100),
      service: o.service.snapshot,
      devices: this.#read('devices', () => o.sources.devices(), []),
      telemetry: this.telemetry(),
      outbox: { ...this.outbox.stats(), recent: this.outbox.recent(20) },
      connection: this.publisher.stats(),
      ...this.#read('diagnostics', () => o.diagnostics?.() ?? {}, {}),
    };
  }

  async stop(timeoutMs = 2000): Promise<void> {
    for (const t of this.#timers) clearInterval(t);
    this.#unsubscribeService();
    await this.publisher.stop(timeoutMs);
  }
}
