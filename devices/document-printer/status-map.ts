import type { IppGroup } from 'ipp';
import { PRINTER_DEVICE_ID, type DeviceState, type DeviceStatus, type DeviceSummary, type ErrorAction, type MediaState, type PaperState } from '../../core/device-status.ts';
import { bool, list, text, texts } from './ipp-client.ts';
import type { DocumentPrinter, DocumentPrinterKind, PrinterStatus, PrinterSupply, PrinterTray, TonerState } from './types.ts';

/** What the driver asks for in Get-Printer-Attributes (asking for `all` costs a printer tens of kB). */
export const STATUS_ATTRIBUTES = [
  'printer-state',
  'printer-state-reasons',
  'printer-state-message',
  'printer-is-accepting-jobs',
  'media-ready',
  'media-supported',
  'printer-input-tray',
  'printer-supply',
  'printer-supply-description',
  'marker-names',
  'marker-levels',
  'marker-types',
  'marker-low-levels',
] as const;

export type Severity = 'report' | 'warning' | 'error';

export interface StateReason {
  keyword: string;
  severity: Severity;
}

/** `media-empty-warning` → media-empty / warning. RFC 8011: a reason without suffix is an error. */
export function parseReason(value: string): StateReason {
  const m = /^(.*)-(report|warning|error)$/.exec(value);
  return m ? { keyword: m[1] ?? value, severity: m[2] as Severity } : { keyword: value, severity: 'error' };
}

/** `key=value;key=value;` strings of printer-input-tray and printer-supply (PWG 5100.13). */
function keyValues(s: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of s.split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out.set(part.slice(0, i).trim(), part.slice(i + 1).trim());
  }
  return out;
}

/** Negative levels mean "unknown" or "some, amount unknown" (-2, -3). */
const level = (v: string | undefined): number | null => {
  const n = v === undefined ? NaN : Number(v);
  return Number.isFinite(n) && n >= 0 ? n : null;
};

export function parseTrays(group: IppGroup): PrinterTray[] {
  return texts(group['printer-input-tray'])
    .map(keyValues)
    .filter((kv) => kv.get('name') !== 'auto' && kv.get('type') !== 'other')
    .map((kv) => ({ name: kv.get('name') ?? 'tray', level: level(kv.get('level')), capacity: level(kv.get('maxcapacity')) }));
}

export function parseSupplies(group: IppGroup): PrinterSupply[] {
  const descriptions = texts(group['printer-supply-description']);
  const supplies = texts(group['printer-supply']).map((s, i): PrinterSupply => {
    const kv = keyValues(s);
    const lvl = level(kv.get('level'));
    const max = level(kv.get('maxcapacity'));
    const percent = lvl === null ? null : kv.get('unit') === 'percent' || max === null || max === 0 ? Math.min(lvl, 100) : Math.round((lvl / max) * 100);
    return { name: descriptions[i] ?? kv.get('type') ?? `supply ${i + 1}`, type: kv.get('type') ?? 'other', percent };
  });
  if (supplies.length > 0) return supplies;
  // Older printers report markers instead of printer-supply.
  const names = texts(group['marker-names']);
  const types = texts(group['marker-types']);
  const levels = list(group['marker-levels']);
  return names.map((name, i) => {
    const l = levels[i];
    return { name, type: types[i] ?? 'toner', percent: typeof l === 'number' && l >= 0 ? Math.min(l, 100) : null };
  });
}

/** Supplies that printing uses up (PWG 5100.13 printer-supply types); waste tanks fill instead. */
const CONSUMED = /^(toner|tonerCartridge|ink|inkCartridge|inkRibbon|ribbonWax|solidWax|ribbon)$/;
const LOW_PERCENT = 10;

interface Mapped {
  device: DeviceState;
  paper: PaperState;
  media: MediaState;
  toner: TonerState;
  action?: ErrorAction;
  blocking: boolean;
}

/**
 * Maps IPP printer-state and printer-state-reasons to the XFS4IoT vocabulary. A condition that
 * stops printing (jam, cover open) counts from `-warning` up, because printers hold a job with a
 * warning-level reason; a `-report` of it is history. Paper and toner levels count at any severity.
 */
function mapReasons(ippState: string, reasons: StateReason[], supplies: PrinterSupply[]): Mapped {
  const has = (k: string, min: Severity = 'report') => {
    const order: Severity[] = ['report', 'warning', 'error'];
    return reasons.some((r) => r.keyword === k && order.indexOf(r.severity) >= order.indexOf(min));
  };
  const out: Mapped = { device: 'online', paper: 'full', media: 'present', toner: 'full', blocking: false };

  const consumables = supplies.filter((s) => CONSUMED.test(s.type) && s.percent !== null);
  if (consumables.some((s) => s.percent === 0)) out.toner = 'out';
  else if (consumables.some((s) => (s.percent ?? 100) <= LOW_PERCENT)) out.toner = 'low';
  if (has('toner-empty', 'warning') || has('marker-supply-empty', 'warning')) out.toner = 'out';
  else if (out.toner === 'full' && (has('toner-low', 'warning') || has('marker-supply-low', 'warning'))) out.toner = 'low';

  // Tray facts count at any severity: ippeveprinter reports an empty tray as `-report` while idle.
  if (has('media-low')) {
    out.paper = 'low';
  }
  if (has('media-empty') || has('media-needed') || has('input-tray-missing', 'warning')) {
    out.paper = 'out';
    out.media = 'notPresent';
    out.action = 'maintenance';
    out.blocking = true;
  }
  if (has('media-jam', 'warning')) {
    out.paper = 'jammed';
    out.media = 'jammed';
    out.device = 'userError';
    out.action = 'clear';
    out.blocking = true;
  }
  if (has('cover-open', 'warning') || has('door-open', 'warning') || has('interlock-open', 'warning')) {
    out.device = 'userError';
    out.action = 'clear';
    out.blocking = true;
  }
  if (out.toner === 'out') {
    out.device = out.device === 'online' ? 'userError' : out.device;
    out.action ??= 'maintenance';
    out.blocking = true;
  }
  if (has('offline', 'warning') || has('shutdown', 'warning')) {
    out.device = 'offline';
    out.blocking = true;
  }
  if (has('paused', 'warning') || has('moving-to-paused', 'warning')) {
    out.device = out.device === 'online' ? 'offline' : out.device;
    out.action ??= 'reset';
    out.blocking = true;
  }
  // Any other error-level reason we do not know still stops the printer.
  const known = /^(none|media-(low|empty|needed|jam)|input-tray-missing|toner-(low|empty)|marker-supply-(low|empty)|marker-waste-.*|cover-open|door-open|interlock-open|offline|shutdown|paused|moving-to-paused|spool-area-full|printer-.*|other|job-.*)$/;
  if (has('other', 'error') || reasons.some((r) => r.severity === 'error' && !known.test(r.keyword))) {
    if (out.device === 'online') out.device = 'hardwareError';
    out.action ??= 'reset';
    out.blocking = true;
  }
  if (ippState === 'stopped' && !out.blocking) {
    // Stopped with no reason we understand: not printable, a technician must look.
    out.device = 'hardwareError';
    out.action = 'reset';
    out.blocking = true;
  }
  if (ippState === 'processing' && out.device === 'online') out.device = 'deviceBusy';
  return out;
}

