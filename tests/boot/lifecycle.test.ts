import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Lifecycle } from '../../kiosk/lifecycle.ts';
import { createLogger } from '../../kiosk/log/logger.ts';

async function quietLog() {
  const lines: string[] = [];
  const destination = new Writable({ write: (c: Buffer, _e, cb) => (lines.push(c.toString()), cb()) });
  return { log: await createLogger({ level: 'debug', pretty: false, destination }), lines };
}

describe('lifecycle shutdown', () => {
  it('closes in reverse order of registration', async () => {
    const { log } = await quietLog();
    const order: string[] = [];
    const lc = new Lifecycle(log);
    lc.add('store', () => void order.push('store'));
    lc.add('devices', async () => void order.push('devices'));
    lc.add('server', () => void order.push('server'));
    expect(await lc.shutdown(1000)).toBe(true);
    expect(order).toEqual(['server', 'devices', 'store']);
  });

  it('bounds a step that hangs, aborts it, and still closes the rest', async () => {
    const { log, lines } = await quietLog();
    const order: string[] = [];
    let aborted = false;
    const lc = new Lifecycle(log);
    lc.add('store', () => void order.push('store'));
    lc.add('print', (signal) => new Promise<void>(() => signal.addEventListener('abort', () => (aborted = true))));
    const t0 = Date.now();
    expect(await lc.shutdown(200)).toBe(false);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(aborted).toBe(true);
    expect(order).toEqual(['store']);
    expect(lines.join('')).toContain('"event":"kiosk.shutdown_step_failed","step":"print"');
  });

  it('runs once even when asked twice', async () => {
    const { log } = await quietLog();
    let n = 0;
    const lc = new Lifecycle(log);
    lc.add('x', () => void n++);
    await Promise.all([lc.shutdown(100), lc.shutdown(100)]);
    expect(n).toBe(1);
  });

  it('a stop asked for before anyone listens (low battery during boot) reaches the first listener, once', async () => {
    const { log } = await quietLog();
    const lc = new Lifecycle(log);
    lc.requestStop('low-battery');
    lc.requestStop('low-battery');
    const heard: string[] = [];
    lc.onStopRequested((r) => heard.push(r));
    await Promise.resolve();
    expect(heard).toEqual(['low-battery']);
    lc.requestStop('low-battery');
    expect(heard).toEqual(['low-battery', 'low-battery']);
  });
});

describe('lifecycle start', () => {
  it('starts outermost areas first, then the rest in order of registration, and stops in reverse of that', async () => {
    const { log } = await quietLog();
    const seen: string[] = [];
    const lc = new Lifecycle(log);
    const area = (name: string, outermost = false) => lc.add(name, { outermost, start: () => void seen.push(`start ${name}`), stop: () => void seen.push(`stop ${name}`) });
    lc.add('store', { outermost: true, stop: () => void seen.push('stop store') });
    area('devices');
    area('journey');
    area('fleet', true);
    await lc.start();
    expect(await lc.shutdown(1000)).toBe(true);
    expect(seen).toEqual(['start fleet', 'start devices', 'start journey', 'stop journey', 'stop devices', 'stop fleet', 'stop store']);
  });

  it('awaits each start before the next, and refuses an area with a start added after the kiosk started', async () => {
    const { log } = await quietLog();
    const seen: string[] = [];
    const lc = new Lifecycle(log);
    lc.add('ups', { start: async () => {
      await new Promise((r) => setTimeout(r, 30));
      seen.push('first reading');
    } });
    lc.add('journey', { start: () => void seen.push('journey') });
    await lc.start();
    expect(seen).toEqual(['first reading', 'journey']);
    expect(() => lc.add('late', { start: () => {} })).toThrow('bug: area late has a start step but was added after the kiosk started');
    // A stop alone may still be added (the HTTP server, once it listens).
    lc.add('http', () => {});
    expect(await lc.shutdown(1000)).toBe(true);
  });
});
