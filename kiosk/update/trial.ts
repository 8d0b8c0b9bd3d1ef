import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { openDatabase } from '../store/open-database.ts';
import { kioskMigrations } from '../store/migrations/index.ts';
import { KIOSK_DB_FILE } from '../store/kiosk-store.ts';
import { checkStore } from '../firmware/self-test.ts';
import { VERSION } from '../version.ts';
import { err, ok, type Result } from '../../core/result.ts';
import { StoreView } from '../store/store-view.ts';

/**
 * The new version's self-test before any switch, run by the NEW version's own code
 * (`node <slot>/<entry> update --trial-store DIR`): its migrations on a copy of the store, then the
 * store check of the boot self-test. It prints one JSON line (TrialReport) and exits 0 when it passed.
 */
export interface TrialReport {
  ok: boolean;
  version: string;
  fromVersion: number | null;
  schemaVersion: number | null;
  detail: string;
}

/** The new version's side: runs in the child. */
export function trialStore(storeDir: string): TrialReport {
  const opened = openDatabase({ path: join(storeDir, KIOSK_DB_FILE), migrations: kioskMigrations });
  if (!opened.ok) return { ok: false, version: VERSION, fromVersion: null, schemaVersion: null, detail: opened.error.message };
  const { db, fromVersion } = opened.value;
  try {
    const check = checkStore(db);
    return { ok: check.ok, version: VERSION, fromVersion, schemaVersion: check.schemaVersion, detail: `migrated ${fromVersion} → ${check.schemaVersion}; ${check.detail}` };
  } finally {
    // Leave the copy as one self-contained file: the updater moves it into place as the live store.
    new StoreView(db).checkpoint();
    db.close();
  }
}

export type TrialFailure = { code: 'trial_failed' | 'trial_timeout' | 'trial_crashed'; message: string; report?: TrialReport };

const MAX_OUTPUT = 256 * 1024;

/** The updater's side: runs the new version's trial on `storeDir` and reads its report, bounded in time and output. */
export function runTrial(options: {
  node: string;
  appDir: string;
  entry: string;
  storeDir: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  signal?: AbortSignal;
}): Promise<Result<TrialReport, TrialFailure>> {
  return new Promise((resolve) => {
    const child = spawn(options.node, [join(options.appDir, options.entry), 'update', '--trial-store', options.storeDir], {
      cwd: options.appDir,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let errText = '';
    child.stdout.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-MAX_OUTPUT)));
    child.stderr.on('data', (d: Buffer) => (errText = (errText + d.toString()).slice(-MAX_OUTPUT)));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    const onAbort = () => child.kill('SIGKILL');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve(err({ code: 'trial_crashed', message: `cannot run the new version: ${e.message}` }));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (timedOut) return resolve(err({ code: 'trial_timeout', message: `the new version's self-test did not finish within ${options.timeoutMs} ms` }));
      const last = out.trim().split('\n').pop() ?? '';
      let report: TrialReport | undefined;
      try {
        const parsed = JSON.parse(last) as TrialReport;
        if (typeof parsed.ok === 'boolean' && typeof parsed.detail === 'string') report = parsed;
      } catch {
        report = undefined;
      }
      if (report === undefined) {
        const why = errText.trim().split('\n').slice(-3).join(' / ') || `exit code ${code}`;
        return resolve(err({ code: 'trial_crashed', message: `the new version's self-test gave no report (${why})` }));
      }
      if (!report.ok || code !== 0) return resolve(err({ code: 'trial_failed', message: `the new version failed its self-test: ${report.detail}`, report }));
      resolve(ok(report));
    });
  });
}