/** Builds the status from a Get-Printer-Attributes answer. */
export function statusFromAttributes(kind: DocumentPrinterKind, configuredMedia: string, group: IppGroup, since: string): PrinterStatus {
  const ippStateRaw = group['printer-state'];
  const ippState = typeof ippStateRaw === 'number' ? ({ 3: 'idle', 4: 'processing', 5: 'stopped' } as const)[ippStateRaw as 3 | 4 | 5] ?? 'stopped' : (text(ippStateRaw) ?? 'stopped');
  const state = ippState === 'idle' || ippState === 'processing' || ippState === 'stopped' ? ippState : 'stopped';
  const rawReasons = texts(group['printer-state-reasons']).filter((r) => r !== 'none');
  const reasons = rawReasons.map(parseReason);
  const supplies = parseSupplies(group);
  const trays = parseTrays(group);
  const mediaReady = texts(group['media-ready']);
  const accepting = bool(group['printer-is-accepting-jobs']) ?? true;
  const mapped = mapReasons(state, reasons, supplies);

  const shown = [...rawReasons];
  const supported = texts(group['media-supported']);
  if (supported.length > 0 && !supported.includes(configuredMedia)) {
    // A job on media the printer does not support is refused; nothing else can fix this.
    shown.push('media-not-supported');
    mapped.device = 'hardwareError';
    mapped.action = 'maintenance';
    mapped.blocking = true;
  }
  if (!accepting) {
    shown.push('not-accepting-jobs');
    if (mapped.device === 'online' || mapped.device === 'deviceBusy') mapped.device = 'offline';
    mapped.blocking = true;
  }
  const loaded = trays.filter((t) => t.level !== null);
  if (mapped.paper === 'full' && loaded.length > 0 && loaded.every((t) => t.level === 0)) {
    mapped.paper = 'out';
    mapped.media = 'notPresent';
  }

  const message = text(group['printer-state-message']);
  return {
    device: mapped.device,
    // A4 sheets are paper; blanko cards are media (see devices/common/status.ts).
    ...(kind === 'a4' ? { paper: mapped.paper } : { media: mapped.media }),
    reasons: shown,
    ...(message ? { detail: message } : {}),
    ...(mapped.action ? { action: mapped.action } : {}),
    since,
    toner: mapped.toner,
    ready: !mapped.blocking && state === 'idle' && (kind === 'a4' ? mapped.paper !== 'out' : mapped.media === 'present'),
    accepting,
    ippState: state,
    mediaReady,
    supplies,
    trays,
  };
}

/** The status when the printer did not answer at all. */
export function unreachableStatus(kind: DocumentPrinterKind, reason: 'unreachable' | 'timeout', detail: string, since: string): PrinterStatus {
  return {
    device: 'offline',
    ...(kind === 'a4' ? { paper: 'unknown' as const } : { media: 'unknown' as const }),
    reasons: [reason === 'timeout' ? 'not-responding' : 'unreachable'],
    detail,
    action: 'reset',
    since,
    toner: 'unknown',
    ready: false,
    accepting: false,
    ippState: 'unreachable',
    mediaReady: [],
    supplies: [],
    trays: [],
  };
}

/** Same status apart from its timestamp: used to report changes only. */
export function sameStatus(a: PrinterStatus, b: PrinterStatus): boolean {
  const strip = ({ since: _s, ...rest }: PrinterStatus) => JSON.stringify(rest);
  return strip(a) === strip(b);
}

/** The common part of a printer's status, for /healthz, the self-test and the fleet. */
export function summaryStatus(s: PrinterStatus): DeviceStatus {
  return {
    device: s.device,
    ...(s.paper !== undefined ? { paper: s.paper } : {}),
    ...(s.media !== undefined ? { media: s.media } : {}),
    reasons: s.reasons,
    ...(s.detail !== undefined ? { detail: s.detail } : {}),
    ...(s.action !== undefined ? { action: s.action } : {}),
    since: s.since,
  };
}

/** The printer as every device appears on the kiosk's board. */
export function printerSummary(printer: DocumentPrinter, mode: string): DeviceSummary {
  return { id: PRINTER_DEVICE_ID[printer.kind], mode, status: summaryStatus(printer.status()) };
}
