import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readSimulatorUrls } from '../../kiosk/server/simulator-urls.ts';
import { configSchema } from '../../kiosk/config/schema.ts';
import { fileAccessCheck } from '../../kiosk/doctor/file-access-check.ts';
import { lockDataDir } from '../../kiosk/firmware/file-access.ts';
import { runAdm, startKiosk } from '../support/kiosk-process.ts';
import { tempDir } from '../support/temp-dir.ts';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
const scratch = () => {
  const d = tempDir('access');
  cleanups.push(() => d.remove());
  return d.path;
};

/** Every path under `dir` with its mode, for the message when one is wrong. */
function modes(dir: string): Array<[string, number]> {
  const out: Array<[string, number]> = [[dir, statSync(dir).mode & 0o777]];
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    // The running kiosk may remove a temporary file between the listing and the look.
    const st = statSync(join(dir, name), { throwIfNoEntry: false });
    if (st) out.push([name, st.mode & 0o777]);
  }
  return out;
}

describe('the data directory is the runtime\'s alone', () => {
  it('lockDataDir narrows folders to 0700 and files to 0600, and says which', () => {
    const dir = scratch();
    mkdirSync(join(dir, 'printed/a4'), { recursive: true, mode: 0o755 });
    writeFileSync(join(dir, 'kiosk.sqlite'), 'x', { mode: 0o644 });
    writeFileSync(join(dir, 'printed/a4/KK.pdf'), 'x', { mode: 0o664 });
    writeFileSync(join(dir, 'ok.key'), 'x', { mode: 0o600 });
    chmodSync(dir, 0o750);
    const fixed = lockDataDir(dir);
    expect(fixed.length).toBe(5);
    expect(modes(dir).filter(([, m]) => m & 0o077)).toEqual([]);
    expect(lockDataDir(dir)).toEqual([]);
  });

  it('adm start narrows what it finds at boot and creates nothing others can read; adm doctor checks it on the running kiosk', async () => {
    const dir = scratch();
    const data = join(dir, 'data');
    mkdirSync(join(data, 'printed'), { recursive: true, mode: 0o755 });
    writeFileSync(join(data, 'printed/left-by-hand.pdf'), 'x', { mode: 0o644 });
    const config = join(dir, 'kiosk.json');
    writeFileSync(config, JSON.stringify({ dataDir: data, http: { port: 0 }, log: { level: 'warn', pretty: false } }), { mode: 0o600 });
    const before = await fileAccessCheck.run(configSchema.parse({ dataDir: data }), AbortSignal.timeout(5000), { configFile: config, env: {} });
    expect(before.find((o) => o.status === 'fail')?.detail).toMatch(/readable or writable by others than its owner/);
    const k = await startKiosk({ ADM_CONFIG: config });
    try {
      // The log line and the simulator's URL file come with ready; a busy machine may flush them a little after.
      for (let i = 0; i < 50 && !(k.stdout().includes('kiosk.data_modes_narrowed') && readdirSync(data).includes('launch-urls.txt')); i++) await new Promise((r) => setTimeout(r, 100));
      expect(modes(data).filter(([, m]) => m & 0o077), JSON.stringify(modes(data))).toEqual([]);
      expect(k.stdout()).toContain('kiosk.data_modes_narrowed');
      // The store, its WAL, the keys, the printed folders and the simulator's URL file.
      expect(readdirSync(data)).toEqual(expect.arrayContaining(['kiosk.sqlite', 'launch-urls.txt']));
      // stdout is a pipe here, as a service's journal is: the simulator's secrets are not on it.
      const urls = readSimulatorUrls(data);
      if (!urls) throw new Error('no simulator URLs');
      for (const u of [urls.ui, urls.devPanel]) expect(k.stdout() + k.stderr()).not.toContain(new URL(u).hash.slice(3));
      expect(k.stdout()).toContain(`Touch UI and dev panel URLs (with their secrets): ${join(data, 'launch-urls.txt')}`);
      // adm doctor on the running kiosk: who can read what holds.
      const doctor = await runAdm(['doctor', '--config', config, '--json']);
      const access = (JSON.parse(doctor.stdout) as { results: Array<{ check: string; status: string; detail: string }> }).results.filter((r) => r.check === 'who can read what');
      expect(access.filter((r) => r.status === 'fail')).toEqual([]);
      expect(access.map((r) => r.detail).join('\n')).toContain(`${data}: `);
    } finally {
      await k.stop();
    }
  });
});
