import type { KeyObject } from 'node:crypto';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { compareVersions } from './bundle-format.ts';
import { openBundle, type BundleRefusal } from './bundle-open.ts';
import { permitRefusal, type RollbackPermit } from './rollback-permit.ts';
import { InstallRoot, type Slot, type UpdateState } from './install-root.ts';
import { chownStoreToDir, copyStore, hasStore, lastPrintable, moveStore } from './store-files.ts';
import { runTrial, type TrialFailure } from './trial.ts';
import type { KioskService } from './service.ts';
import type { KioskLogger } from '../log/logger.ts';
import { err, ok, type Result } from '../../core/result.ts';

export interface UpdaterDeps {
  root: InstallRoot;
  dataDir: string;
  trusted: ReadonlyMap<string, KeyObject>;
  service: KioskService;
  log: KioskLogger;
  /** Environment for the new version's processes (ADM_CONFIG and the like). */
  env: NodeJS.ProcessEnv;
  node: string;
  /** Time the new version has, after the switch, to report healthy. */
  healthTimeoutMs: number;
  trialTimeoutMs: number;
  now?: () => Date;
  signal?: AbortSignal;
  /** This kiosk's id, which a rollback permit may name. */
  kioskId: string;
  /** A vendor-signed permit (already verified) to install one older version. */
  rollbackPermit?: RollbackPermit;
}

export interface Installed {
  version: string;
  from: string | null;
  slot: Slot;
  printable: string[];
}

export type UpdateFailure =
  | { code: 'refused'; refusal: BundleRefusal; message: string }
  | { code: 'busy'; message: string }
  | { code: 'pending'; message: string }
  | { code: 'same_version'; message: string }
  | { code: 'downgrade'; message: string }
  | { code: 'trial_failed'; trial: TrialFailure; message: string }
  | { code: 'not_switched'; message: string }
  | { code: 'rolled_back'; reason: string; message: string }
  | { code: 'rollback_failed'; reason: string; message: string };

const workDir = (dataDir: string, name: string) => join(dataDir, 'update', name);

/**
 * `adm update <bundle>`: verify → unpack into the other slot → the new version's self-test on a copy
 * of the store (the kiosk keeps serving) → stop → migrate a fresh copy → set the live store aside,
 * untouched → switch `current` → start → healthy within the time allowed, or roll back by itself.
 */
