import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import type { DoctorCheck } from './check.ts';
import { SYSTEM_PACKAGES, missingDebianPackages } from './system-packages.ts';
import { readStore } from '../store/store-view.ts';
import { storeReadingCheck } from './store-check.ts';

export const dataDirCheck: DoctorCheck = {
  name: 'data directory',
  run(config) {
    try {
      if (!existsSync(config.dataDir)) mkdirSync(config.dataDir, { recursive: true });
      accessSync(config.dataDir, constants.W_OK);
      return [{ status: 'ok', detail: `${config.dataDir} is writable` }];
    } catch (e) {
      return [{ status: 'fail', detail: `${config.dataDir}: ${(e as Error).message}` }];
    }
  },
};

export const storeCheck = storeReadingCheck('kiosk store', {
  absent: (path) => `${path} does not exist yet; the first start creates it`,
  inspect(_config, path) {
    const { quick, schemaVersion: version, expectedVersion } = readStore(path, (v) => v.health());
    if (quick !== 'ok') return [{ status: 'fail', detail: `${path} is damaged: ${quick}` }];
    if (version > expectedVersion) return [{ status: 'fail', detail: `${path} has schema ${version}, newer than this software (${expectedVersion})` }];
    return [{ status: 'ok', detail: `${path}: schema ${version} of ${expectedVersion}, integrity ok` }];
  },
  unreadable: (path, message) => `${path} is not a readable SQLite file: ${message}`,
});

export const httpPortCheck: DoctorCheck = {
  name: 'http port',
  run(config) {
    return new Promise((resolve) => {
      const probe = createServer();
      probe.once('error', (e: NodeJS.ErrnoException) =>
        resolve([{ status: 'warn', detail: `${config.http.host}:${config.http.port} is taken (${e.code ?? e.message}): a kiosk may already be running` }]),
      );
      probe.listen(config.http.port, config.http.host, () => {
        probe.close(() => resolve([{ status: 'ok', detail: `${config.http.host}:${config.http.port} is free` }]));
      });
    });
  },
};

export const systemPackagesCheck: DoctorCheck = {
  name: 'system packages',
  run() {
    const runtime = Object.keys(SYSTEM_PACKAGES.runtime);
    const test = Object.keys(SYSTEM_PACKAGES.test).filter((p) => !runtime.includes(p));
    const missingRuntime = missingDebianPackages(runtime);
    const missingTest = missingDebianPackages(test);
    if (missingRuntime === null || missingTest === null) return [{ status: 'warn', detail: 'dpkg-query not found: not a Debian system, packages not checked' }];
    return [
      missingRuntime.length === 0
        ? { status: 'ok', detail: `runtime packages present: ${runtime.join(', ')}` }
        : { status: 'warn', detail: `runtime packages missing: ${missingRuntime.map((p) => `${p} (${SYSTEM_PACKAGES.runtime[p] ?? ''})`).join(', ')}` },
      missingTest.length === 0
        ? { status: 'ok', detail: 'test packages present' }
        : { status: 'warn', detail: `test packages missing (npm test installs them as root): ${missingTest.join(', ')}` },
    ];
  },
};
