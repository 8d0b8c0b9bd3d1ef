import { eventSchema, stateSchema, telemetrySchema, type ActiveAlertMessage, type EventMessage, type StateMessage, type TelemetryMessage } from '../messages.ts';
import { parseTopic } from '../topics.ts';

export type KioskStatus = StateMessage['status'] | 'unknown';

export interface KioskView {
  region: string;
  kiosk: string;
  status: KioskStatus;
  /** The kiosk's own time of its last state message (for `lost`: when the lost connection began). */
  statusAt: string | null;
  /** When the kiosk's current connection began, as its state messages say. */
  since: string | null;
  /** Its connection when the monitor last lost the broker. */
  outageSince: string | null;
  /** Monitor clock (ms) when the kiosk was last shown lost, and what it was before. */
  lostAtMs: number;
  statusBeforeLost: KioskStatus;
  /** Monitor clock (ms) of the last message from this kiosk. */
  lastSeenMs: number;
  /** The kiosk's own clock of the newest message it sent (the same for every monitor that received it). */
  lastSaidAt: string | null;
  /**
   * False from the monitor's reconnection after a broker outage until the kiosk is heard from
   * again: its picture is from before the outage.
   */
  confirmed: boolean;
  version: string | null;
  service: StateMessage['service'] | null;
  telemetry: TelemetryMessage | null;
  /** Active alerts by `kind|subject`. */
  alerts: Map<string, ActiveAlertMessage>;
  /** The latest events, newest last. */
  recent: EventMessage[];
  events: number;
  historicalEvents: number;
  duplicateEvents: number;
}

export type ApplyOutcome = 'state' | 'telemetry' | 'event' | 'duplicate' | 'diagnostics' | 'ignored' | 'invalid';

export interface FleetSummary {
  kiosks: number;
  online: number;
  lost: number;
  offline: number;
  unknown: number;
  /** Closed by their opening hours (counted here, not under their connection status). */
  closed: number;
  outOfService: number;
  criticalAlerts: number;
  warningAlerts: number;
  printedToday: number;
}

const RECENT = 20;
const SEEN_IDS = 1000;

/** The monitor's picture of the fleet, built only from what kiosks publish; every payload is validated first. */
export class FleetView {
  readonly #kiosks = new Map<string, KioskView>();
  readonly #seen = new Map<string, { ids: Set<string>; order: string[] }>();
  readonly #alertsAsOf = new Map<string, string>();
  #graceUntilMs = 0;
  readonly #listeners = new Set<(k: KioskView, what: ApplyOutcome, event?: EventMessage) => void>();
  readonly counts: Record<ApplyOutcome, number> = { state: 0, telemetry: 0, event: 0, duplicate: 0, diagnostics: 0, ignored: 0, invalid: 0 };

  apply(topic: string, payload: Buffer | string, receivedAtMs: number): ApplyOutcome {
    const outcome = this.#apply(topic, payload, receivedAtMs);
    this.counts[outcome]++;
    return outcome;
  }

