import { readFileSync } from 'node:fs';
import type { CreatedDevice } from '../common/created-device.ts';
import { openTcpChannel } from '../common/tcp-channel.ts';
import { err, ok, type Result } from '../../core/result.ts';
import type { UpsConfig } from './config.ts';
import { UpsDriver } from './driver.ts';
import { UpsSimulator } from './simulator.ts';

export type CreatedUps = CreatedDevice<UpsDriver, UpsSimulator>;

export interface UpsDeps {
  /** From `upsCredentials(config)`: null when upsd needs no login. */
  credentials: { username: string; password: string } | null;
}

/** The password from `passwordFile`: its first line. An unreadable file is a configuration error. */
export function readUpsPassword(file: string): Result<string, string> {
  try {
    const line = readFileSync(file, 'utf8').split('\n')[0]?.trim() ?? '';
    return line.length > 0 ? ok(line) : err(`${file} is empty`);
  } catch (e) {
    return err(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** The login for upsd from `username` and `passwordFile`; an unreadable file is a configuration error, said plainly. */
export function upsCredentials(config: UpsConfig): Result<{ username: string; password: string } | null, string> {
  if (config.username === undefined || config.passwordFile === undefined) return ok(null);
  const pw = readUpsPassword(config.passwordFile);
  if (!pw.ok) return err(`devices.ups.passwordFile: ${pw.error}`);
  return ok({ username: config.username, password: pw.value });
}

/** Picks the simulated upsd or a real upsd from configuration. Call `driver.start()`. */
export async function createUps(config: UpsConfig, deps: UpsDeps): Promise<CreatedUps> {
  const { credentials } = deps;
  const base = { mode: config.mode, upsName: config.name, credentials, pollIntervalMs: config.pollIntervalMs, timeoutMs: config.timeoutMs, backoff: { initialMs: 250, maxMs: config.reconnectMaxMs } };
  if (config.mode === 'simulated') {
    const simulator = new UpsSimulator({ name: config.name, ...(credentials ? { users: { [credentials.username]: credentials.password } } : {}) });
    const port = await simulator.listen(0, '127.0.0.1');
    const driver = new UpsDriver({ ...base, open: (s) => openTcpChannel('127.0.0.1', port, s, config.timeoutMs) });
    return { driver, simulator, link: null, close: () => simulator.close() };
  }
  const driver = new UpsDriver({ ...base, open: (s) => openTcpChannel(config.host, config.port, s, config.timeoutMs) });
  return { driver, simulator: null, link: null, close: async () => {} };
}