export async function installUpdate(bundle: string, deps: UpdaterDeps): Promise<Result<Installed, UpdateFailure>> {
  const { root, log } = deps;
  root.ensureLayout();
  const lock = root.lock();
  if ('heldBy' in lock) return err({ code: 'busy', message: `another update is running (pid ${lock.heldBy}); nothing was changed` });
  try {
    const state = root.readState();
    if (state.phase === 'switching') {
      return err({ code: 'pending', message: `an earlier update to ${state.to.version} was interrupted before it was confirmed; run 'adm update --rollback' first. Nothing was changed` });
    }
    const fromSlot = root.currentSlot();
    const fromVersion = fromSlot ? root.versionOf(fromSlot) : null;
    const target = root.otherSlot();

    // 1. Verify while unpacking into a staging folder; a refusal deletes it and touches nothing else.
    const staging = join(root.root, 'slots', `.incoming-${process.pid}`);
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    const opened = await openBundle(bundle, { trusted: deps.trusted, extractTo: staging, ...(deps.signal ? { signal: deps.signal } : {}) });
    if (!opened.ok) {
      rmSync(staging, { recursive: true, force: true });
      log.event('update.refused', { bundle, reason: opened.error.code, detail: opened.error.message });
      return err({ code: 'refused', refusal: opened.error, message: `update refused: ${opened.error.message}. Nothing was changed` });
    }
    const manifest = opened.value;
    log.event('update.verified', { bundle, version: manifest.version, keyId: manifest.keyId, files: manifest.files.length });
    if (manifest.version === fromVersion) {
      rmSync(staging, { recursive: true, force: true });
      return err({ code: 'same_version', message: `version ${manifest.version} is already installed; nothing was changed` });
    }
    // Only forward: an older signed bundle (one with a known hole) needs the vendor's rollback permit.
    if (fromVersion !== null && compareVersions(manifest.version, fromVersion) < 0) {
      const why = deps.rollbackPermit ? permitRefusal(deps.rollbackPermit, manifest.version, deps.kioskId, (deps.now ?? (() => new Date()))()) : 'no rollback permit was given';
      if (why !== null) {
        rmSync(staging, { recursive: true, force: true });
        log.event('update.refused', { bundle, reason: 'downgrade', detail: `${manifest.version} is older than ${fromVersion}: ${why}` });
        return err({ code: 'downgrade', message: `version ${manifest.version} is older than the installed ${fromVersion} and ${why}; nothing was changed` });
      }
      log.event('update.rollback_permitted', { from: fromVersion, version: manifest.version });
    }

    // 2. Into the slot that is not running. A failed step from here on leaves `current` as it was.
    rmSync(root.slotDir(target), { recursive: true, force: true });
    renameSync(staging, root.slotDir(target));
    log.event('update.installed', { version: manifest.version, slot: target, from: fromVersion });
    const trialEnv = deps.env;
    const trial = (storeDir: string) =>
      runTrial({ node: deps.node, appDir: root.slotDir(target), entry: manifest.entry, storeDir, env: trialEnv, timeoutMs: deps.trialTimeoutMs, ...(deps.signal ? { signal: deps.signal } : {}) });

    // 3. The new version's self-test on a copy while the old version keeps serving. Without a
    //    service manager nothing is serving, so the quiet copy of step 4 is the only one needed.
    const storePresent = hasStore(deps.dataDir);
    let printableBefore: string[] | null = null;
    const trialFailed = (failure: TrialFailure) => {
      log.event('update.trial_failed', { version: manifest.version, reason: failure.code, detail: failure.message });
      return err({ code: 'trial_failed' as const, trial: failure, message: `${failure.message}. The kiosk stays on ${fromVersion ?? 'no version'}; the store is untouched` });
    };
    if (deps.service.kind === 'systemd' || !storePresent) {
      const trialDir = workDir(deps.dataDir, 'trial');
      if (storePresent) {
        const copied = await copyStore(deps.dataDir, trialDir);
        if (!copied.ok) return err({ code: 'not_switched', message: `${copied.error.message}; nothing was switched` });
        printableBefore = lastPrintable(copied.value);
      } else {
        rmSync(trialDir, { recursive: true, force: true });
        mkdirSync(trialDir, { recursive: true });
      }
      const tried = await trial(trialDir);
      rmSync(trialDir, { recursive: true, force: true });
      if (!tried.ok) return trialFailed(tried.error);
    }

    // 4. Stop, and migrate a fresh copy of the now quiet store: the one that goes live.
    const stopped = await deps.service.stop(deps.signal);
    if (!stopped.ok) return err({ code: 'not_switched', message: `cannot stop the kiosk (${stopped.error.message}); nothing was switched` });
    const nextDir = workDir(deps.dataDir, 'next');
    const asideDir = workDir(deps.dataDir, 'aside');
    if (storePresent) {
      const copied = await copyStore(deps.dataDir, nextDir);
      if (!copied.ok) {
        await deps.service.start(deps.signal);
        return err({ code: 'not_switched', message: `${copied.error.message}; the kiosk was restarted on ${fromVersion ?? 'no version'}, the store untouched` });
      }
      printableBefore ??= lastPrintable(copied.value);
      const tried = await trial(nextDir);
      if (!tried.ok) {
        rmSync(nextDir, { recursive: true, force: true });
        await deps.service.start(deps.signal);
        return trialFailed(tried.error);
      }
    }

    // 5. Record the plan before moving anything, so a rollback after a power cut knows what to undo.
    root.writeState({
      phase: 'switching',
      from: fromSlot && fromVersion ? { slot: fromSlot, version: fromVersion } : null,
      to: { slot: target, version: manifest.version },
      startedAt: (deps.now ?? (() => new Date()))().toISOString(),
      storeAside: storePresent ? asideDir : null,
      printableBefore,
    });
    if (storePresent) {
      const aside = moveStore(deps.dataDir, asideDir);
      const placed = aside.ok ? moveStore(nextDir, deps.dataDir) : aside;
      if (!placed.ok) {
        const rb = await rollback(deps, placed.error.message, { locked: true });
        return err(rb.ok ? { code: 'rolled_back', reason: placed.error.message, message: `${placed.error.message}; rolled back` } : rb.error);
      }
      chownStoreToDir(deps.dataDir);
      rmSync(nextDir, { recursive: true, force: true });
    }
    root.point('previous', fromSlot);
    root.point('current', target);
    log.event('update.switched', { from: fromVersion, to: manifest.version, slot: target });

    // 6. Healthy within the time allowed, or back to what ran before.
    const verdict = await deps.service.startAndCheck({ version: manifest.version, printableBefore }, deps.healthTimeoutMs, deps.signal);
    if (!verdict.ok) {
      const rb = await rollback(deps, verdict.error.message, { locked: true });
      if (!rb.ok) return err(rb.error);
      return err({
        code: 'rolled_back',
        reason: verdict.error.message,
        message: `version ${manifest.version} did not report healthy (${verdict.error.message}); rolled back to ${fromVersion ?? 'no version'} with its store untouched`,
      });
    }
    if (storePresent) rmSync(asideDir, { recursive: true, force: true });
    root.writeState({ phase: 'confirmed', version: manifest.version, from: fromVersion, at: new Date().toISOString() });
    log.event('update.confirmed', { version: manifest.version, from: fromVersion, printable: verdict.value.printable });
    return ok({ version: manifest.version, from: fromVersion, slot: target, printable: verdict.value.printable });
  } finally {
    lock.release();
  }
}

