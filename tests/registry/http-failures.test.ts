import { afterEach, describe, expect, it } from 'vitest';
import { HttpRegistry } from '../../kiosk/registry/http/http-registry.ts';
import { configSchema } from '../../kiosk/config/schema.ts';
import { deadPort, fakeBackend, recordingLogger } from './helpers/fake-backend.ts';

const NIK = '3506141203849001';
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()?.();
});

async function backend(answer: Parameters<typeof fakeBackend>[0]) {
  const b = await fakeBackend(answer);
  closers.push(b.close);
  return b;
}

function client(url: string, extra: Partial<ConstructorParameters<typeof HttpRegistry>[0]> = {}) {
  const c = new HttpRegistry({ url, ...extra });
  closers.push(() => c.close());
  return c;
}

describe('HTTP registry adapter: a central system that fails', () => {
  it('the default budget of a whole call, retries included, is under the 2 s the kiosk promises', () => {
    const defaults = configSchema.parse({}).registry;
    expect(defaults.deadlineMs).toBeLessThan(2000);
    expect(defaults.timeoutMs).toBeLessThanOrEqual(defaults.deadlineMs);
  });

  it('a backend that is down: "unavailable" within the deadline, then the open breaker answers without the network', async () => {
    const port = await deadPort();
    const reg = client(`http://127.0.0.1:${port}`, { deadlineMs: 600 });
    const t0 = Date.now();
    const r = await reg.findByNik(NIK);
    // The deadline is the behaviour under test; the slack only absorbs a busy machine.
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(r).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(reg.breakerState).toBe('open');
    expect(await reg.listDocuments(NIK, '2026-11-23')).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('a backend that accepts but never answers: "timeout" at the deadline, not a hang', async () => {
    const b = await backend(() => {
      /* never answers */
    });
    const reg = client(b.url, { deadlineMs: 600, timeoutMs: 500 });
    const t0 = Date.now();
    const r = await reg.findByNik(NIK);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(r).toMatchObject({ ok: false, error: { code: 'timeout' } });
    expect(b.hits()).toBeGreaterThanOrEqual(1);
  });

  it('a backend that answers garbage: "bad_response", not retried', async () => {
    const b = await backend((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>gateway says hello</html>');
    });
    const reg = client(b.url);
    expect(await reg.findByNik(NIK)).toMatchObject({ ok: false, error: { code: 'bad_response' } });
    expect(b.hits()).toBe(1);
  });

  it('a backend whose JSON does not match the API: "bad_response" naming the field', async () => {
    const b = await backend((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, value: { person: { nik: 42 }, kkNumber: null } }));
    });
    const r = await client(b.url).findByNik(NIK);
    expect(r).toMatchObject({ ok: false, error: { code: 'bad_response', message: expect.stringContaining('person') } });
  });

  it('a backend that answers 500: idempotent calls retried with backoff and jitter, then "unavailable"', async () => {
    const b = await backend((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error: { code: 'unavailable', message: 'database down' } }));
    });
    const log = recordingLogger();
    const reg = client(b.url, { log, backoffMs: 20, retries: 2, breaker: { failureThreshold: 10, cooldownMs: 1000 } });
    const r = await reg.findByNik(NIK);
    expect(r).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('HTTP 500') } });
    expect(b.hits()).toBe(3);
    const delays = log.events.filter((e) => e.name === 'registry.call_retry').map((e) => e.fields.delayMs as number);
    expect(delays).toHaveLength(2);
    // Backoff 20 ms × 2^n, jittered into [50 %, 100 %].
    expect(delays[0]).toBeGreaterThanOrEqual(10);
    expect(delays[0]).toBeLessThanOrEqual(20);
    expect(delays[1]).toBeGreaterThanOrEqual(20);
    expect(delays[1]).toBeLessThanOrEqual(40);
    expect(log.events.some((e) => e.name === 'registry.call_failed')).toBe(true);
  });

  it('a login-PIN sign-in is not retried: a retry could spend one of the citizen\'s three tries', async () => {
    const b = await backend((_req, res) => {
      res.writeHead(502);
      res.end('bad gateway');
    });
    const r = await client(b.url, { backoffMs: 10, breaker: { failureThreshold: 10, cooldownMs: 1000 } }).signInWithPin(NIK, '123456');
    expect(r).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(b.hits()).toBe(1);
  });

  it('a refusal (4xx with an error body) is an answer: passed through, not retried, the breaker stays closed', async () => {
    const b = await backend((_req, res) => {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error: { code: 'wrong_pin', message: 'wrong', attemptsLeft: 1 } }));
    });
    const reg = client(b.url, { breaker: { failureThreshold: 1, cooldownMs: 60_000 } });
    for (let i = 0; i < 3; i++) expect(await reg.claim({ applicationId: 'KK-3506-000001', ledgerId: `L${i}`, nik: NIK, proof: { kind: 'pin', pin: '000000' }, kioskId: 'K' })).toMatchObject({ ok: false, error: { code: 'wrong_pin', attemptsLeft: 1 } });
    expect(b.hits()).toBe(3);
    expect(reg.breakerState).toBe('closed');
    expect(reg.reachable()).toBe(true);
  });

  it('the circuit breaker opens after repeated failures, fails fast, then lets one probe through after the cooldown', async () => {
    let healthy = false;
    const b = await backend((_req, res) => {
      res.writeHead(healthy ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify(healthy ? { ok: true, value: { version: 'x' } } : { ok: false, error: { code: 'unavailable', message: 'maintenance' } }));
    });
    let now = 1_000_000;
    const log = recordingLogger();
    const reg = client(b.url, { now: () => now, retries: 0, breaker: { failureThreshold: 2, cooldownMs: 5000 }, log });
    expect((await reg.ping()).ok).toBe(false);
    expect((await reg.ping()).ok).toBe(false);
    expect(reg.breakerState).toBe('open');
    expect(log.events.map((e) => e.name)).toContain('registry.breaker_opened');
    const hitsWhenOpened = b.hits();
    expect(await reg.ping()).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('circuit open') } });
    expect(b.hits()).toBe(hitsWhenOpened);
    expect(reg.reachable()).toBe(false);

    now += 5000;
    healthy = true;
    expect((await reg.ping()).ok).toBe(true);
    expect(b.hits()).toBe(hitsWhenOpened + 1);
    expect(reg.breakerState).toBe('closed');
    expect(log.events.map((e) => e.name)).toContain('registry.breaker_closed');
  });

  it('a failed probe opens the breaker for another cooldown', async () => {
    const b = await backend((_req, res) => {
      res.writeHead(500);
      res.end();
    });
    let now = 0;
    const reg = client(b.url, { now: () => now, retries: 0, breaker: { failureThreshold: 1, cooldownMs: 1000 } });
    await reg.ping();
    expect(reg.breakerState).toBe('open');
    now += 1000;
    expect(reg.breakerState).toBe('half-open');
    await reg.ping();
    expect(reg.breakerState).toBe('open');
    expect(b.hits()).toBe(2);
  });

  it('the caller\'s AbortSignal ends a call at once', async () => {
    const b = await backend(() => {
      /* never answers */
    });
    const reg = client(b.url, { timeoutMs: 10_000, deadlineMs: 10_000 });
    const t0 = Date.now();
    const r = await reg.findByNik(NIK, { signal: AbortSignal.timeout(100) });
    expect(r).toMatchObject({ ok: false, error: { code: 'timeout' } });
    expect(Date.now() - t0).toBeLessThan(1000);
    const controller = new AbortController();
    controller.abort();
    expect(await reg.findByNik(NIK, { signal: controller.signal })).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('a response larger than the limit is refused unread', async () => {
    const b = await backend((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"ok":true,"value":"${'x'.repeat(20 * 1024 * 1024)}"}`);
    });
    const r = await client(b.url).findByNik(NIK);
    expect(r).toMatchObject({ ok: false, error: { code: 'bad_response', message: expect.stringContaining('larger than') } });
  });
});
