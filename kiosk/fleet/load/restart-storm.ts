import { eventSchema } from '../messages.ts';
import type { FleetMonitor } from '../monitor/monitor.ts';
import type { LoadWorker } from './load-worker.ts';
import { until } from './until.ts';

/** The events queued during the outage carry this kind, so the count leaves other events out. */
export const STORM_KIND = 'load.storm';

export interface BrokerControl {
  pause(): Promise<void>;
  resume(): Promise<void>;
  rssMb(): number | null;
}

export interface StormOptions {
  broker: BrokerControl;
  /** How long the broker stays down. */
  downMs: number;
  /** Events each kiosk queues in its outbox while the broker is down. */
  eventsPerKiosk: number;
  monitor: FleetMonitor;
  workers: LoadWorker[];
  /** Kiosks the monitor should see online at the end (the fleet and the probe). */
  expectOnline: number;
  /** True once the probe kiosk is connected again. */
  probeOnline: () => boolean;
  signal: AbortSignal;
  note(text: string): void;
}

export interface StormReport {
  downMs: number;
  /** Broker started again → every kiosk connected again. */
  allBackMs: number;
  events: number;
  /** Queued events that never reached the monitor. */
  lost: number;
  /** Second copies the monitor received (it drops them by id; counted here before that). */
  duplicates: number;
  notHistorical: number;
  /** Events of a kiosk that arrived after a later one of the same kiosk. */
  outOfOrder: number;
  /** Outages the monitor counted: one. */
  monitorOutages: number;
  /** Most kiosks the monitor showed as lost at any moment of the storm. */
  maxLostShown: number;
  /** The monitor's picture matches the fleet again: all online, none lost or unconfirmed. */
  converged: boolean;
  peakBrokerRssMb: number | null;
}

/**
 * A broker restart under a connected fleet: the broker stops (as an operator's restart does), every
 * kiosk queues events while it is down, the broker comes back, and the kiosks reconnect with their
 * jittered backoff and replay their outboxes. Measured at the monitor, from the raw messages
 * (before its own duplicate filter): every queued event once, historical, in order per kiosk.
 */
export async function restartStorm(o: StormOptions): Promise<StormReport> {
  const kiosks = o.workers.reduce((a, w) => a + w.kiosks.length, 0);
  const expected = kiosks * o.eventsPerKiosk;
  const perKiosk = new Map<string, { ids: Set<string>; lastSeq: number }>();
  let received = 0;
  let duplicates = 0;
  let notHistorical = 0;
  let outOfOrder = 0;
  const onMessage = (topic: string, payload: Buffer) => {
    if (!topic.endsWith('/event')) return;
    let ev;
    try {
      ev = eventSchema.safeParse(JSON.parse(payload.toString('utf8')));
    } catch {
      return;
    }
    if (!ev.success || ev.data.kind !== STORM_KIND) return;
    const k = perKiosk.get(ev.data.kiosk) ?? { ids: new Set<string>(), lastSeq: 0 };
    perKiosk.set(ev.data.kiosk, k);
    if (k.ids.has(ev.data.id)) {
      duplicates++;
      return;
    }
    k.ids.add(ev.data.id);
    received++;
    if (!ev.data.historical) notHistorical++;
    if (ev.data.seq < k.lastSeq) outOfOrder++;
    k.lastSeq = Math.max(k.lastSeq, ev.data.seq);
  };
  o.monitor.client.on('message', onMessage);
  let peak: number | null = null;
  let maxLostShown = 0;
  const sample = () => {
    const rss = o.broker.rssMb();
    if (rss !== null) peak = Math.max(peak ?? 0, rss);
    maxLostShown = Math.max(maxLostShown, o.monitor.view.summary().lost);
  };
  const sampler = setInterval(sample, 200);
  const outagesBefore = o.monitor.outages;
  try {
    sample();
    const tDown = performance.now();
    await o.broker.pause();
    o.note('broker stopped');
    // The kiosks notice (their sockets closed with the broker), then queue events in their outboxes.
    await until(() => o.workers.every((w) => w.online === 0), 'every kiosk to notice the broker is gone', 60_000, o.signal);
    for (const w of o.workers) w.burstQueued = false;
    for (const w of o.workers) w.send({ type: 'burst', events: o.eventsPerKiosk, kind: STORM_KIND });
    await until(() => o.workers.every((w) => w.burstQueued), 'the outage events to be queued', 60_000, o.signal);
    const rest = o.downMs - (performance.now() - tDown);
    if (rest > 0) await new Promise((r) => setTimeout(r, rest));
    const downMs = performance.now() - tDown;
    await o.broker.resume();
    const tUp = performance.now();
    o.note(`broker started again after ${Math.round(downMs)} ms; ${expected} events waiting in ${kiosks} outboxes`);
    let lastNote = 0;
    await until(
      () => {
        if (Date.now() - lastNote > 2000) {
          lastNote = Date.now();
          o.note(`back: ${o.workers.reduce((a, w) => a + w.online, 0)} of ${kiosks}; events at the monitor ${received} of ${expected}`);
        }
        return o.workers.every((w) => w.online === w.kiosks.length) && o.probeOnline() && o.monitor.status === 'online';
      },
      'every kiosk to reconnect',
      600_000,
      o.signal,
    );
    const allBackMs = performance.now() - tUp;
    o.note(`all ${kiosks} kiosks back ${Math.round(allBackMs)} ms after the broker started`);
    // Replays and the monitor's picture settle shortly after; a lost event never arrives, so this is bounded.
    const view = o.monitor.view;
    const settled = () => received >= expected && view.summary().online === o.expectOnline && view.summary().lost === 0 && view.unconfirmed() === 0;
    await until(settled, 'the replayed events and the picture to settle', 120_000, o.signal).catch((e: unknown) => o.note((e as Error).message));
    sample();
    return {
      downMs,
      allBackMs,
      events: expected,
      lost: expected - received,
      duplicates,
      notHistorical,
      outOfOrder,
      monitorOutages: o.monitor.outages - outagesBefore,
      maxLostShown,
      converged: settled(),
      peakBrokerRssMb: peak,
    };
  } finally {
    clearInterval(sampler);
    o.monitor.client.off('message', onMessage);
  }
}
