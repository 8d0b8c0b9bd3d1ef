import type { FleetReport, KioskDay } from './daily-report.ts';

const types = (r: FleetReport): string[] => [...new Set(r.kiosks.flatMap((k) => Object.keys(k.printed)))].sort();
const total = (m: Record<string, number>) => Object.values(m).reduce((a, b) => a + b, 0);
const pct = (k: KioskDay) => (k.availability === null ? '' : (100 * k.availability).toFixed(1));
const failures = (k: KioskDay) =>
  Object.entries(k.failures)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([cause, f]) => `${cause}=${f.count}`)
    .join(';');

/** One row per day and kiosk: the daily table as columns. */
function table(r: FleetReport): { header: string[]; rows: string[][] } {
  const t = types(r);
  const header = ['day', 'region', 'kecamatan', 'kiosk', ...t.map((x) => `printed_${x}`), 'printed_total', 'failed_total', 'availability_pct', 'blanko_used', 'failures'];
  const rows = r.kiosks.map((k) => [k.day, k.region, k.kecamatan, k.kiosk, ...t.map((x) => String(k.printed[x] ?? 0)), String(total(k.printed)), String(total(k.failed)), pct(k), k.blankoUsed === null ? '' : String(k.blankoUsed), failures(k)]);
  return { header, rows };
}

const csvCell = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

/** RFC 4180 CSV of the daily table, for a spreadsheet. */
export function reportCsv(r: FleetReport): string {
  const { header, rows } = table(r);
  return `${[header, ...rows].map((l) => l.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** The daily table and the per-kecamatan totals, aligned for a terminal. */
export function reportText(r: FleetReport): string {
  const { header, rows } = table(r);
  const align = (lines: string[][]) => {
    const widths = lines[0]!.map((_, i) => Math.max(...lines.map((l) => (l[i] ?? '').length)));
    return lines.map((l) => l.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
  };
  const out = [`ADM fleet report ${r.from} … ${r.to} (days cut at UTC${r.utcOffset}, step ${r.stepS} s)`, ''];
  out.push(rows.length > 0 ? align([header, ...rows]) : 'no kiosk reported in this period');
  if (r.kecamatan.length > 0) {
    out.push('', 'Documents printed per kecamatan / per district', '');
    out.push(align([['day', 'region', 'kecamatan', 'type', 'printed'], ...r.kecamatan.map((k) => [k.day, k.region, k.kecamatan, k.type, String(k.printed)])]));
  }
  for (const n of r.notes) out.push('', `note: ${n}`);
  return `${out.join('\n')}\n`;
}
