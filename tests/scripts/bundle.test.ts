import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileHash, freshBundle } from '../../scripts/bundle-state.js';
import { PROJECT_ROOT } from '../../core/project-root.ts';
import { runAdm, startKiosk } from '../support/kiosk-process.ts';
import { tempDir } from '../support/temp-dir.ts';

const cleanups: Array<() => void | Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function temp(name: string): string {
  const d = tempDir(name);
  cleanups.push(() => d.remove());
  return d.path;
}

/** Moves a file's modification time, as an edit would. */
function touch(path: string, deltaMs: number): void {
  const t = new Date(statSync(path).mtimeMs + deltaMs);
  utimesSync(path, t, t);
}

describe('bundle freshness', () => {
  it('uses dist/ only when every source it was built from is unchanged', () => {
    const root = temp('bundle-state');
    mkdirSync(join(root, 'kiosk'));
    mkdirSync(join(root, 'dist'));
    const src = join(root, 'kiosk', 'a.ts');
    writeFileSync(src, 'export const a = 1;\n');
    expect(freshBundle(root)).toEqual({ stale: 'not built (npm run build)' });
    const inputs = { 'kiosk/a.ts': { mtimeMs: statSync(src).mtimeMs, sha256: fileHash(src) } };
    writeFileSync(join(root, 'dist', 'build.json'), JSON.stringify({ format: 1, entry: 'main.js', inputs }));
    expect(freshBundle(root)).toEqual({ entry: join(root, 'dist', 'main.js') });
    touch(src, 1000); // copied or unpacked: a new time, the same bytes
    expect(freshBundle(root)).toEqual({ entry: join(root, 'dist', 'main.js') });
    writeFileSync(src, 'export const a = 2;\n');
    expect(freshBundle(root)).toEqual({ stale: 'kiosk/a.ts changed since the build' });
    rmSync(src);
    expect(freshBundle(root)).toEqual({ stale: 'kiosk/a.ts is gone' });
    writeFileSync(join(root, 'dist', 'build.json'), '{"format":9}');
    expect(freshBundle(root)).toEqual({ stale: 'unknown build manifest' });
  });
});

describe('compiled bundle', () => {
  it('a built copy of the app starts from dist/, serves the UI and renders with its fonts; an edited source is run from the sources instead', async () => {
    const app = temp('bundle-app');
    for (const part of ['core', 'kiosk', 'devices', 'flows', 'scripts', 'assets', 'package.json']) cpSync(join(PROJECT_ROOT, part), join(app, part), { recursive: true });
    symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(app, 'node_modules'));
    const built = spawnSync(process.execPath, [join(app, 'scripts', 'build.js')], { encoding: 'utf8' });
    expect(built.status, built.stderr).toBe(0);
    expect(built.stdout).toMatch(/^built dist\/ from \d+ source files/);
    const manifest = JSON.parse(readFileSync(join(app, 'dist', 'build.json'), 'utf8')) as { inputs: Record<string, number> };
    expect(Object.keys(manifest.inputs)).toEqual(expect.arrayContaining(['kiosk/cli/main.ts', 'devices/common/supervisor.ts', 'flows/session/session-machine.ts']));
    const bin = join(app, 'scripts', 'adm.js');
    const env = { ADM_DATA_DIR: join(app, 'data') };

    const doctor = await runAdm(['doctor'], env, bin);
    expect(doctor.stdout).toContain(`ok    runtime: compiled bundle ${join(app, 'dist', 'main.js')}`);
    const k = await startKiosk(env, 20_000, bin);
    cleanups.push(() => k.stop('SIGKILL'));
    const page = await fetch(`${k.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
    expect((await fetch(`${k.url}/healthz`)).status).toBe(200);
    expect((await k.stop('SIGINT')).code).toBe(0);
    const pdf = join(app, 'kk.pdf');
    const render = await runAdm(['render', 'kk', '--sample', '--out', pdf], env, bin);
    expect(render.code, render.stderr).toBe(0);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');

    const edited = join(app, 'kiosk', 'version.ts');
    writeFileSync(edited, readFileSync(edited, 'utf8') + '// edited\n');
    const again = await runAdm(['doctor'], env, bin);
    expect(again.stdout).toContain('warn  runtime: TypeScript sources through tsx (kiosk/version.ts changed since the build)');
  });
});
