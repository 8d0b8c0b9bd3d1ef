import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { trustListCheck } from '../../kiosk/doctor/trust-check.ts';
import { configuredTrust, issueTrustList, simulatedRoot, simulatedTrustList } from '../../kiosk/registry/trust-list.ts';
import { configSchema } from '../../kiosk/config/schema.ts';
import { sampleKey } from '../../kiosk/documents/sample/office.ts';

/** The trust list as the configuration delivers it: the file, the root key, and what happens when they do not agree. */
const dir = mkdtempSync(join(tmpdir(), 'adm-trust-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const root = sampleKey('trust-config-root');
const list = issueTrustList(root.privateKey, '2026-03-01', simulatedTrustList().list.keys.map(({ signature: _s, ...k }) => k));
writeFileSync(join(dir, 'trust.json'), JSON.stringify(list));
writeFileSync(join(dir, 'tampered.json'), JSON.stringify({ ...list, revoked: [{ keyId: 'X', revokedOn: '2026-03-02', reason: 'added unsigned' }] }));

describe('trust.listFile and trust.rootPublicKey', () => {
  it('unset: the simulated list, signed by the simulated root', () => {
    const t = configuredTrust({}, dir);
    expect(t.ok && t.value.rootPublicKey).toBe(simulatedRoot().publicKey);
    expect(configuredTrust({ rootPublicKey: root.publicKeyB64 }, dir)).toMatchObject({ ok: false, error: { code: 'bad_signature' } });
  });

  it('a file relative to the data directory, checked against the configured root', () => {
    const t = configuredTrust({ listFile: 'trust.json', rootPublicKey: root.publicKeyB64 }, dir);
    expect(t.ok && t.value.list.keys.length).toBe(5);
    expect(configuredTrust({ listFile: 'trust.json' }, dir)).toMatchObject({ ok: false, error: { code: 'bad_signature' } });
    expect(configuredTrust({ listFile: 'tampered.json', rootPublicKey: root.publicKeyB64 }, dir)).toMatchObject({ ok: false, error: { code: 'bad_signature' } });
    expect(configuredTrust({ listFile: 'missing.json', rootPublicKey: root.publicKeyB64 }, dir)).toMatchObject({ ok: false, error: { code: 'unreadable' } });
  });

  it('adm doctor says what the kiosk trusts, and fails when the list does not chain', async () => {
    const good = configSchema.parse({ dataDir: dir, trust: { listFile: 'trust.json', rootPublicKey: root.publicKeyB64 } });
    expect(await trustListCheck.run(good, AbortSignal.timeout(1000))).toMatchObject([{ status: 'ok', detail: expect.stringContaining('5 office keys') }]);
    const bad = configSchema.parse({ dataDir: dir, trust: { listFile: 'tampered.json', rootPublicKey: root.publicKeyB64 } });
    expect(await trustListCheck.run(bad, AbortSignal.timeout(1000))).toMatchObject([{ status: 'fail', detail: expect.stringContaining('prints nothing') }]);
  });
});
