import { spawn } from 'node:child_process';
import { createHash, createPrivateKey, type KeyObject } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateVendorKey, type VendorKeyPair } from '../../kiosk/update/keys.ts';
import { buildBundle } from '../../kiosk/update/bundle-build.ts';

export const ROOT = new URL('../../', import.meta.url).pathname;
const APP_PARTS = ['core', 'kiosk', 'devices', 'flows', 'assets', 'scripts', 'tsconfig.json'];

/**
 * A kiosk machine in a temporary folder: /etc/adm/kiosk.json, /opt/adm (A/B slots) and
 * /var/lib/adm (the store), with a vendor key the configuration trusts.
 */
export class Machine {
  readonly dir = mkdtempSync(join(tmpdir(), 'adm-update-'));
  readonly installRoot = join(this.dir, 'opt/adm');
  readonly dataDir = join(this.dir, 'var/lib/adm');
  readonly configFile = join(this.dir, 'etc/adm/kiosk.json');
  readonly vendor: VendorKeyPair = generateVendorKey();
  readonly vendorKey: KeyObject = createPrivateKey(this.vendor.privatePem);

  constructor() {
    mkdirSync(join(this.dir, 'etc/adm'), { recursive: true });
    mkdirSync(this.installRoot, { recursive: true });
    mkdirSync(this.dataDir, { recursive: true });
    // A real bundle carries its node_modules; these test bundles carry only sources, and Node finds
    // the checkout's packages through this link above the slots.
    symlinkSync(join(ROOT, 'node_modules'), join(this.installRoot, 'node_modules'));
    writeFileSync(
      this.configFile,
      JSON.stringify({ dataDir: this.dataDir, log: { level: 'warn' }, update: { installRoot: this.installRoot, vendorKeys: [this.vendor.publicBase64] } }, null, 2),
    );
  }

  /** An app tree of the runtime as it is in this checkout, at `version`, optionally altered. */
  appTree(version: string, alter?: (dir: string) => void): string {
    const dir = join(this.dir, `build-${version}`);
    mkdirSync(dir, { recursive: true });
    for (const part of APP_PARTS) if (existsSync(join(ROOT, part))) cpSync(join(ROOT, part), join(dir, part), { recursive: true });
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ ...pkg, version }, null, 2));
    alter?.(dir);
    return dir;
  }

  async bundle(version: string, alter?: (dir: string) => void, key: KeyObject = this.vendorKey): Promise<string> {
    const out = join(this.dir, `adm-${version}.admb`);
    const built = await buildBundle({ from: this.appTree(version, alter), key, out });
    if (!built.ok) throw new Error(built.error.message);
    return out;
  }

  /**
   * Runs `adm` as the technician would. `onSpawn` gets the process group id: the test may kill the
   * whole group (the updater and the kiosk it started), as a power cut would.
   */
  adm(args: string[], timeoutMs = 120_000, onSpawn?: (pgid: number) => void): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [join(ROOT, 'scripts/adm.js'), ...args], {
        cwd: this.dir,
        env: { ...process.env, ADM_CONFIG: this.configFile, ADM_DATA_DIR: '', ADM_PORT: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: onSpawn !== undefined,
      });
      if (onSpawn && child.pid !== undefined) onSpawn(child.pid);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
  }

  update(bundle: string, ...extra: string[]) {
    return this.adm(['update', bundle, '--service', 'boot-check', ...extra]);
  }

  current(): string | null {
    try {
      return readlinkSync(join(this.installRoot, 'current'));
    } catch {
      return null;
    }
  }

  runningVersion(): string | null {
    const link = this.current();
    if (link === null) return null;
    return (JSON.parse(readFileSync(join(this.installRoot, link, 'package.json'), 'utf8')) as { version: string }).version;
  }

  /** SHA-256 of each of the store's files that exists: "untouched" means these are identical. */
  storeFingerprint(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const name of ['kiosk.sqlite', 'kiosk.sqlite-wal']) {
      const p = join(this.dataDir, name);
      if (existsSync(p)) out[name] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
    return out;
  }

  state(): Record<string, unknown> {
    return JSON.parse(readFileSync(join(this.installRoot, 'update-state.json'), 'utf8')) as Record<string, unknown>;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Appends a migration to a copied tree's migration list (a new version with a schema change). */
export function addMigration(dir: string, sql: string, name = 'update-probe'): void {
  const file = join(dir, 'kiosk/store/migrations/index.ts');
  const text = readFileSync(file, 'utf8');
  writeFileSync(
    file,
    `${text}\n(kioskMigrations as Migration[]).push({ version: kioskMigrations.length + 1, name: ${JSON.stringify(name)}, up(db) { db.exec(${JSON.stringify(sql)}); } });\n`,
  );
}

/** Replaces one exact snippet in a copied tree, failing loudly if the snippet is gone. */
export function patch(dir: string, file: string, from: string, to: string): void {
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  if (!text.includes(from)) throw new Error(`fixture: ${file} no longer contains ${from}`);
  writeFileSync(path, text.replace(from, to));
}
