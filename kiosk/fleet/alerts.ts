import type { DeviceSummary } from '../../core/device-status.ts';
import type { EventData, Severity } from './messages.ts';
import type { ConsumableLevel, RegistryLinkFacts, UnknownPrint } from './sources.ts';

/**
 * Alerts are conditions, not moments: each is raised once when it starts and cleared once when it
 * ends. Sources report the full set of conditions they see now (`AlertTracker.update`), and the
 * tracker turns differences into `raised` / `cleared` events.
 */
export const ALERT_KINDS = {
  'paper.low': 'warning',
  'paper.out': 'critical',
  'paper.jam': 'critical',
  'blanko.low': 'warning',
  'blanko.out': 'critical',
  'media.jam': 'critical',
  'consumable.low': 'warning',
  'consumable.out': 'critical',
  'device.offline': 'critical',
  'device.error': 'critical',
  'fingerprint.repeated_failures': 'warning',
  'print.unknown_outcome': 'critical',
  'print.reported_missing': 'warning',
  'seal.untrusted': 'critical',
  'registry.unreachable': 'critical',
} as const satisfies Record<string, Severity>;
export type AlertKind = keyof typeof ALERT_KINDS;

export interface AlertCondition {
  kind: AlertKind;
  /** What it is about: a device id, a consumable name, a ledger row id. */
  subject: string;
  data: EventData;
}

export interface ActiveAlert extends AlertCondition {
  severity: Severity;
  since: string;
}

export type AlertChange = { active: true; alert: ActiveAlert } | { active: false; alert: ActiveAlert };

const key = (a: { kind: string; subject: string }): string => `${a.kind}|${a.subject}`;

/** Printers whose paper state means sheets or a roll (the card printer's media is blanko). */
const PAPER_DEVICES = new Set(['receiptPrinter', 'a4Printer']);
const DOWN = new Set(['offline', 'powerOff', 'noDevice']);
const BROKEN = new Set(['hardwareError', 'userError']);

/** Alerts a set of device summaries implies. A device configured as `none` raises nothing. */
export function deviceAlerts(devices: readonly DeviceSummary[]): AlertCondition[] {
  const out: AlertCondition[] = [];
  for (const d of devices) {
    if (d.mode === 'none') continue;
    const s = d.status;
    const data: EventData = { device: d.id, state: s.device, reasons: s.reasons.slice(0, 10) };
    if (DOWN.has(s.device)) out.push({ kind: 'device.offline', subject: d.id, data });
    else if (BROKEN.has(s.device)) out.push({ kind: 'device.error', subject: d.id, data });
    if (PAPER_DEVICES.has(d.id) || (s.paper !== undefined && d.id !== 'cardPrinter')) {
      if (s.paper === 'low') out.push({ kind: 'paper.low', subject: d.id, data });
      if (s.paper === 'out') out.push({ kind: 'paper.out', subject: d.id, data });
      if (s.paper === 'jammed') out.push({ kind: 'paper.jam', subject: d.id, data });
    }
    if (d.id === 'cardPrinter') {
      if (s.media === 'notPresent' || s.paper === 'out') out.push({ kind: 'blanko.out', subject: d.id, data });
      else if (s.paper === 'low') out.push({ kind: 'blanko.low', subject: d.id, data });
      if (s.media === 'jammed' || s.paper === 'jammed') out.push({ kind: 'media.jam', subject: d.id, data });
    }
  }
  return out;
}

/** Blanko counters raise `blanko.*`, paper and rolls raise `paper.*`, anything else `consumable.*`. */
function consumableFamily(name: string): 'blanko' | 'paper' | 'consumable' {
  const n = name.toLowerCase();
  if (n.includes('blanko') || n.includes('card')) return 'blanko';
  if (n.includes('paper') || n.includes('a4') || n.includes('roll') || n.includes('receipt')) return 'paper';
  return 'consumable';
}

export function consumableAlerts(levels: readonly ConsumableLevel[]): AlertCondition[] {
  const out: AlertCondition[] = [];
  for (const c of levels) {
    const family = consumableFamily(c.name);
    const data: EventData = { consumable: c.name, level: c.level, capacity: c.capacity, low: c.lowThreshold };
    if (c.level <= 0) out.push({ kind: `${family}.out`, subject: c.name, data });
    else if (c.level <= c.lowThreshold) out.push({ kind: `${family}.low`, subject: c.name, data });
  }
  return out;
}

export function unknownPrintAlerts(rows: readonly UnknownPrint[]): AlertCondition[] {
  return rows.map((r) => (r.review ? { kind: 'print.reported_missing', subject: r.ledgerId, data: { documentType: r.documentType } } : { kind: 'print.unknown_outcome', subject: r.ledgerId, data: { documentType: r.documentType } }));
}

/**
 * Consecutive fingerprint mismatches across sessions. A citizen with worn fingers fails a few
 * times by design; many failures in a row with no success points at a dirty or broken sensor.
 */
export class FingerprintWatch {
  #consecutive = 0;

  constructor(private readonly threshold: number) {}

  failure(): void {
    this.#consecutive++;
  }

  success(): void {
    this.#consecutive = 0;
  }

  conditions(): AlertCondition[] {
    return this.#consecutive >= this.threshold
      ? [{ kind: 'fingerprint.repeated_failures', subject: 'cardReader', data: { consecutive: this.#consecutive, threshold: this.threshold } }]
      : [];
  }
}

/**
 * Print packages whose seal does not chain to the trust list (a key outside it, revoked or out of
 * its validity): forged, or a trust list out of date. Raised at the first refusal, cleared when a
 * trusted package prints again.
 */
export class SealWatch {
  #refused = 0;
  #last: EventData = {};

  untrusted(detail: { code: string; officeCode: string; keyId: string }): void {
    this.#refused++;
    this.#last = detail;
  }

  trusted(): void {
    this.#refused = 0;
  }

  conditions(): AlertCondition[] {
    return this.#refused > 0 ? [{ kind: 'seal.untrusted', subject: 'registry', data: { refused: this.#refused, ...this.#last } }] : [];
  }
}

/** The set of active alerts, by source; `update` returns what was raised and what cleared. */
export class AlertTracker {
  readonly #bySource = new Map<string, Map<string, ActiveAlert>>();

  constructor(private readonly now: () => Date) {}

  update(source: string, conditions: readonly AlertCondition[]): AlertChange[] {
    const before = this.#bySource.get(source) ?? new Map<string, ActiveAlert>();
    const after = new Map<string, ActiveAlert>();
    const changes: AlertChange[] = [];
    for (const c of conditions) {
      const k = key(c);
      if (after.has(k)) continue;
      const existing = before.get(k);
      if (existing) {
        after.set(k, { ...existing, data: c.data });
      } else {
        const alert: ActiveAlert = { ...c, severity: ALERT_KINDS[c.kind], since: this.now().toISOString() };
        after.set(k, alert);
        changes.push({ active: true, alert });
      }
    }
    for (const [k, a] of before) if (!after.has(k)) changes.push({ active: false, alert: a });
    this.#bySource.set(source, after);
    return changes;
  }

  active(): ActiveAlert[] {
    return [...this.#bySource.values()].flatMap((m) => [...m.values()]);
  }
}

/** One alert while the central registry has not been reached for longer than the kiosk's threshold. */
export function registryLinkAlerts(link: RegistryLinkFacts | null): AlertCondition[] {
  if (!link?.down) return [];
  return [{ kind: 'registry.unreachable', subject: 'registry', data: { downForS: Math.round(link.downForMs / 1000), lastError: (link.lastError ?? '').slice(0, 200) } }];
}
