import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandPublicKey, generateCommandKeys } from '../../kiosk/fleet/commands.ts';
import { fleetMetrics } from '../../kiosk/fleet/monitor/metrics.ts';
import { FleetMonitor } from '../../kiosk/fleet/monitor/monitor.ts';
import { startDashboard, type Dashboard } from '../../kiosk/fleet/monitor/dashboard.ts';
import { renderFleet } from '../../kiosk/fleet/monitor/terminal.ts';
import { kioskTopic } from '../../kiosk/fleet/topics.ts';
import { localDate } from '../../kiosk/fleet/telemetry.ts';
import type { DeviceSummary } from '../../core/device-status.ts';
import { Mosquitto } from '../support/mosquitto.ts';
import { runAdm } from '../support/kiosk-process.ts';
import { tempDir } from '../support/temp-dir.ts';
import { TcpProxy } from './support/tcp-proxy.ts';
import { testKiosk, type TestKiosk } from './support/harness.ts';

const keys = generateCommandKeys();
const publicKey = commandPublicKey(keys.publicBase64);
if (!publicKey.ok) throw new Error('key');
const now = new Date().toISOString();
const a4Low: DeviceSummary = { id: 'a4Printer', mode: 'simulated', status: { device: 'online', paper: 'low', reasons: ['media-low'], since: now } };

let broker: Mosquitto;
let proxy: TcpProxy;
let one: TestKiosk;
let two: TestKiosk;
let monitor: FleetMonitor;
let dashboard: Dashboard;
const dir = tempDir('fleet-monitor');

beforeAll(async () => {
  broker = await Mosquitto.start();
  proxy = await TcpProxy.start(broker.port);
  one = await testKiosk(broker.url, {
    key: publicKey.value,
    sources: {
      devices: () => [a4Low],
      consumables: () => [{ name: 'a4_paper', level: 40, capacity: 500, lowThreshold: 50 }],
      printsSince: () => ({ printed: { KK: 7, KTP_EL: 2 }, failed: {} }),
      unknownPrints: () => [],
      registryReachable: () => true,
    },
  });
  two = await testKiosk(proxy.url, { address: { region: '3572', kiosk: 'ADM-3572-0002' } });
  monitor = new FleetMonitor({ url: broker.url, reconnectMs: 100 });
  await monitor.ready(AbortSignal.timeout(5000));
  dashboard = await startDashboard({ view: monitor.view, metrics: fleetMetrics(monitor.view), host: '127.0.0.1', port: 0, monitorStatus: () => ({ status: monitor.status, lastError: monitor.lastError, broker: broker.url }) });
  one.agent.start();
  two.agent.start();
  await waitFor(() => monitor.view.kiosks().filter((k) => k.status === 'online' && k.telemetry).length === 2, 'both kiosks online with telemetry');
});
afterAll(async () => {
  await dashboard?.close();
  await monitor?.close();
  await one?.stop();
  await two?.stop();
  await proxy?.close();
  await broker?.close();
  dir.remove();
});

