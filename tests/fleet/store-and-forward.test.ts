import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Mosquitto, mosquittoInstalled } from '../support/mosquitto.ts';
import { Capture, type Captured } from './support/capture.ts';
import { TcpProxy } from './support/tcp-proxy.ts';
import { testKiosk, type TestKiosk } from './support/harness.ts';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

beforeAll(() => {
  if (!mosquittoInstalled()) throw new Error('mosquitto is not installed (Debian package `mosquitto`); npm test installs it');
});

async function setup(outboxMax = 1000): Promise<{ broker: Mosquitto; proxy: TcpProxy; capture: Capture; kiosk: TestKiosk }> {
  const broker = await Mosquitto.start();
  cleanups.push(() => broker.close());
  const proxy = await TcpProxy.start(broker.port);
  cleanups.push(() => proxy.close());
  const capture = await Capture.open(broker.url);
  cleanups.push(() => capture.close());
  const kiosk = await testKiosk(proxy.url, { outboxMax });
  cleanups.push(() => kiosk.stop());
  return { broker, proxy, capture, kiosk };
}

const testEvents = (messages: Captured[]) => messages.filter((m) => m.topic.endsWith('/event') && m.json.kind === 'test.tick');
const nOf = (m: Captured) => (m.json.data as { n: number }).n;

describe('fleet outbox: store and forward against a real mosquitto', () => {
  it('replays what queued while the broker was restarting, in order, marked historical, nothing lost or duplicated', async () => {
    const { broker, proxy, capture, kiosk } = await setup();
    const { agent } = kiosk;
    agent.start();
    await agent.publisher.whenOnline(AbortSignal.timeout(10_000));
    for (let n = 0; n < 5; n++) agent.emitEvent('test.tick', 'info', { n });
    await capture.until((m) => testEvents(m).length === 5, 10_000, 'five live events');
    await waitFor(() => agent.outbox.stats().pending === 0, 'live events acknowledged');

    proxy.block();
    await broker.stop();
    await waitFor(() => !agent.publisher.online, 'kiosk to notice the broker is gone');
    for (let n = 5; n < 15; n++) agent.emitEvent('test.tick', 'warning', { n });
    expect(agent.outbox.stats().pending).toBe(10);

    const before = capture.resubscribed;
    await broker.start();
    await capture.reconnected(before);
    proxy.unblock();
    await capture.until((m) => testEvents(m).some((e) => nOf(e) === 14), 15_000, 'replayed events');
    await waitFor(() => agent.outbox.stats().pending === 0, 'replayed events acknowledged');

    const events = testEvents(capture.messages);
    expect(events.map(nOf)).toEqual([...Array(15).keys()]);
    const ids = events.map((e) => e.json.id);
    expect(new Set(ids).size).toBe(15);
    expect(events.map((e) => e.json.historical)).toEqual([...Array(15).keys()].map((n) => n >= 5));
    const seqs = events.map((e) => e.json.seq as number);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    // Back online: the retained state says so again (the restarted broker had forgotten it).
    expect(capture.on('state').filter((m) => m.json.status === 'online').length).toBeGreaterThanOrEqual(2);
    expect(kiosk.lines.some((l) => l.event === 'fleet.disconnected')).toBe(true);
  });

  it('never repeats a message the broker acknowledged when the link drops with messages in flight', async () => {
    const { proxy, capture, kiosk } = await setup();
    const { agent } = kiosk;
    agent.start();
    await agent.publisher.whenOnline(AbortSignal.timeout(10_000));
    for (let n = 0; n < 200; n++) agent.emitEvent('test.tick', 'info', { n });
    // Cut while the window is still draining, let it come back at once.
    await waitFor(() => agent.publisher.stats().acked > 20, 'some acknowledged');
    proxy.block();
    await waitFor(() => !agent.publisher.online, 'kiosk to notice the cut');
    let reconnectedAt = 0;
    const off = agent.publisher.onStatus((s) => {
      if (s === 'online') reconnectedAt = Date.now();
    });
    proxy.unblock();
    await capture.until((m) => new Set(testEvents(m).map(nOf)).size === 200, 15_000, 'all 200 events');
    await waitFor(() => agent.outbox.stats().pending === 0, 'all acknowledged');
    off();

    const copies = new Map<string, number>();
    for (const e of testEvents(capture.messages)) copies.set(e.json.id as string, (copies.get(e.json.id as string) ?? 0) + 1);
    const rows = kiosk.db.prepare("SELECT id, sent_at AS sentAt FROM fleet_outbox WHERE payload LIKE '%test.tick%'").all() as Array<{ id: string; sentAt: string }>;
    expect(rows).toHaveLength(200);
    const ackedBeforeCut = rows.filter((r) => Date.parse(r.sentAt) < reconnectedAt);
    expect(ackedBeforeCut.length).toBeGreaterThan(20);
    for (const r of ackedBeforeCut) expect(copies.get(r.id), `acknowledged ${r.id} delivered once`).toBe(1);
    for (const r of rows) expect(copies.get(r.id) ?? 0, `${r.id} delivered`).toBeGreaterThanOrEqual(1);
  });

  it('keeps the queue bounded while away, drops the oldest, counts them and says so when back', async () => {
    const { proxy, capture, kiosk } = await setup(10);
    const { agent } = kiosk;
    proxy.block();
    agent.start();
    for (let n = 0; n < 25; n++) agent.emitEvent('test.tick', 'info', { n });
    // kiosk.started + 25 ticks = 26 rows, 10 kept.
    expect(agent.outbox.stats()).toMatchObject({ pending: 10, dropped: 16 });
    expect(kiosk.lines.filter((l) => l.event === 'fleet.outbox_dropped').length).toBeGreaterThan(0);

    proxy.unblock();
    await capture.until((m) => m.some((e) => e.json.kind === 'outbox.dropped'), 15_000, 'outbox.dropped event');
    await capture.until((m) => testEvents(m).length === 10, 5000, 'the ten kept events');
    expect(testEvents(capture.messages).map(nOf)).toEqual([15, 16, 17, 18, 19, 20, 21, 22, 23, 24]);
    expect(testEvents(capture.messages).every((e) => e.json.historical === true)).toBe(true);
    const dropped = capture.messages.find((e) => e.json.kind === 'outbox.dropped');
    expect(dropped?.json.data).toMatchObject({ count: 16, total: 16 });
    expect(dropped?.json.historical).toBe(false);
    const telemetry = capture.on('telemetry').at(-1);
    expect((telemetry?.json.outbox as { dropped: number }).dropped).toBe(16);
  });
});

async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
