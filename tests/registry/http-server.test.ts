import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createRegistryServer, type RegistryServer } from '../../kiosk/registry/http/registry-server.ts';
import { HttpRegistry } from '../../kiosk/registry/http/http-registry.ts';
import type { EmbeddedRegistry } from '../../kiosk/registry/embedded/embedded-registry.ts';
import { demoSet } from '../../kiosk/registry/demo/demo-set.ts';
import { makePki, type TestPki } from './helpers/certs.ts';
import { openOrThrow, seededFile, tempDir } from './helpers/seeded.ts';
import { serveRegistry } from './helpers/serve.ts';

let registry: EmbeddedRegistry;
let today: string;
const cleanups: Array<() => Promise<void> | void> = [];

beforeAll(async () => {
  const seeded = await seededFile({ families: 0 });
  registry = openOrThrow({ path: seeded.path });
  today = seeded.today;
  cleanups.push(seeded.cleanup, () => registry.close());
});
afterAll(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

describe('registry server: requests it refuses', () => {
  let server: RegistryServer;
  let url: string;
  beforeAll(async () => {
    server = createRegistryServer({ registry, port: 0, maxBodyBytes: 4096 });
    url = await server.listen();
    cleanups.push(() => server.close());
  });

  it('answers 404 for an unknown endpoint and 400 for a body that is not JSON', async () => {
    const r1 = await fetch(`${url}/nothing-here`, { method: 'POST', body: '{}' });
    expect(r1.status).toBe(404);
    expect(await r1.json()).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    const r2 = await fetch(`${url}/citizens/find`, { method: 'POST', body: '{"nik": ' });
    expect(r2.status).toBe(400);
    expect(await r2.json()).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringContaining('not JSON') } });
  });

  it('refuses a body that does not match the schema, naming the field', async () => {
    const r = await fetch(`${url}/claims`, { method: 'POST', body: JSON.stringify({ applicationId: 'X', ledgerId: 'L', nik: '1', kioskId: 'K', proof: { kind: 'fingerprint' } }) });
    expect(r.status).toBe(400);
    expect(await r.json()).toMatchObject({ ok: false, error: { code: 'invalid_request', reason: 'schema', message: expect.stringContaining('proof') } });
    const extra = await fetch(`${url}/citizens/find`, { method: 'POST', body: JSON.stringify({ nik: '3506141203849001', admin: true }) });
    expect(extra.status).toBe(400);
  });

  it('refuses an oversized body with 413 without reading it all', async () => {
    const r = await fetch(`${url}/citizens/find`, { method: 'POST', body: JSON.stringify({ nik: 'x'.repeat(10_000) }) });
    expect(r.status).toBe(413);
  });

  it('maps refusals to HTTP statuses and keeps the code in the body', async () => {
    const r = await fetch(`${url}/citizens/find`, { method: 'POST', body: JSON.stringify({ nik: '3506141203840999' }) });
    expect(r.status).toBe(404);
    expect(await r.json()).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('registry over HTTPS with mutual TLS', () => {
  let pki: TestPki;
  let url: string;
  beforeAll(async () => {
    const t = tempDir('adm-registry-pki-');
    cleanups.push(t.cleanup);
    pki = makePki(t.dir);
    const server = createRegistryServer({ registry, port: 0, tls: { cert: pki.serverCert, key: pki.serverKey, ca: pki.ca } });
    url = await server.listen();
    cleanups.push(() => server.close());
  });

  it('serves a kiosk that presents a certificate from the registry CA', async () => {
    const reg = new HttpRegistry({ url, tls: { ca: pki.ca, cert: pki.clientCert, key: pki.clientKey } });
    cleanups.push(() => reg.close());
    const budi = demoSet(today)[0];
    const r = await reg.findByNik(budi?.nik ?? '');
    expect(r).toMatchObject({ ok: true, value: { person: { name: 'BUDI SANTOSO' } } });
  });

  it('turns away a kiosk without a client certificate, or with one from another CA: unavailable', async () => {
    for (const tls of [{ ca: pki.ca }, { ca: pki.ca, cert: pki.strangerCert, key: pki.strangerKey }]) {
      const reg = new HttpRegistry({ url, tls, retries: 0 });
      cleanups.push(() => reg.close());
      expect(await reg.ping()).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    }
  });

  it('refuses a server whose certificate the kiosk does not trust', async () => {
    const reg = new HttpRegistry({ url, tls: { cert: pki.clientCert, key: pki.clientKey }, retries: 0 });
    cleanups.push(() => reg.close());
    expect(await reg.ping()).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringMatching(/SELF_SIGNED|CERT|UNABLE/) } });
  });

  it('adm registry serve takes the same TLS files', async () => {
    const seeded = await seededFile({ families: 0 });
    cleanups.push(seeded.cleanup);
    const served = await serveRegistry(['--path', seeded.path, '--no-seed', '--tls-cert', join(pki.dir, 'server.pem'), '--tls-key', join(pki.dir, 'server.key'), '--tls-ca', join(pki.dir, 'ca.pem')]);
    cleanups.push(served.stop);
    expect(served.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/v1$/);
    const reg = new HttpRegistry({ url: served.url, tls: { ca: pki.ca, cert: pki.clientCert, key: pki.clientKey } });
    cleanups.push(() => reg.close());
    expect((await reg.ping()).ok).toBe(true);
  });
});