async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('fleet monitor', () => {
  it('serves the fleet as JSON and a read-only dashboard page', async () => {
    const api = (await (await fetch(`${dashboard.url()}/api/fleet`)).json()) as { summary: { kiosks: number; online: number; warningAlerts: number; printedToday: number }; kiosks: Array<{ kiosk: string; alerts: Array<{ kind: string }>; printedToday: Record<string, number> }> };
    expect(api.summary).toMatchObject({ kiosks: 2, online: 2, printedToday: 9 });
    const k1 = api.kiosks.find((k) => k.kiosk === 'ADM-3506-T001');
    expect(k1?.alerts.map((a) => a.kind).sort()).toEqual(['paper.low', 'paper.low']);
    expect(k1?.printedToday).toEqual({ KK: 7, KTP_EL: 2 });
    const page = await fetch(`${dashboard.url()}/`);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<script src="/dashboard.js">');
    expect((await fetch(`${dashboard.url()}/dashboard.js`)).status).toBe(200);
    expect((await fetch(`${dashboard.url()}/api/fleet`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${dashboard.url()}/nothing`)).status).toBe(404);
  });

  it('exports the whole fleet for Prometheus', async () => {
    const res = await fetch(`${dashboard.url()}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('adm_fleet_kiosks{status="online"} 2');
    expect(text).toContain('adm_kiosk_up{region="3506",kiosk="ADM-3506-T001"} 1');
    // The kiosk's own calendar date of the count: a day's total is the maximum of its series.
    expect(text).toContain(`adm_kiosk_documents_printed_today{region="3506",kiosk="ADM-3506-T001",type="KK",day="${localDate(new Date())}"} 7`);
    expect(text).toContain('adm_kiosk_info{region="3506",kiosk="ADM-3506-T001",kecamatan="",version="0.1.0-test"} 1');
    expect(text).toContain('adm_kiosk_alert{region="3506",kiosk="ADM-3506-T001",kind="paper.low",subject="a4Printer",severity="warning"} 1');
    expect(text).toContain('adm_kiosk_consumable_level{region="3506",kiosk="ADM-3506-T001",consumable="a4_paper",status="low"} 40');
    expect(text).toContain('adm_kiosk_registry_reachable{region="3506",kiosk="ADM-3506-T001"} 1');
    expect(text).toMatch(/adm_fleet_messages_total\{outcome="telemetry"\} [1-9]/);
  });

  it('shows a kiosk whose link died as lost, live, in every view', async () => {
    proxy.block();
    await waitFor(() => monitor.view.get('3572', 'ADM-3572-0002')?.status === 'lost', 'will of kiosk two');
    const metrics = await (await fetch(`${dashboard.url()}/metrics`)).text();
    expect(metrics).toContain('adm_kiosk_up{region="3572",kiosk="ADM-3572-0002"} 0');
    expect(metrics).toContain('adm_fleet_kiosks{status="lost"} 1');
    const screen = renderFleet(monitor.view, { now: new Date(), columns: 200, rows: 20, header: 'test', color: false });
    const lines = screen.split('\n');
    expect(lines[1]).toContain('lost 1');
    // Worst first.
    expect(lines[4]).toMatch(/^ADM-3572-0002\s+3572\s+lost/);
    expect(screen).toMatch(/ADM-3506-T001\s+3506\s+online\s+in\s+a4 ok\/low/);
    expect(screen).toContain('paper.low@a4Printer');
    proxy.unblock();
    await waitFor(() => monitor.view.get('3572', 'ADM-3572-0002')?.status === 'online', 'kiosk two back');
  });

  it('drops a second copy of an event and counts malformed messages without trusting them', async () => {
    const c = connect(broker.url, { protocolVersion: 5, reconnectPeriod: 0 });
    await new Promise<void>((r) => c.once('connect', () => r()));
    const topic = kioskTopic({ region: '3506', kiosk: 'ADM-3506-T001' }, 'event');
    const event = JSON.stringify({ v: 1, id: 'dup-0000-0001', seq: 99999, kiosk: 'ADM-3506-T001', region: '3506', at: new Date().toISOString(), kind: 'test.dup', severity: 'info', data: {}, historical: true });
    const before = { ...monitor.view.counts };
    await c.publishAsync(topic, event, { qos: 1 });
    await c.publishAsync(topic, event, { qos: 1 });
    await c.publishAsync(topic, '{"v":1,"kind":"broken"', { qos: 1 });
    await c.publishAsync(topic, JSON.stringify({ v: 1, kiosk: 'someone-else' }), { qos: 1 });
    await c.endAsync();
    await waitFor(() => monitor.view.counts.invalid - before.invalid === 2, 'invalid counted');
    expect(monitor.view.counts.duplicate - before.duplicate).toBe(1);
    expect(monitor.view.get('3506', 'ADM-3506-T001')?.recent.filter((e) => e.kind === 'test.dup')).toHaveLength(1);
  });

  it('adm fleet --once prints the fleet; keygen and a signed command round-trip through the CLI', async () => {
    const keyFile = join(dir.path, 'fleet.key');
    writeFileSync(keyFile, keys.privatePem, { mode: 0o600 });
    const otherKey = join(dir.path, 'other.key');
    const target = ['--broker', broker.url, '--region', '3506', '--kiosk', 'ADM-3506-T001'];
    // Independent invocations run side by side: each is a whole `adm` process.
    const [once, text, done, made, bad, unreachable] = await Promise.all([
      runAdm(['fleet', '--broker', broker.url, '--once', '--wait-ms', '500', '--json']),
      runAdm(['fleet', '--broker', broker.url, '--region', '3572', '--once', '--wait-ms', '500']),
      runAdm(['fleet', 'command', ...target, '--key', keyFile, 'telemetry-now', '--timeout-ms', '8000']),
      runAdm(['fleet', 'keygen', '--out', otherKey]),
      runAdm(['fleet', 'command', ...target, '--key', keyFile, 'reboot']),
      runAdm(['fleet', '--broker', 'mqtt://127.0.0.1:1', '--once']),
    ]);
    expect(once.code, once.stderr).toBe(0);
    expect((JSON.parse(once.stdout) as { summary: { kiosks: number } }).summary.kiosks).toBe(2);
    expect(text.stdout).toContain('ADM-3572-0002');
    expect(text.stdout).not.toContain('ADM-3506-T001');
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain('did telemetry-now');
    expect(made.code).toBe(0);
    expect(made.stdout).toMatch(/"commandPublicKey": "[A-Za-z0-9+/=]{40,}"/);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown command "reboot"');
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain('cannot reach the broker');

    const [again, refused] = await Promise.all([
      runAdm(['fleet', 'keygen', '--out', otherKey]),
      runAdm(['fleet', 'command', ...target, '--key', otherKey, 'out-of-service', '--timeout-ms', '8000']),
    ]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('refusing to overwrite');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('refused out-of-service: bad_signature');
    expect(one.service.inService).toBe(true);
  });
});
