import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ok } from '../../core/result.ts';
import { CITIZEN, LISTINGS, NIK } from '../flows/support/fixtures.ts';
import { settle } from '../flows/support/scripted-ports.ts';
import { startUiServer, UiClient, untilScreen, type UiServer } from './support/ui-server.ts';

let server: UiServer;
beforeEach(async () => {
  server = await startUiServer();
});
afterEach(async () => {
  await server.close();
});

/** A citizen in the middle of a session: signed in, looking at their documents. */
async function citizenAtDocuments(): Promise<UiClient> {
  const c = await UiClient.open(server);
  await c.next('snapshot');
  await c.intent({ type: 'start' });
  await c.intent({ type: 'method', method: 'nik' });
  await c.intent({ type: 'submitLogin', nik: NIK, pin: '123456' });
  await settle();
  server.ports.answer('registry.signInWithPin', ok(CITIZEN));
  await settle();
  server.ports.answer('registry.listDocuments', ok(LISTINGS));
  await untilScreen(c, 'documents');
  return c;
}

/** The citizen's session still answers them as before. */
async function stillServed(c: UiClient): Promise<void> {
  expect(c.closeCode).toBeNull();
  expect(server.journey.current().view.screen).toBe('documents');
  const ack = await c.intent({ type: 'choose', applicationId: 'app-kk' });
  expect(ack).toMatchObject({ accepted: true });
  await untilScreen(c, 'proof');
}

describe('UI socket: protocol', () => {
  it('says hello, sends the current view, and answers an intent with an ack and the next view', async () => {
    const c = await UiClient.open(server);
    const hello = await c.next('hello');
    expect(hello).toEqual({ v: 1, type: 'hello', protocol: 1, maxMessageBytes: 2048 });
    const first = await c.next('snapshot');
    expect(first).toMatchObject({ v: 1, seq: 1, view: { screen: 'attract', language: 'id' } });
    const ack = await c.intent({ type: 'start' }, 'a1');
    expect(ack).toEqual({ v: 1, type: 'ack', id: 'a1', accepted: true });
    await untilScreen(c, 'choose-method');
    const late = await c.intent({ type: 'confirm' }, 'a2');
    expect(late).toEqual({ v: 1, type: 'ack', id: 'a2', accepted: false });
    await c.close();
  });

  it('a reload resumes the citizen where they were', async () => {
    const c = await citizenAtDocuments();
    await c.close();
    const again = await UiClient.open(server);
    const snap = await again.next('snapshot');
    expect(snap).toMatchObject({ view: { screen: 'documents', citizen: { name: 'BUDI SANTOSO' } } });
    await again.close();
  });

  it('answers malformed, unknown and invalid messages with an error and keeps serving', async () => {
    const c = await citizenAtDocuments();
    let from = c.raw('{not json');
    expect(await c.next('error', from)).toMatchObject({ id: null, code: 'malformed_json' });
    from = c.raw(JSON.stringify({ v: 2, type: 'intent', id: 'x1', intent: { type: 'start' } }));
    expect(await c.next('error', from)).toMatchObject({ id: 'x1', code: 'unsupported_version' });
    from = c.raw(JSON.stringify({ v: 1, type: 'subscribe', id: 'x2' }));
    expect(await c.next('error', from)).toMatchObject({ id: 'x2', code: 'invalid_message' });
    from = c.raw(JSON.stringify({ v: 1, type: 'intent', id: 'x3', intent: { type: 'submitLogin', nik: '123', pin: '1' } }));
    expect(await c.next('error', from)).toMatchObject({ id: 'x3', code: 'invalid_message', message: expect.stringContaining('intent.nik') });
    from = c.raw(JSON.stringify({ v: 1, type: 'intent', id: 'x4', intent: { type: 'reboot' } }));
    expect(await c.next('error', from)).toMatchObject({ id: 'x4', code: 'invalid_message' });
    from = c.raw(JSON.stringify([1, 2, 3]));
    expect(await c.next('error', from)).toMatchObject({ code: 'invalid_message' });
    from = c.raw(Buffer.from([0xde, 0xad]));
    expect(await c.next('error', from)).toMatchObject({ code: 'invalid_message' });
    await stillServed(c);
    await c.close();
  });
});

