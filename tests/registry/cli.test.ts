import { openSeal } from '../../kiosk/documents/seal/node-seal.ts';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { demoSet } from '../../kiosk/registry/demo/demo-set.ts';
import { deadPort } from './helpers/fake-backend.ts';
import { tempDir } from './helpers/seeded.ts';

const ADM = fileURLToPath(new URL('../../scripts/adm.js', import.meta.url));
const run = promisify(execFile);

async function adm(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [ADM, ...args], { env: { ...process.env, ADM_CONFIG: '', ...env }, timeout: 60_000, maxBuffer: 8 * 1024 * 1024 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { code: x.code ?? -1, stdout: x.stdout ?? '', stderr: x.stderr ?? '' };
  }
}

const t = tempDir('adm-registry-cli-');
afterAll(t.cleanup);

describe('adm nik', () => {
  it('prints the decoded fields as JSON and exits 0, or names the problem and exits 1', async () => {
    const good = await adm(['nik', '3506146508879001', '--today', '2026-11-23']);
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ valid: true, birthDate: '1987-08-25', sex: 'PEREMPUAN', age: 39, regency: { code: '3506', name: 'KABUPATEN KEDIRI' }, district: { name: 'PARE' } });
    const bad = await adm(['nik', '3506143508879001']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('bad_day');
    expect(JSON.parse(bad.stdout)).toMatchObject({ valid: false, problem: 'bad_day' });
    expect((await adm(['nik'])).code).toBe(2);
  });
});

describe('adm seed and adm demo', () => {
  it('seeds a registry file, refuses to overwrite it, and adm demo --json lists every document type', async () => {
    const dataDir = join(t.dir, 'data');
    const creds = join(t.dir, 'creds.json');
    const env = { ADM_DATA_DIR: dataDir };
    const seeded = await adm(['seed', '--families', '5', '--seed', 'cli', '--today', '2026-11-23', '--credentials', creds], env);
    expect(seeded.code, seeded.stderr).toBe(0);
    expect(seeded.stdout).toMatch(/seeded .*registry\.sqlite: \d+ persons/);
    expect(existsSync(join(dataDir, 'registry.sqlite'))).toBe(true);
    const list = JSON.parse(readFileSync(creds, 'utf8')) as Array<{ applicationId: string; pin: string; qrText: string }>;
    expect(list.length).toBeGreaterThan(10);
    expect(list.every((c) => /^\d{6}$/.test(c.pin) && c.qrText.startsWith(`ADMQR1:${c.applicationId}:`))).toBe(true);

    const again = await adm(['seed', '--families', '5', '--seed', 'cli'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('--replace');

    const demo = await adm(['demo', '--json'], env);
    expect(demo.code, demo.stderr).toBe(0);
    const parsed = JSON.parse(demo.stdout) as { seededOn: string; entries: Array<{ type: string; nik: string }>; supersededDocumentQr: string };
    expect(parsed.seededOn).toBe('2026-11-23');
    expect(parsed.entries).toEqual(JSON.parse(JSON.stringify(demoSet('2026-11-23'))));
    expect(new Set(parsed.entries.map((e) => e.type))).toEqual(new Set(['kk', 'ktp', 'kia', 'akta-lahir', 'akta-mati']));
    expect(parsed.supersededDocumentQr).toMatch(/^ADM2:[0-9A-Z $%*+\-./:]+$/);
    const sealed = openSeal(parsed.supersededDocumentQr);
    expect(sealed.ok && [sealed.value.payload.type, sealed.value.payload.number, sealed.value.payload.issuedOn]).toEqual(['kk', '3506060103159001', '2015-03-01']);

    const text = await adm(['demo'], env);
    expect(text.stdout).toContain('KK-3506-900001');
    expect(text.stdout).toContain('ADMQR1:KK-3506-900001:');

    // A death recorded from the command line supersedes the family's KK and issues a new one.
    const people = demoSet('2026-11-23');
    const budi = people[0]?.nik ?? '';
    const sumiatiNik = '3506147001569001';
    const death = await adm(['registry', 'record-death', '--nik', sumiatiNik, '--reporter', budi, '--place', 'KEDIRI'], env);
    expect(death.code, death.stderr).toBe(0);
    const change = JSON.parse(death.stdout) as { superseded: string[]; issued: Array<{ type: string; documentNumber: string; pin: string }> };
    expect(change.superseded).toContain('KK-3506-900001');
    expect(change.issued.map((d) => d.type).sort()).toEqual(['akta-mati', 'kk']);
    expect((await adm(['registry', 'record-death', '--nik', sumiatiNik, '--reporter', budi], env)).code).toBe(1);
  });
});

describe('adm doctor: the registry line', () => {
  it('fails when the configured central registry cannot be reached', async () => {
    const config = join(t.dir, 'http.json');
    writeFileSync(config, JSON.stringify({ dataDir: join(t.dir, 'data2'), registry: { mode: 'http', url: `http://127.0.0.1:${await deadPort()}` } }));
    const r = await adm(['doctor', '--json', '--config', config]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { results: Array<{ check: string; status: string; detail: string }> };
    expect(out.results.find((x) => x.check === 'registry')).toMatchObject({ status: 'fail', detail: expect.stringContaining('unavailable') });
  });
});