  onChange(listener: (k: KioskView, what: ApplyOutcome, event?: EventMessage) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #apply(topic: string, payload: Buffer | string, receivedAtMs: number): ApplyOutcome {
    const t = parseTopic(topic);
    if (!t || t.channel === 'cmd') return 'ignored';
    // A retained message cleared by an empty payload.
    if (payload.length === 0) return 'ignored';
    let json: unknown;
    try {
      json = JSON.parse(typeof payload === 'string' ? payload : payload.toString('utf8'));
    } catch {
      return 'invalid';
    }
    if (t.channel === 'diagnostics') return 'diagnostics';
    const k = this.#kiosk(t.region, t.kiosk);
    const key = `${t.region}/${t.kiosk}`;
    if (t.channel === 'state') {
      const s = stateSchema.safeParse(json);
      if (!s.success || s.data.kiosk !== t.kiosk) return 'invalid';
      const since = s.data.since;
      if (s.data.status === 'lost' && since !== undefined && k.since !== null) {
        // The will of a connection older than the one the kiosk has now: late, and not true any more.
        if (since < k.since) return 'ignored';
        // Soon after a broker outage, the will of the connection the kiosk had when the broker went
        // down (queued for a monitor with a persistent session): the broker's end, not the kiosk's.
        // The kiosk stays unconfirmed: its next connection confirms it, or it shows unknown.
        if (k.outageSince !== null && since <= k.outageSince && receivedAtMs < this.#graceUntilMs) {
          k.confirmed = false;
          return 'ignored';
        }
      }
      if (s.data.status === 'lost' && k.status !== 'lost') {
        k.lostAtMs = receivedAtMs;
        k.statusBeforeLost = k.status;
      }
      if (since !== undefined && s.data.status !== 'lost') k.since = since;
      k.status = s.data.status;
      k.statusAt = s.data.at;
      k.version = s.data.version ?? k.version;
      // A will carries the service of its connection's start; what the kiosk said since is newer.
      if (s.data.status !== 'lost' || k.service === null) k.service = s.data.service ?? k.service;
      this.#heard(k, receivedAtMs, s.data.at);
      this.#emit(k, 'state');
      return 'state';
    }
    if (t.channel === 'telemetry') {
      const m = telemetrySchema.safeParse(json);
      if (!m.success || m.data.kiosk !== t.kiosk) return 'invalid';
      if (k.telemetry && m.data.at < k.telemetry.at) return 'telemetry';
      k.telemetry = m.data;
      k.version = m.data.version;
      k.service = m.data.service;
      this.#heard(k, receivedAtMs, m.data.at);
      // Telemetry carries the full alert set as of its time: newer than any alert event seen, it wins.
      const asOf = this.#alertsAsOf.get(key);
      if (asOf === undefined || m.data.at >= asOf) {
        k.alerts = new Map(m.data.alerts.map((a) => [`${a.kind}|${a.subject}`, a]));
        this.#alertsAsOf.set(key, m.data.at);
      }
      this.#emit(k, 'telemetry');
      return 'telemetry';
    }
    const e = eventSchema.safeParse(json);
    if (!e.success || e.data.kiosk !== t.kiosk) return 'invalid';
    const ev = e.data;
    const seen = this.#seen.get(key) ?? { ids: new Set<string>(), order: [] };
    this.#seen.set(key, seen);
    this.#heard(k, receivedAtMs, ev.at);
    // QoS 1 is at least once: the outbox never repeats what the broker acknowledged, but a message
    // in flight when the link dropped may arrive twice. The id makes the second copy harmless.
    if (seen.ids.has(ev.id)) {
      k.duplicateEvents++;
      return 'duplicate';
    }
    seen.ids.add(ev.id);
    seen.order.push(ev.id);
    if (seen.order.length > SEEN_IDS) seen.ids.delete(seen.order.shift()!);
    k.events++;
    if (ev.historical) k.historicalEvents++;
    k.recent.push(ev);
    if (k.recent.length > RECENT) k.recent.shift();
    if (ev.active !== undefined && ev.subject !== undefined) {
      const asOf = this.#alertsAsOf.get(key);
      if (asOf === undefined || ev.at >= asOf) {
        const akey = `${ev.kind}|${ev.subject}`;
        if (ev.active) k.alerts.set(akey, { kind: ev.kind, subject: ev.subject, severity: ev.severity, since: ev.at });
        else k.alerts.delete(akey);
        this.#alertsAsOf.set(key, ev.at);
      }
    }
    this.#emit(k, 'event', ev);
    return 'event';
  }

