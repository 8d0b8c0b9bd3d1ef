import { createLogger } from '../../log/logger.ts';
import type { FromWorker, ToWorker } from './protocol.ts';
import { SimKiosk } from './sim-kiosk.ts';
import { templateStore } from '../../store/template-store.ts';

/**
 * One load worker process: runs a share of the simulated fleet (each kiosk with its own MQTT
 * connection, outbox and timers) and takes orders from the orchestrator over IPC.
 */
const send = (m: FromWorker) => process.send?.(m);
const kiosks: SimKiosk[] = [];
let connected = 0;
let online = 0;

async function build(m: Extract<ToWorker, { type: 'build' }>): Promise<void> {
  const log = await createLogger({ level: 'silent', pretty: false });
  const template = templateStore({ fleetOnly: true });
  for (const address of m.kiosks) {
    const k = new SimKiosk({
      address: { region: address.region, kiosk: address.kiosk },
      district: address.district,
      brokerUrl: m.brokerUrl,
      telemetryIntervalMs: m.telemetryIntervalMs,
      alertCheckMs: m.alertCheckMs,
      log,
      template,
      drift: m.drift,
      reconnect: m.reconnect,
    });
    let first = true;
    let on = false;
    k.agent.publisher.onStatus((s) => {
      if (s === 'online' && first) {
        first = false;
        connected++;
      }
      if ((s === 'online') !== on) {
        on = s === 'online';
        online += on ? 1 : -1;
      }
    });
    kiosks.push(k);
  }
  send({ type: 'built', kiosks: kiosks.length });
}

async function start(m: Extract<ToWorker, { type: 'connect' }>): Promise<void> {
  setInterval(() => send({ type: 'progress', connected, online }), 250).unref();
  // Staggered, as a fleet powering up over a morning would be; not one SYN flood.
  for (let i = 0; i < kiosks.length; i += m.batch) {
    for (const k of kiosks.slice(i, i + m.batch)) k.start();
    await new Promise((r) => setTimeout(r, m.batchGapMs));
  }
  while (connected < kiosks.length) await new Promise((r) => setTimeout(r, 50));
  send({ type: 'connected', connected });
}

process.on('message', (raw) => {
  const m = raw as ToWorker;
  if (m.type === 'build') {
    build(m).catch((e: unknown) => send({ type: 'error', message: (e as Error).message }));
  } else if (m.type === 'connect') {
    start(m).catch((e: unknown) => send({ type: 'error', message: (e as Error).message }));
  } else if (m.type === 'burst') {
    for (const k of kiosks) for (let i = 0; i < m.events; i++) k.agent.emitEvent(m.kind ?? 'load.burst', 'info', { i });
    send({ type: 'burst-queued', events: kiosks.length * m.events });
  } else if (m.type === 'act') {
    const k = kiosks.find((x) => x.address.kiosk === m.kiosk);
    if (!k) return send({ type: 'error', message: `no simulated kiosk ${m.kiosk} in this worker` });
    if (m.print) k.print(m.print.type, m.print.n);
    if (m.blanko !== undefined) k.setBlanko(m.blanko);
    send({ type: 'acted', kiosk: m.kiosk });
  } else if (m.type === 'stop') {
    void Promise.all(kiosks.map((k) => k.stop())).then(() => {
      send({ type: 'stopped' });
      process.exit(0);
    });
  }
});
// The orchestrator gone means nobody will ever stop us: leave with it.
process.on('disconnect', () => process.exit(0));
