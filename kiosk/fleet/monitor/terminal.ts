import { shownStatus, type FleetView, type KioskView } from './fleet-view.ts';

const SHORT: Record<string, string> = { cardReader: 'rdr', receiptPrinter: 'rcpt', a4Printer: 'a4', cardPrinter: 'card', scanner: 'scan', touchscreen: 'touch' };

export interface RenderOptions {
  now: Date;
  columns: number;
  /** Lines available; the rest of the kiosks are counted, not shown. */
  rows: number;
  header: string;
  color: boolean;
}

function devices(k: KioskView): string {
  const out: string[] = [];
  for (const [id, d] of Object.entries(k.telemetry?.devices ?? {})) {
    const bad = d.state !== 'online' && d.state !== 'deviceBusy';
    const extra = [d.paper && d.paper !== 'full' && d.paper !== 'unknown' ? d.paper : null, d.media === 'notPresent' || d.media === 'jammed' ? d.media : null].filter(Boolean);
    out.push(`${SHORT[id] ?? id} ${bad ? d.state : 'ok'}${extra.length ? `/${extra.join('/')}` : ''}`);
  }
  return out.join(' ');
}

function consumables(k: KioskView): string {
  return Object.entries(k.telemetry?.consumables ?? {})
    .map(([name, c]) => `${name} ${Math.round((100 * c.level) / c.capacity)}%`)
    .join(' ');
}

function printed(k: KioskView): string {
  return Object.entries(k.telemetry?.printedToday ?? {})
    .map(([t, n]) => `${t} ${n}`)
    .join(' ');
}

/** Worst first: lost, then critical alerts, then out of service, then by id. */
function rank(k: KioskView): number {
  const critical = [...k.alerts.values()].some((a) => a.severity === 'critical');
  return (k.status === 'lost' ? 0 : 10) + (critical ? 0 : 3) + (k.service && !k.service.inService ? 0 : 1);
}

const fit = (s: string, w: number) => (s.length > w ? `${s.slice(0, Math.max(w - 1, 0))}…` : s.padEnd(w));

/** One screen of the fleet for `adm fleet`: a summary line and a row per kiosk, worst first. */
export function renderFleet(view: FleetView, o: RenderOptions): string {
  const s = view.summary();
  const paint = (code: string, t: string) => (o.color ? `\x1b[${code}m${t}\x1b[0m` : t);
  const lines = [
    o.header,
    `kiosks ${s.kiosks} · online ${s.online} · ${s.lost > 0 ? paint('1;31', `lost ${s.lost}`) : 'lost 0'} · offline ${s.offline} · closed ${s.closed} · out of service ${s.outOfService} · alerts ${s.criticalAlerts} critical / ${s.warningAlerts} warning · printed today ${s.printedToday}`,
    '',
  ];
  const widths = { kiosk: 16, region: 6, status: 8, service: 10, devices: 40, consumables: 26, today: 18 };
  const fixed = Object.values(widths).reduce((a, b) => a + b + 1, 0);
  const alertsWidth = Math.max(o.columns - fixed, 12);
  lines.push(
    [fit('KIOSK', widths.kiosk), fit('REGION', widths.region), fit('STATUS', widths.status), fit('SERVICE', widths.service), fit('DEVICES', widths.devices), fit('CONSUMABLES', widths.consumables), fit('TODAY', widths.today), 'ALERTS'].join(' '),
  );
  const kiosks = view.kiosks().sort((a, b) => rank(a) - rank(b) || a.kiosk.localeCompare(b.kiosk));
  const room = Math.max(o.rows - lines.length - 1, 1);
  for (const k of kiosks.slice(0, room)) {
    const shown = shownStatus(k);
    const status = fit(shown, widths.status);
    const alerts = [...k.alerts.values()].map((a) => `${a.kind}@${a.subject}`).join(' ');
    lines.push(
      [
        fit(k.kiosk, widths.kiosk),
        fit(k.region, widths.region),
        shown === 'lost' ? paint('1;31', status) : shown === 'online' ? paint('32', status) : status,
        fit(k.service ? (k.service.inService ? 'in' : `OUT:${k.service.reasons.join(',')}`) : '?', widths.service),
        fit(devices(k), widths.devices),
        fit(consumables(k), widths.consumables),
        fit(printed(k), widths.today),
        alerts.length > alertsWidth ? `${alerts.slice(0, alertsWidth - 1)}…` : alerts,
      ].join(' '),
    );
  }
  if (kiosks.length > room) lines.push(`… ${kiosks.length - room} more (worst shown first; --region to narrow, the dashboard shows all)`);
  return lines.join('\n');
}