describe('UI socket: lockdown', () => {
  it('refuses a socket without the secret, with a wrong one, from a foreign page, a rebinding Host or no Origin; the citizen is unaffected', async () => {
    const citizen = await citizenAtDocuments();
    const attempts = [
      { secret: null },
      { secret: 'guess' },
      { secret: server.secret.slice(0, -1) + (server.secret.endsWith('A') ? 'B' : 'A') },
      { origin: 'http://evil.example' },
      { origin: `http://localhost:${server.port}` },
      { origin: null },
      { host: `evil.example:${server.port}`, origin: `http://evil.example:${server.port}` },
    ];
    const statuses: number[] = [];
    for (const a of attempts) {
      const r = await UiClient.open(server, a).then(
        () => 0,
        (e: { status?: number }) => e.status ?? -1,
      );
      statuses.push(r);
    }
    expect(statuses).toEqual([401, 401, 401, 403, 403, 403, 403]);
    await stillServed(citizen);
    expect(server.logs.join('')).not.toContain(server.secret);
    await citizen.close();
  });

  it('lets the kiosk browser in once with its launch token, hands it the secret, and the token is dead after', async () => {
    const token = server.launch.current;
    const rotated: string[] = [];
    server.launch.onRotate((t) => rotated.push(t));
    const browser = await UiClient.open(server, { token, secret: null });
    const hello = await browser.next('hello');
    expect(hello.secret).toBe(server.secret);
    expect(rotated).toHaveLength(1);
    expect(rotated[0]).not.toBe(token);
    expect(server.launch.current).toBe(rotated[0]);
    await browser.close();
    // Whoever read the token from the browser's command line in /proc finds it spent.
    expect(await UiClient.open(server, { token, secret: null }).then(() => 101, (e: { status?: number }) => e.status)).toBe(401);
    expect(await UiClient.open(server, { token: 'guessed', secret: null }).then(() => 101, (e: { status?: number }) => e.status)).toBe(401);
    // The secret reconnects (a reload); a socket opened with the secret is not told it again.
    const reload = await UiClient.open(server);
    expect((await reload.next('hello')).secret).toBeUndefined();
    await reload.close();
  });

  it('keeps one UI at a time: a second socket is refused while the first answers, and takes over a dead one', async () => {
    const citizen = await citizenAtDocuments();
    await expect(UiClient.open(server)).rejects.toMatchObject({ status: 409 });
    await stillServed(citizen);
    // The first tab hangs: its socket stops reading, so it cannot answer the liveness ping.
    (citizen.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const next = await UiClient.open(server);
    expect((await next.next('snapshot')).view).toMatchObject({ screen: 'proof' });
    await next.close();
  });

  it('closes a socket that sends an oversized message; the session goes on and a reconnect resumes it', async () => {
    const citizen = await citizenAtDocuments();
    citizen.raw(JSON.stringify({ v: 1, type: 'intent', id: 'big', intent: { type: 'choose', applicationId: 'x'.repeat(5000) } }));
    expect(await citizen.closed).toBe(1009);
    expect(server.journey.current().view.screen).toBe('documents');
    const again = await UiClient.open(server);
    await again.next('snapshot');
    await stillServed(again);
    await again.close();
  });

  it('drops a flood beyond the rate limit, says so, then closes the socket; the session is unaffected', async () => {
    const citizen = await citizenAtDocuments();
    const from = citizen.messages.length;
    for (let i = 0; i < 400; i++) citizen.raw(JSON.stringify({ v: 1, type: 'intent', id: `f${i}`, intent: { type: 'activity' } }));
    expect(await citizen.closed).toBe(1008);
    const after = citizen.messages.slice(from);
    const acks = after.filter((m) => m.type === 'ack').length;
    expect(acks).toBeGreaterThan(5);
    expect(acks).toBeLessThan(60);
    expect(after.some((m) => m.type === 'error' && m.code === 'rate_limited')).toBe(true);
    const again = await UiClient.open(server);
    await again.next('snapshot');
    await stillServed(again);
    await again.close();
  });

  it('logs a socket closed for flooding once, however much more it sends while closing', async () => {
    const citizen = await citizenAtDocuments();
    const from = server.logs.length;
    for (let i = 0; i < 3000; i++) citizen.raw(JSON.stringify({ v: 1, type: 'intent', id: `f${i}`, intent: { type: 'activity' } }));
    expect(await citizen.closed).toBe(1008);
    const abusive = server.logs.slice(from).join('').split('\n').filter((l) => l.includes('"ws.closed_abusive"'));
    expect(abusive).toHaveLength(1);
  });
});

describe('UI pages', () => {
  it('serves the page and its modules with a CSP that allows nothing from outside, only to the kiosk Host', async () => {
    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; media-src blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(page.headers.get('cache-control')).toBe('no-store');
    const html = await page.text();
    expect(html).toContain('/ui/app.js');
    expect(html).not.toMatch(/https?:\/\//);
    const js = await fetch(`${server.url}/ui/app.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await fetch(`${server.url}/ui/../package.json`)).status).toBe(404);
    expect((await fetch(`${server.url}/ui/%2e%2e%2fpackage.json`)).status).toBe(404);
    expect((await fetch(`${server.url}/ui/%E0%A4%A`)).status).toBe(404);
  });

  it('refuses a page request with a foreign Host (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: '/', headers: { host: `rebind.example:${server.port}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(421);
  });

  it('no UI file loads anything from outside the kiosk', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const dir = new URL('../../assets/ui/', import.meta.url).pathname;
    const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]));
    for (const f of walk(dir)) {
      const text = readFileSync(f, 'utf8');
      const external = text.match(/(?:src|href|url\()\s*=?\s*["']?(https?:)?\/\/[^"')\s]+/g)?.filter((u) => !u.includes('www.w3.org/2000/svg'));
      expect(external ?? [], f).toEqual([]);
    }
  });
});