export type RollbackDone = { rolledBack: false; state: UpdateState } | { rolledBack: true; restored: string | null; failed: string };

/**
 * Undoes a switch that was not confirmed: the new version's store goes to `update/failed-<version>`
 * for a technician, the untouched store comes back, `current` names the old slot again, and the
 * old version is started. Also run by the rollback unit when the new version keeps failing to start.
 */
export async function rollback(deps: UpdaterDeps, reason: string, options: { locked?: boolean } = {}): Promise<Result<RollbackDone, UpdateFailure>> {
  const { root, log } = deps;
  const lock = options.locked ? null : root.lock();
  if (lock && 'heldBy' in lock) return err({ code: 'busy', message: `the updater (pid ${lock.heldBy}) is running and rolls back by itself if it must` });
  try {
    const state = root.readState();
    if (state.phase !== 'switching') return ok({ rolledBack: false, state });
    await deps.service.stop(deps.signal);
    if (state.storeAside !== null) {
      const failedDir = workDir(deps.dataDir, `failed-${state.to.version}`);
      rmSync(failedDir, { recursive: true, force: true });
      const kept = moveStore(deps.dataDir, failedDir);
      const back = kept.ok ? moveStore(state.storeAside, deps.dataDir) : kept;
      if (!back.ok) {
        log.event('update.rollback_failed', { reason, detail: back.error.message });
        return err({ code: 'rollback_failed', reason, message: `ROLLBACK FAILED: ${back.error.message}. The untouched store is in ${state.storeAside}; see docs/install.md` });
      }
      rmSync(state.storeAside, { recursive: true, force: true });
    }
    root.point('current', state.from?.slot ?? null);
    root.point('previous', null);
    root.writeState({ phase: 'rolled-back', failed: state.to.version, restored: state.from?.version ?? null, reason, at: new Date().toISOString() });
    log.event('update.rolled_back', { failed: state.to.version, restored: state.from?.version ?? null, reason });
    if (state.from) await deps.service.start(deps.signal);
    return ok({ rolledBack: true, restored: state.from?.version ?? null, failed: state.to.version });
  } finally {
    if (lock && 'release' in lock) lock.release();
  }
}
