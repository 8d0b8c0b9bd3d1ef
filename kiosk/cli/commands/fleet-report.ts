import { parseArgs } from 'node:util';
import { PrometheusApi } from '../../fleet/report/prometheus-api.ts';
import { fleetReport } from '../../fleet/report/daily-report.ts';
import { reportCsv, reportText } from '../../fleet/report/format-report.ts';

export const REPORT_USAGE = 'adm fleet report --prometheus URL --from YYYY-MM-DD --to YYYY-MM-DD [--region CODE] [--utc-offset +07:00] [--step S] [--csv|--json]';

/** `+07:00`, `+0800`, `-03:30` → minutes east of UTC. */
export function parseUtcOffset(s: string): number | null {
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(s);
  if (!m) return null;
  const min = Number(m[2]) * 60 + Number(m[3]);
  return min > 14 * 60 || Number(m[3]) >= 60 ? null : (m[1] === '-' ? -min : min);
}

/**
 * `adm fleet report`: the daily fleet table from Prometheus (documents per day, kiosk, kecamatan
 * and type; availability; failures by cause; blanko used). Exit 0 with the report, 1 when
 * Prometheus cannot answer, 2 for a usage error.
 */
export async function fleetReportCommand(argv: string[], fail: (message: string, code?: number) => number): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      prometheus: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      region: { type: 'string' },
      'utc-offset': { type: 'string' },
      step: { type: 'string', default: '60' },
      csv: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  if (values.prometheus === undefined || values.from === undefined || values.to === undefined) return fail(`usage: ${REPORT_USAGE}`);
  if (values.csv && values.json) return fail('--csv and --json: choose one');
  try {
    const u = new URL(values.prometheus);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
  } catch {
    return fail(`--prometheus ${values.prometheus}: expected an http:// or https:// URL, e.g. http://prometheus.dinas.example:9090`);
  }
  const offset = values['utc-offset'] === undefined ? -new Date().getTimezoneOffset() : parseUtcOffset(values['utc-offset']);
  if (offset === null) return fail(`--utc-offset ${values['utc-offset']}: expected +HH:MM, e.g. +07:00 (WIB), +08:00 (WITA), +09:00 (WIT)`);
  const step = Number(values.step);
  if (!Number.isInteger(step) || step < 1 || step > 3600) return fail('--step is whole seconds from 1 to 3600');
  const r = await fleetReport(new PrometheusApi(values.prometheus), { from: values.from, to: values.to, utcOffsetMin: offset, stepS: step, region: values.region });
  if (!r.ok) return fail(r.error.message, r.error.code === 'bad_range' ? 2 : 1);
  process.stdout.write(values.json ? `${JSON.stringify(r.value)}\n` : values.csv ? reportCsv(r.value) : reportText(r.value));
  return 0;
}
