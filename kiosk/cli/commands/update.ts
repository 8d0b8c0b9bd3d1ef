import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { KeyObject } from 'node:crypto';
import type { Command } from '../command.ts';
import { loadConfig, formatProblem } from '../../config/load.ts';
import type { KioskConfig } from '../../config/schema.ts';
import { createLogger } from '../../log/logger.ts';
import { generateVendorKey, keyIdOf, readPrivateKeyFile, readPublicKeyFile, trustedKeys } from '../../update/keys.ts';
import { buildBundle } from '../../update/bundle-build.ts';
import { openBundle } from '../../update/bundle-open.ts';
import { InstallRoot } from '../../update/install-root.ts';
import { BootCheckService, SystemdService, type KioskService } from '../../update/service.ts';
import { installUpdate, rollback, type UpdaterDeps } from '../../update/updater.ts';
import { trialStore } from '../../update/trial.ts';
import { readRollbackPermit, signRollbackPermit } from '../../update/rollback-permit.ts';

/** Exit codes of `adm update`, for scripts and the fleet's remote update. */
export const UPDATE_EXIT = { installed: 0, failed: 1, usage: 2, refused: 3, notSwitched: 4, rolledBack: 5, rollbackFailed: 6, busy: 7 } as const;

function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}
function options(argv: string[], name: string): string[] {
  return argv.flatMap((a, i) => (a === name && argv[i + 1] !== undefined ? [argv[i + 1] as string] : []));
}
const say = (text: string) => process.stdout.write(`${text}\n`);
const complain = (text: string) => process.stderr.write(`${text}\n`);

function config(argv: string[]): KioskConfig | null {
  const file = option(argv, '--config');
  const loaded = loadConfig(file === undefined ? {} : { file });
  if (!loaded.ok) {
    for (const p of loaded.error) complain(formatProblem(p));
    return null;
  }
  return loaded.value.config;
}

function trusted(cfg: KioskConfig, extraKeyFiles: string[]): Map<string, KeyObject> | string {
  const fromConfig = trustedKeys(cfg.update.vendorKeys);
  if (!fromConfig.ok) return fromConfig.error.message;
  for (const f of extraKeyFiles) {
    const k = readPublicKeyFile(f);
    if (!k.ok) return k.error.message;
    fromConfig.value.set(keyIdOf(k.value), k.value);
  }
  return fromConfig.value;
}

