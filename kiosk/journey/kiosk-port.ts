import type { DeviceId, DeviceSummary } from '../../core/device-status.ts';
import type { Availability, KioskPort, KioskStatus, OutOfServiceReason } from '../../flows/ports.ts';
import { deviceFault } from '../firmware/self-test.ts';
import type { ServiceSnapshot } from '../fleet/service-state.ts';

/** Devices whose paper/media state is a consumable (printers), as against a reader's card in the field. */
const MEDIA_IS_CONSUMABLE: ReadonlySet<DeviceId> = new Set(['a4Printer', 'cardPrinter', 'receiptPrinter']);

/** What can print a card: an empty card tray is "no blanko", not "no paper". */
const CARD_MEDIA: ReadonlySet<DeviceId> = new Set(['cardPrinter']);

/** One device's summary in the journey's words, by the same rule as the boot self-test (`deviceFault`). */
export function availabilityOf(summary: DeviceSummary | undefined): Availability {
  if (summary === undefined || summary.mode === 'none') return { ok: false, reason: 'not_installed' };
  // A reader's "media" is the citizen's card in its field: no card there is normal, not a fault.
  const fault = MEDIA_IS_CONSUMABLE.has(summary.id) ? deviceFault(summary) : deviceFault({ ...summary, status: { ...summary.status, media: 'unknown' } });
  if (fault === null) return { ok: true };
  const card = CARD_MEDIA.has(summary.id);
  if (fault === 'paper-out' || fault === 'media-notPresent') return { ok: false, reason: card ? 'no_blanko' : 'paper_out' };
  if (fault === 'paper-jammed' || fault === 'media-jammed') return { ok: false, reason: 'jammed' };
  if (summary.status.reasons.some((r) => r.startsWith('cover-open') || r.startsWith('door-open'))) return { ok: false, reason: 'cover_open' };
  if (fault === 'hardwareError' || fault === 'userError') return { ok: false, reason: 'fault' };
  return { ok: false, reason: 'offline' };
}

/** The service reasons a person or the power set; "no printable document" the journey works out from the devices itself. */
function outOfService(s: ServiceSnapshot): OutOfServiceReason | null {
  if (s.reasons.includes('technician')) return 'technician';
  if (s.reasons.includes('fleet')) return 'fleet';
  if (s.reasons.includes('on-battery')) return 'on_battery';
  if (s.reasons.includes('battery-charging')) return 'battery_charging';
  if (s.reasons.includes('closed-hours')) return 'closed';
  if (s.reasons.includes('registry-unreachable')) return 'registry_unreachable';
  return null;
}

export function kioskStatusOf(summaries: readonly DeviceSummary[], service: ServiceSnapshot, opensAt: string | null = null): KioskStatus {
  const by = new Map(summaries.map((s) => [s.id, s]));
  const reason = outOfService(service);
  return {
    outOfService: reason,
    ...(reason === 'closed' ? { opensAt } : {}),
    a4Printer: availabilityOf(by.get('a4Printer')),
    cardPrinter: availabilityOf(by.get('cardPrinter')),
    receiptPrinter: availabilityOf(by.get('receiptPrinter')),
    cardReader: availabilityOf(by.get('cardReader')),
    scanner: availabilityOf(by.get('scanner')),
  };
}

export interface KioskPortSources {
  summaries(): DeviceSummary[];
  service: { readonly snapshot: ServiceSnapshot; subscribe(listener: () => void): () => void };
  /** While closed by opening hours: the next opening (local ISO time). */
  opensAt?(): string | null;
  /** How often device summaries are re-read (they are pulled: the board has no events). */
  pollMs: number;
}

/**
 * The kiosk's state for the journey: in service or not, and what each device can do. Service
 * changes arrive at once; device changes are read from the board every `pollMs` and passed on only
 * when something the journey cares about changed.
 */
export function kioskPort(sources: KioskPortSources): KioskPort & { close(): void } {
  const listeners = new Set<(s: KioskStatus) => void>();
  const read = () => {
    const service = sources.service.snapshot;
    // The next opening is worked out only while the hours hold the kiosk closed.
    return kioskStatusOf(sources.summaries(), service, service.reasons.includes('closed-hours') ? (sources.opensAt?.() ?? null) : null);
  };
  let last = read();
  let lastJson = JSON.stringify(last);
  const check = () => {
    const next = read();
    const json = JSON.stringify(next);
    if (json === lastJson) return;
    last = next;
    lastJson = json;
    for (const l of [...listeners]) l(next);
  };
  const timer = setInterval(check, sources.pollMs);
  timer.unref();
  const unsubscribe = sources.service.subscribe(check);
  return {
    status: () => {
      check();
      return last;
    },
    watch(listener) {
      listeners.add(listener);
      listener(last);
      return () => listeners.delete(listener);
    },
    close() {
      clearInterval(timer);
      unsubscribe();
      listeners.clear();
    },
  };
}