  #heard(k: KioskView, receivedAtMs: number, at: string): void {
    k.lastSeenMs = receivedAtMs;
    if (k.lastSaidAt === null || at > k.lastSaidAt) k.lastSaidAt = at;
    k.confirmed = true;
  }

  /**
   * The monitor is connected again after losing the broker: what it shows is from before. Every
   * kiosk keeps its picture (an outage is one event, not a lost fleet) until it is heard from again;
   * for `graceMs`, wills of the connections kiosks had before the outage are the outage's.
   */
  unconfirmAll(nowMs: number, graceMs: number): void {
    this.#graceUntilMs = nowMs + graceMs;
    for (const k of this.#kiosks.values()) {
      k.confirmed = false;
      k.outageSince = k.since;
    }
  }

  /**
   * The monitor lost the broker. A broker that stops sends every connected kiosk's will first, so
   * kiosks shown lost in the moments before (since `sinceMs`) lost the broker, not their power:
   * they keep their status from before, unconfirmed, and the outage is one event, not a lost fleet.
   * Returns how many were put back.
   */
  attributeToOutage(sinceMs: number): number {
    let n = 0;
    for (const k of this.#kiosks.values()) {
      k.confirmed = false;
      if (k.status !== 'lost' || k.lostAtMs < sinceMs) continue;
      k.status = k.statusBeforeLost;
      n++;
      this.#emit(k, 'state');
    }
    return n;
  }

  /**
   * Kiosks not heard from since the reconnection, given time to come back: their state is not
   * known (a kiosk that died during the outage left no will on a broker that restarted empty).
   * Returns how many.
   */
  expireUnconfirmed(): number {
    let n = 0;
    for (const k of this.#kiosks.values()) {
      // A lost or stopped kiosk's last word still holds; only an online one may have died unseen.
      if (k.confirmed || k.status !== 'online') continue;
      k.status = 'unknown';
      n++;
      this.#emit(k, 'state');
    }
    return n;
  }

  /** Kiosks not heard from since the monitor's last reconnection. */
  unconfirmed(): number {
    let n = 0;
    for (const k of this.#kiosks.values()) if (!k.confirmed) n++;
    return n;
  }

  #emit(k: KioskView, what: ApplyOutcome, ev?: EventMessage): void {
    for (const l of [...this.#listeners]) l(k, what, ev);
  }

  #kiosk(region: string, kiosk: string): KioskView {
    const key = `${region}/${kiosk}`;
    let k = this.#kiosks.get(key);
    if (!k) {
      k = {
        region,
        kiosk,
        status: 'unknown',
        statusAt: null,
        since: null,
        outageSince: null,
        lostAtMs: 0,
        statusBeforeLost: 'unknown',
        lastSeenMs: 0,
        lastSaidAt: null,
        confirmed: true,
        version: null,
        service: null,
        telemetry: null,
        alerts: new Map(),
        recent: [],
        events: 0,
        historicalEvents: 0,
        duplicateEvents: 0,
      };
      this.#kiosks.set(key, k);
    }
    return k;
  }

  get(region: string, kiosk: string): KioskView | undefined {
    return this.#kiosks.get(`${region}/${kiosk}`);
  }

  /** Every kiosk, sorted by region then id. */
  kiosks(): KioskView[] {
    return [...this.#kiosks.values()].sort((a, b) => a.region.localeCompare(b.region) || a.kiosk.localeCompare(b.kiosk));
  }

  summary(): FleetSummary {
    const s: FleetSummary = { kiosks: 0, online: 0, lost: 0, offline: 0, unknown: 0, closed: 0, outOfService: 0, criticalAlerts: 0, warningAlerts: 0, printedToday: 0 };
    for (const k of this.#kiosks.values()) {
      s.kiosks++;
      s[shownStatus(k)]++;
      if (k.service && !k.service.inService) s.outOfService++;
      for (const a of k.alerts.values()) {
        if (a.severity === 'critical') s.criticalAlerts++;
        else if (a.severity === 'warning') s.warningAlerts++;
      }
      for (const n of Object.values(k.telemetry?.printedToday ?? {})) s.printedToday += n;
    }
    return s;
  }
}

/**
 * What the fleet shows for a kiosk: `closed` while its opening hours hold it closed (running,
 * stopped for the night or cut off by the night's power), otherwise its connection status.
 */
export function shownStatus(k: Pick<KioskView, 'status' | 'service'>): KioskStatus | 'closed' {
  if (k.status !== 'unknown' && k.service?.reasons.includes('closed-hours')) return 'closed';
  return k.status;
}

/** A kiosk as JSON for the dashboard's API. */
export function kioskJson(k: KioskView): Record<string, unknown> {
  const t = k.telemetry;
  return {
    region: k.region,
    kiosk: k.kiosk,
    status: shownStatus(k),
    connection: k.status,
    statusAt: k.statusAt,
    lastSeen: k.lastSeenMs ? new Date(k.lastSeenMs).toISOString() : null,
    version: k.version,
    service: k.service,
    devices: t?.devices ?? {},
    consumables: t?.consumables ?? {},
    printedToday: t?.printedToday ?? {},
    failedToday: t?.failedToday ?? {},
    unknownPrints: t?.unknownPrints ?? 0,
    registryReachable: t?.registryReachable ?? null,
    outbox: t?.outbox ?? null,
    alerts: [...k.alerts.values()],
    recent: k.recent.slice(-5).map((e) => ({ at: e.at, kind: e.kind, severity: e.severity, subject: e.subject ?? null, active: e.active ?? null, historical: e.historical })),
  };
}