async function runUpdate(argv: string[]): Promise<number> {
  // The new version's side of the trial: migrations and the store check on a copy. One JSON line.
  const trialDir = option(argv, '--trial-store');
  if (trialDir !== undefined) {
    const cfg = config(argv);
    if (!cfg) {
      say(JSON.stringify({ ok: false, version: '', fromVersion: null, schemaVersion: null, detail: 'this version rejects the kiosk configuration' }));
      return 1;
    }
    const report = trialStore(resolve(trialDir));
    say(JSON.stringify(report));
    return report.ok ? 0 : 1;
  }

  const cfg = config(argv);
  if (!cfg) return UPDATE_EXIT.usage;
  const keys = trusted(cfg, options(argv, '--trusted-key'));
  if (typeof keys === 'string') {
    complain(`adm update: ${keys}`);
    return UPDATE_EXIT.usage;
  }
  const root = new InstallRoot(resolve(option(argv, '--root') ?? cfg.update.installRoot));
  const serviceKind = option(argv, '--service') ?? (existsSync('/run/systemd/system') ? 'systemd' : 'boot-check');
  if (serviceKind !== 'systemd' && serviceKind !== 'boot-check') {
    complain(`adm update: --service must be systemd or boot-check, not ${serviceKind}`);
    return UPDATE_EXIT.usage;
  }
  const healthArg = option(argv, '--health-timeout-ms');
  const healthTimeoutMs = healthArg === undefined ? cfg.update.healthTimeoutMs : Number(healthArg);
  if (!Number.isInteger(healthTimeoutMs) || healthTimeoutMs < 100) {
    complain(`adm update: --health-timeout-ms must be a whole number of milliseconds (at least 100), not ${healthArg}`);
    return UPDATE_EXIT.usage;
  }
  const env: NodeJS.ProcessEnv = { ...process.env, ADM_DATA_DIR: resolve(cfg.dataDir) };
  const service: KioskService =
    serviceKind === 'systemd'
      ? new SystemdService(cfg.update.unit, `http://${cfg.http.host}:${cfg.http.port}/healthz`)
      : new BootCheckService({ root: root.root, entry: 'scripts/adm.js', node: process.execPath, env });
  const log = await createLogger({ level: cfg.log.level, pretty: false, destination: process.stderr });
  const permitFile = option(argv, '--rollback-permit');
  const permit = permitFile === undefined ? null : readRollbackPermit(resolve(permitFile), keys);
  if (permit && !permit.ok) {
    complain(`adm update: ${permit.error.message}`);
    return UPDATE_EXIT.refused;
  }
  const deps: UpdaterDeps = {
    kioskId: cfg.kiosk.id,
    ...(permit ? { rollbackPermit: permit.value } : {}),
    root,
    dataDir: resolve(cfg.dataDir),
    trusted: keys,
    service,
    log,
    env,
    node: process.execPath,
    healthTimeoutMs,
    trialTimeoutMs: 120_000,
  };

  if (argv.includes('--status')) {
    const cur = root.currentSlot();
    say(JSON.stringify({ root: root.root, current: cur && { slot: cur, version: root.versionOf(cur) }, state: root.readState() }, null, 2));
    return 0;
  }
  if (argv.includes('--rollback')) {
    const r = await rollback(deps, option(argv, '--reason') ?? 'rollback requested');
    if (!r.ok) {
      complain(`adm update: ${r.error.message}`);
      return r.error.code === 'busy' ? UPDATE_EXIT.busy : UPDATE_EXIT.rollbackFailed;
    }
    say(r.value.rolledBack ? `rolled back: ${r.value.failed} removed, ${r.value.restored ?? 'no version'} restored with its untouched store` : 'nothing to roll back: no update is on trial');
    return 0;
  }

  const bundle = argv.find((a, i) => !a.startsWith('--') && !(argv[i - 1] ?? '').startsWith('--'));
  if (bundle === undefined) {
    complain(`usage: adm update ${updateCommand.usage}`);
    return UPDATE_EXIT.usage;
  }
  const r = await installUpdate(resolve(bundle), deps);
  if (r.ok) {
    say(`updated ${r.value.from ?? '(fresh install)'} → ${r.value.version} (slot ${r.value.slot}); can print: ${r.value.printable.join(', ') || 'nothing yet'}`);
    return UPDATE_EXIT.installed;
  }
  complain(`adm update: ${r.error.message}`);
  switch (r.error.code) {
    case 'refused':
    case 'same_version':
    case 'downgrade':
      return UPDATE_EXIT.refused;
    case 'trial_failed':
    case 'not_switched':
      return UPDATE_EXIT.notSwitched;
    case 'rolled_back':
      return UPDATE_EXIT.rolledBack;
    case 'rollback_failed':
      return UPDATE_EXIT.rollbackFailed;
    case 'busy':
    case 'pending':
      return UPDATE_EXIT.busy;
  }
}

export const updateCommand: Command = {
  name: 'update',
  summary: 'install a signed update bundle beside the running version, switch only when it is healthy, roll back when not',
  usage: [
    '<bundle.admb> [--config FILE] [--root DIR] [--service systemd|boot-check] [--health-timeout-ms N] [--trusted-key PUB] [--rollback-permit FILE]',
    '       adm update --status | --rollback [--reason TEXT]',
  ].join('\n'),
  run: runUpdate,
};

/** The vendor's private key from `--key`, or null after saying what is wrong (usage or an unreadable key). */
function vendorKey(rest: string[], verb: string, argsGiven: boolean, usage: string): KeyObject | null {
  const keyFile = option(rest, '--key');
  if (keyFile === undefined || !argsGiven) {
    complain(`usage: adm bundle ${verb} --key vendor-key.pem ${usage}`);
    return null;
  }
  const key = readPrivateKeyFile(keyFile);
  if (!key.ok) complain(`adm bundle ${verb}: ${key.error.message}`);
  return key.ok ? key.value : null;
}

