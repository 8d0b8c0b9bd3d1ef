import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { groupId, writeLaunchUrlFile } from '../../kiosk/firmware/launch-url-file.ts';
import { wireFirmware } from '../../kiosk/boot/wire-firmware.ts';
import { DeviceBoard } from '../../devices/common/device-board.ts';
import { configSchema } from '../../kiosk/config/schema.ts';
import { createLogger } from '../../kiosk/log/logger.ts';
import { Lifecycle } from '../../kiosk/lifecycle.ts';
import { openKioskStore } from '../../kiosk/store/kiosk-store.ts';
import { createHttpServer } from '../../kiosk/server/http-server.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'adm-launch-'));
  dirs.push(d);
  return d;
};

describe('launch URL hand-over to the browser session', () => {
  it('is written whole, readable by owner and group only, and refused with a line break', () => {
    const file = join(tempDir(), 'launch-url');
    expect(writeLaunchUrlFile(file, 'http://127.0.0.1:8080/?k=s3cret').ok).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('http://127.0.0.1:8080/?k=s3cret\n');
    expect(statSync(file).mode & 0o777).toBe(0o640);
    const bad = writeLaunchUrlFile(file, 'http://127.0.0.1:8080/\nhttp://evil/');
    expect(bad.ok).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe('http://127.0.0.1:8080/?k=s3cret\n');
  });

  it('is handed to the browser\'s own group, by name or number; an unknown group is refused', () => {
    const dir = tempDir();
    const file = join(dir, 'launch-url');
    const groups = join(dir, 'group');
    writeFileSync(groups, 'root:x:0:\nadm-browser:x:4242:adm-kiosk\n');
    expect(groupId('adm-browser', groups)).toBe(4242);
    expect(groupId('adm-kiosk', groups)).toBeNull();
    // nogroup (65534) exists on Debian; the test runs as root, so chown to any group works.
    expect(writeLaunchUrlFile(file, 'http://127.0.0.1:8080/#t=tok', 'nogroup').ok).toBe(true);
    expect(statSync(file).gid).toBe(groupId('nogroup'));
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(writeLaunchUrlFile(file, 'http://127.0.0.1:8080/#t=tok2', 'no-such-group')).toMatchObject({ ok: false, error: { message: expect.stringContaining('no group no-such-group') } });
    expect(readFileSync(file, 'utf8')).toBe('http://127.0.0.1:8080/#t=tok\n');
  });

  it('the runtime writes it at boot when ADM_LAUNCH_URL_FILE is set, never logs the secret, and removes it at shutdown', async () => {
    const dir = tempDir();
    const file = join(dir, 'launch-url');
    const lines: string[] = [];
    const log = await createLogger({ level: 'info', pretty: false, destination: { write: (s: string) => void lines.push(s) } });
    const config = configSchema.parse({ dataDir: dir, http: { port: 0 } });
    const store = openKioskStore(dir, log);
    if (!store.ok) throw new Error(store.error.message);
    const lifecycle = new Lifecycle(log);
    lifecycle.add('store', () => store.value.close());
    const http = createHttpServer({ host: '127.0.0.1', port: 0, log });
    await wireFirmware({ config, log, store: store.value, lifecycle, http, now: () => new Date(), startedAt: Date.now() }, new DeviceBoard(), {
      env: { ADM_LAUNCH_URL_FILE: file },
      launchUrl: () => 'http://127.0.0.1:8080/?k=per-boot-secret',
    });
    expect(readFileSync(file, 'utf8')).toBe('http://127.0.0.1:8080/?k=per-boot-secret\n');
    expect(lines.join('')).toContain('firmware.launch_url_written');
    expect(lines.join('')).not.toContain('per-boot-secret');
    await lifecycle.shutdown(2000);
    expect(existsSync(file)).toBe(false);
  });

  it('a runtime directory that is not there is logged, not fatal', async () => {
    const dir = tempDir();
    const lines: string[] = [];
    const log = await createLogger({ level: 'info', pretty: false, destination: { write: (s: string) => void lines.push(s) } });
    const config = configSchema.parse({ dataDir: dir, http: { port: 0 } });
    const store = openKioskStore(dir, log);
    if (!store.ok) throw new Error(store.error.message);
    const lifecycle = new Lifecycle(log);
    lifecycle.add('store', () => store.value.close());
    const http = createHttpServer({ host: '127.0.0.1', port: 0, log });
    const fw = await wireFirmware({ config, log, store: store.value, lifecycle, http, now: () => new Date(), startedAt: Date.now() }, new DeviceBoard(), {
      env: { ADM_LAUNCH_URL_FILE: join(dir, 'no-such-dir', 'launch-url') },
      launchUrl: () => 'http://127.0.0.1:8080/?k=x',
    });
    expect(fw.selfTest.store.ok).toBe(true);
    expect(lines.join('')).toContain('firmware.launch_url_failed');
    await lifecycle.shutdown(2000);
  });
});
