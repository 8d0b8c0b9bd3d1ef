import { readFileSync } from 'node:fs';
import { openTcpChannel } from '../common/tcp-channel.ts';
import { err, ok, type Result } from '../../kiosk/result.ts';
import type { UpsConfig } from './config.ts';
import { UpsDriver } from './driver.ts';
import { UpsSimulator } from './simulator.ts';

export interface CreatedUps {
  driver: UpsDriver;
  /** Simulated mode: the simulated upsd the dev panel and tests drive. */
  simulator: UpsSimulator | null;
  /** Stops what the factory started beside the driver (the simulated upsd). */
  close(): Promise<void>;
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

/** Picks no UPS, the simulated upsd or a real upsd from configuration. Call `driver.start()`. */
export async function createUps(config: UpsConfig): Promise<Result<CreatedUps, string>> {
  let credentials: { username: string; password: string } | null = null;
  if (config.username !== undefined && config.passwordFile !== undefined) {
    const pw = readUpsPassword(config.passwordFile);
    if (!pw.ok) return err(`devices.ups.passwordFile: ${pw.error}`);
    credentials = { username: config.username, password: pw.value };
  }
  const base = { mode: config.mode, upsName: config.name, credentials, pollIntervalMs: config.pollIntervalMs, timeoutMs: config.timeoutMs, backoff: { initialMs: 250, maxMs: config.reconnectMaxMs } };
  if (config.mode === 'simulated') {
    const simulator = new UpsSimulator({ name: config.name, ...(credentials ? { users: { [credentials.username]: credentials.password } } : {}) });
    const port = await simulator.listen(0, '127.0.0.1');
    const driver = new UpsDriver({ ...base, open: (s) => openTcpChannel('127.0.0.1', port, s, config.timeoutMs) });
    return ok({ driver, simulator, close: () => simulator.close() });
  }
  const driver = new UpsDriver({ ...base, open: (s) => openTcpChannel(config.host, config.port, s, config.timeoutMs) });
  return ok({ driver, simulator: null, close: async () => {} });
}
