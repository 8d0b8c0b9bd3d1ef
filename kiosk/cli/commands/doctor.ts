import { configFromArgv, type Command } from '../command.ts';
import { doctorChecks } from '../../doctor/checks.ts';
import type { CheckOutcome } from '../../doctor/check.ts';
import { VERSION } from '../../version.ts';

const MARK: Record<CheckOutcome['status'], string> = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' };

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'say what is configured, what is reachable and which system packages are missing',
  usage: '[--config FILE] [--json]',
  async run(argv) {
    const json = argv.includes('--json');
    const loaded = configFromArgv(argv);
    if (!loaded) return 2;
    const { config } = loaded;
    const results: Array<{ check: string } & CheckOutcome> = [];
    const signal = AbortSignal.timeout(10_000);
    for (const check of doctorChecks) {
      try {
        for (const o of await check.run(config, signal, { configFile: loaded.file, env: process.env })) results.push({ check: check.name, ...o });
      } catch (e) {
        results.push({ check: check.name, status: 'fail', detail: `check crashed: ${(e as Error).message}` });
      }
    }
    const failed = results.some((r) => r.status === 'fail');
    if (json) {
      process.stdout.write(`${JSON.stringify({ version: VERSION, config: { file: loaded.file, overrides: loaded.overrides, kioskId: config.kiosk.id, dataDir: config.dataDir }, results }, null, 2)}\n`);
    } else {
      process.stdout.write(`adm ${VERSION}: kiosk ${config.kiosk.id} (region ${config.kiosk.regionCode}), config ${loaded.file ?? '(defaults)'}${loaded.overrides.length ? `, overrides ${loaded.overrides.join(' ')}` : ''}\n`);
      for (const r of results) process.stdout.write(`${MARK[r.status]}  ${r.check}: ${r.detail}\n`);
    }
    return failed ? 1 : 0;
  },
};
