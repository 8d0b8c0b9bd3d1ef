import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrometheusApi } from '../../kiosk/fleet/report/prometheus-api.ts';
import { fleetReport, type FleetReport, type ReportOptions } from '../../kiosk/fleet/report/daily-report.ts';
import { parseUtcOffset } from '../../kiosk/cli/commands/fleet-report.ts';
import { reportCsv, reportText } from '../../kiosk/fleet/report/format-report.ts';
import { runAdm } from '../support/kiosk-process.ts';

// What a Prometheus (or something else at that address) may answer when the report cannot run.
let server: Server;
let base: string;
/** A loopback port nothing listens on. */
let closed: string;
beforeAll(async () => {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  closed = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
  await new Promise((r) => probe.close(r));
  server = createServer((req, res) => {
    if (req.url?.startsWith('/html/')) return res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Grafana</html>');
    res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'parse error at char 5' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const day = { from: '2026-12-01', to: '2026-12-02', utcOffsetMin: 420, stepS: 60, now: Date.parse('2026-12-04T00:00:00Z') / 1000 } satisfies ReportOptions;

describe('adm fleet report: failures', () => {
  it('says when Prometheus cannot be reached, is not Prometheus, or refuses the query', async () => {
    const down = await fleetReport(new PrometheusApi(closed), day);
    expect(down.ok || down.error).toMatchObject({ code: 'unreachable', message: `cannot reach Prometheus at ${closed}: ECONNREFUSED` });
    const html = await fleetReport(new PrometheusApi(`${base}/html/`), day);
    expect(html.ok || html.error).toMatchObject({ code: 'http', message: expect.stringContaining('without JSON: is this Prometheus?') });
    const refused = await fleetReport(new PrometheusApi(base), day);
    expect(refused.ok || refused.error).toMatchObject({ code: 'query', message: 'Prometheus refused the query (bad_data): parse error at char 5' });
  });

  it('refuses a period that is not one, before asking anything', async () => {
    const api = new PrometheusApi('http://127.0.0.1:1');
    const bad = async (o: Partial<ReportOptions>) => {
      const r = await fleetReport(api, { ...day, ...o });
      return r.ok ? null : r.error;
    };
    expect(await bad({ from: '2026-13-01' })).toMatchObject({ code: 'bad_range', message: '--from 2026-13-01: expected a date YYYY-MM-DD' });
    expect(await bad({ to: '2026-02-30' })).toMatchObject({ code: 'bad_range', message: '--to 2026-02-30: expected a date YYYY-MM-DD' });
    expect(await bad({ from: '2026-12-03', to: '2026-12-01' })).toMatchObject({ code: 'bad_range', message: '--to 2026-12-01 is before --from 2026-12-03' });
    expect(await bad({ from: '2024-01-01', to: '2026-12-01' })).toMatchObject({ code: 'bad_range', message: 'at most 366 days in one report' });
    expect(await bad({ from: '2026-12-05', to: '2026-12-06' })).toMatchObject({ code: 'bad_range', message: '2026-12-05 has not begun yet' });
    expect(await bad({ region: '35' })).toMatchObject({ code: 'bad_range' });
  });

  it('reads UTC offsets the way operators write them', () => {
    expect(parseUtcOffset('+07:00')).toBe(420);
    expect(parseUtcOffset('+0800')).toBe(480);
    expect(parseUtcOffset('-03:30')).toBe(-210);
    expect(parseUtcOffset('7')).toBeNull();
    expect(parseUtcOffset('+15:00')).toBeNull();
    expect(parseUtcOffset('+07:75')).toBeNull();
  });

  it('the command line names what is wrong and exits 2 for usage, 1 when Prometheus is unreachable', async () => {
    const usage = await runAdm(['fleet', 'report', '--prometheus', 'ftp://prom', '--from', '2026-12-01', '--to', '2026-12-01']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--prometheus ftp://prom: expected an http:// or https:// URL');
    const down = await runAdm(['fleet', 'report', '--prometheus', closed, '--from', '2026-12-01', '--to', '2026-12-01', '--json']);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('cannot reach Prometheus');
    expect(down.stdout).toBe('');
  });

  it('lays the daily table out for a terminal and for a spreadsheet', () => {
    const report: FleetReport = {
      from: '2026-12-01',
      to: '2026-12-01',
      utcOffset: '+07:00',
      stepS: 60,
      kiosks: [
        { day: '2026-12-01', region: '3506', kecamatan: '350614', kiosk: 'ADM-3506-0007', printed: { KK: 31, KTP_EL: 12 }, failed: { KK: 1 }, availability: 0.9875, failures: { 'paper.out': { count: 2, minutes: 14 }, 'print.failed': { count: 1, minutes: 0 } }, blankoUsed: 12 },
        { day: '2026-12-01', region: '3506', kecamatan: '', kiosk: 'ADM-3506-0008, "east"', printed: {}, failed: {}, availability: null, failures: {}, blankoUsed: null },
      ],
      kecamatan: [{ day: '2026-12-01', region: '3506', kecamatan: '350614', type: 'KK', printed: 31 }],
      notes: ['a note'],
    };
    const text = reportText(report);
    expect(text).toContain('ADM fleet report 2026-12-01 … 2026-12-01 (days cut at UTC+07:00, step 60 s)');
    expect(text).toMatch(/2026-12-01\s+3506\s+350614\s+ADM-3506-0007\s+31\s+12\s+43\s+1\s+98\.8\s+12\s+paper\.out=2;print\.failed=1/);
    expect(text).toContain('Documents printed per kecamatan');
    expect(text).toContain('note: a note');
    const csv = reportCsv(report).split('\r\n');
    expect(csv[0]).toBe('day,region,kecamatan,kiosk,printed_KK,printed_KTP_EL,printed_total,failed_total,availability_pct,blanko_used,failures');
    expect(csv[2]).toBe('2026-12-01,3506,,"ADM-3506-0008, ""east""",0,0,0,0,,,');
  });
});