async function runBundle(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === 'keygen') {
    const out = option(rest, '--out');
    if (out === undefined) {
      complain('usage: adm bundle keygen --out DIR');
      return 2;
    }
    mkdirSync(out, { recursive: true });
    const priv = join(out, 'vendor-key.pem');
    if (existsSync(priv)) {
      complain(`adm bundle keygen: ${priv} exists; a vendor key is never overwritten`);
      return 1;
    }
    const k = generateVendorKey();
    writeFileSync(priv, k.privatePem, { mode: 0o600, flag: 'wx' });
    writeFileSync(join(out, 'vendor-key.pub.pem'), k.publicPem, { mode: 0o644 });
    say(`key ${k.keyId}: private key ${priv} (keep it offline), public key ${join(out, 'vendor-key.pub.pem')}`);
    say(`for the kiosk configuration: "update": { "vendorKeys": ["${k.publicBase64}"] }`);
    return 0;
  }
  if (verb === 'permit') {
    const version = option(rest, '--version');
    const out = option(rest, '--out');
    const days = Number(option(rest, '--days') ?? '7');
    const key = vendorKey(rest, 'permit', version !== undefined && out !== undefined && Number.isFinite(days) && days > 0, '--version X.Y.Z --out FILE [--kiosk ID] [--days N]');
    if (key === null || version === undefined || out === undefined) return 2;
    const kioskId = option(rest, '--kiosk');
    const expiresAt = new Date(Date.now() + days * 86_400_000).toISOString();
    writeFileSync(out, signRollbackPermit(key, { version, ...(kioskId ? { kioskId } : {}), expiresAt }), { mode: 0o644, flag: 'wx' });
    say(`${out}: rollback to ${version} permitted${kioskId ? ` on ${kioskId}` : ''} until ${expiresAt}`);
    return 0;
  }
  if (verb === 'build') {
    const from = option(rest, '--from');
    const out = option(rest, '--out');
    const key = vendorKey(rest, 'build', from !== undefined && out !== undefined, '--from APP_DIR --out FILE.admb [--version X.Y.Z]');
    if (key === null || from === undefined || out === undefined) return 2;
    const version = option(rest, '--version');
    const built = await buildBundle({ from: resolve(from), key, out: resolve(out), ...(version ? { version } : {}) });
    if (!built.ok) {
      complain(`adm bundle build: ${built.error.message}`);
      return 1;
    }
    say(`${out}: version ${built.value.version}, ${built.value.files.length} files, signed with key ${built.value.keyId}`);
    return 0;
  }
  if (verb === 'verify') {
    const file = rest.find((a, i) => !a.startsWith('--') && !(rest[i - 1] ?? '').startsWith('--'));
    const cfg = config(rest);
    if (file === undefined || !cfg) {
      complain('usage: adm bundle verify FILE.admb [--trusted-key PUB] [--config FILE]');
      return 2;
    }
    const keys = trusted(cfg, options(rest, '--trusted-key'));
    if (typeof keys === 'string') {
      complain(`adm bundle verify: ${keys}`);
      return 2;
    }
    const r = await openBundle(resolve(file), { trusted: keys });
    if (!r.ok) {
      complain(`adm bundle verify: refused (${r.error.code}): ${r.error.message}`);
      return UPDATE_EXIT.refused;
    }
    say(`${file}: version ${r.value.version}, ${r.value.files.length} files, signed by ${r.value.keyId}, built ${r.value.createdAt}: valid`);
    return 0;
  }
  complain(`usage: adm bundle ${bundleCommand.usage}`);
  return 2;
}

export const bundleCommand: Command = {
  name: 'bundle',
  summary: 'for the vendor: make a signing key, build and sign an update bundle, verify one, permit a rollback',
  usage: 'keygen --out DIR | build --key KEY.pem --from APP_DIR --out FILE.admb [--version V] | verify FILE.admb [--trusted-key PUB] | permit --key KEY.pem --version V --out FILE [--kiosk ID] [--days N]',
  run: runBundle,
};
