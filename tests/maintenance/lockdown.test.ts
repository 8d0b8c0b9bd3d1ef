import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MaintenanceApi } from './support/api.ts';
import { startRig, TECH_PIN, type Rig } from './support/rig.ts';

let rig: Rig;
let port: number;
beforeAll(async () => {
  rig = await startRig({ devices: false, realRateLimits: true });
  port = Number(new URL(rig.url).port);
});
afterAll(async () => rig?.close());

/** A raw request, so Host, Origin and the body can be anything a hostile page or process would send. */
function raw(method: string, path: string, headers: Record<string, string>, body?: string | Buffer): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const host = () => `127.0.0.1:${port}`;
const good = () => ({ host: host(), origin: `http://${host()}`, 'content-type': 'application/json' });

describe('maintenance app lockdown', () => {
  it('serves its page with a strict CSP and nothing from outside', async () => {
    const r = await raw('GET', '/maintenance/', { host: host() });
    expect(r.status).toBe(200);
    expect(r.headers['content-security-policy']).toBe("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.text).not.toMatch(/https?:\/\//);
    expect(r.text).not.toMatch(/<script>|\son[a-z]+=/);
    for (const f of ['app.js', 'i18n.js', 'style.css']) expect((await raw('GET', `/maintenance/${f}`, { host: host() })).status).toBe(200);
    expect((await raw('GET', '/maintenance/../kiosk.sqlite', { host: host() })).status).toBe(404);
    expect((await raw('GET', '/maintenance/%2e%2e%2fpackage.json', { host: host() })).status).toBe(404);
    expect((await raw('GET', '/maintenance', { host: host() })).headers.location).toBe('/maintenance/');
  });

  it('refuses a foreign Host (DNS rebinding), a foreign or missing Origin, and a non-JSON body', async () => {
    expect((await raw('GET', '/maintenance/', { host: 'evil.example:80' })).status).toBe(421);
    expect((await raw('GET', '/maintenance/api/state', { host: `kiosk.attacker.test:${port}` })).status).toBe(421);
    const enter = JSON.stringify({ source: 'page' });
    expect(await raw('POST', '/maintenance/api/enter', { ...good(), origin: 'http://evil.example' }, enter)).toMatchObject({ status: 403, text: expect.stringContaining('bad_origin') });
    const { origin: _o, ...noOrigin } = good();
    expect(await raw('POST', '/maintenance/api/enter', noOrigin, enter)).toMatchObject({ status: 403, text: expect.stringContaining('no_origin') });
    // A plain HTML form can only send these types; they never reach an action.
    expect((await raw('POST', '/maintenance/api/enter', { ...good(), 'content-type': 'application/x-www-form-urlencoded' }, 'source=page')).status).toBe(415);
    expect((await raw('POST', '/maintenance/api/enter', { ...good(), 'content-type': 'text/plain' }, enter)).status).toBe(415);
    expect(rig.handle.maintenance.mode.state).toBe('inactive');
    const refused = rig.lines.filter((l) => l.event === 'maintenance.request_refused').map((l) => l.reason);
    expect(refused).toEqual(expect.arrayContaining(['bad_host', 'bad_origin', 'no_origin', 'bad_content_type']));
  });

  it('refuses oversized, malformed and unexpected bodies with a clear error', async () => {
    expect((await raw('POST', '/maintenance/api/sign-in/pin', good(), 'x'.repeat(64 * 1024))).status).toBe(413);
    expect(await raw('POST', '/maintenance/api/sign-in/pin', good(), '{"pin":')).toMatchObject({ status: 400, text: expect.stringContaining('bad_json') });
    expect(await raw('POST', '/maintenance/api/enter', good(), JSON.stringify({ source: 'page', extra: 1 }))).toMatchObject({ status: 400, text: expect.stringContaining('invalid_request') });
    expect(await raw('POST', '/maintenance/api/enter', good(), JSON.stringify({ source: 'window' }))).toMatchObject({ status: 400 });
    expect((await raw('POST', '/maintenance/api/no-such-thing', good(), '{}')).status).toBe(404);
    expect((await raw('GET', '/maintenance/api/no-such-thing', { host: host() })).status).toBe(404);
  });

  it('hangs up on an oversized body instead of draining it for as long as the sender likes', async () => {
    for (const declared of [String(1 << 30), null]) {
      const sock = connect(port, '127.0.0.1');
      await new Promise((r) => sock.once('connect', r));
      let answer = '';
      sock.on('data', (d: Buffer) => (answer += d.toString('latin1')));
      const closed = new Promise<void>((r) => sock.once('close', () => r()));
      sock.on('error', () => {});
      const length = declared === null ? 'transfer-encoding: chunked' : `content-length: ${declared}`;
      sock.write(`POST /maintenance/api/sign-in/pin HTTP/1.1\r\nhost: ${host()}\r\norigin: http://${host()}\r\ncontent-type: application/json\r\n${length}\r\n\r\n`);
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const frame = declared === null ? Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]) : chunk;
      let sent = 0;
      let open = true;
      void closed.then(() => (open = false));
      // An attacker with a fast link: 256 MiB offered, as fast as the socket takes it.
      while (open && sent < 256 * 1024 * 1024) {
        if (!sock.write(frame)) await Promise.race([new Promise((r) => sock.once('drain', r)), closed]);
        sent += frame.length;
      }
      await closed;
      expect(sent, `${declared ?? 'chunked'}: bytes the kiosk let through before hanging up`).toBeLessThan(32 * 1024 * 1024);
      if (answer) expect(answer).toMatch(/^HTTP\/1\.1 413/);
    }
  });

  it('needs the session token for everything but entry and sign-in, and forgets it on leaving', async () => {
    const api = new MaintenanceApi(rig.url);
    for (const path of ['overview', 'journal', 'audit', 'identity', 'usb', 'prints/unknown']) expect((await api.get(path)).status, path).toBe(401);
    for (const path of ['self-test', 'test-print', 'consumables', 'prints/resolve', 'service', 'export', 'leave']) expect((await api.post(path, {})).status, path).toBe(401);
    api.token = 'forged-token';
    expect((await api.get('overview')).status).toBe(401);
    api.token = null;
    expect((await api.signIn(TECH_PIN)).status).toBe(200);
    const token = api.token;
    expect((await api.get('overview')).status).toBe(200);
    expect((await api.post('leave')).status).toBe(200);
    api.token = token;
    expect((await api.get('overview')).status).toBe(401);
    // A token from an earlier session stays dead in the next one.
    const second = new MaintenanceApi(rig.url);
    for (let i = 0; i < 100 && rig.handle.maintenance.mode.state !== 'inactive'; i++) await new Promise((r) => setTimeout(r, 10));
    expect((await second.signIn(TECH_PIN)).status).toBe(200);
    expect((await api.get('overview')).status).toBe(401);
    expect((await second.get('overview')).status).toBe(200);
    await second.post('leave');
  });

  it('answers a flood of sign-in attempts with 429 instead of trying them', async () => {
    for (let i = 0; i < 100 && rig.handle.maintenance.mode.state !== 'inactive'; i++) await new Promise((r) => setTimeout(r, 10));
    const api = new MaintenanceApi(rig.url);
    await api.post('enter', { source: 'page' });
    const answers = await Promise.all(Array.from({ length: 40 }, () => api.post('sign-in/pin', { pin: 'abc' })));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(25);
    expect(statuses.filter((s) => s !== 429).every((s) => s === 422)).toBe(true);
    await api.post('cancel');
  });

  it('is not reachable from another machine: the peer address must be loopback', async () => {
    const { checkRequest } = await import('../../kiosk/maintenance/server/lockdown.ts');
    const fake = { socket: { remoteAddress: '192.168.1.20' }, headers: { host: host() } } as unknown as Parameters<typeof checkRequest>[0];
    expect(checkRequest(fake, new Set([host()]))).toBe('not_loopback');
    const local = { socket: { remoteAddress: '::ffff:127.0.0.1' }, headers: { host: host() } } as unknown as Parameters<typeof checkRequest>[0];
    expect(checkRequest(local, new Set([host()]))).toBeNull();
  });
});

describe('loopback names', () => {
  it('are the three loopback spellings with the port, and without it on port 80', async () => {
    const { loopbackHosts } = await import('../../kiosk/maintenance/server/lockdown.ts');
    expect([...loopbackHosts(8080)]).toEqual(['127.0.0.1:8080', 'localhost:8080', '[::1]:8080']);
    expect(loopbackHosts(80).has('127.0.0.1')).toBe(true);
    expect(loopbackHosts(80).has('localhost:80')).toBe(true);
  });
});
