import type { Command } from '../command.ts';
import { loadConfig, formatProblem } from '../../config/load.ts';
import { doctorChecks } from '../../doctor/checks.ts';
import type { CheckOutcome } from '../../doctor/check.ts';
import { VERSION } from '../../version.ts';

const MARK: Record<CheckOutcome['status'], string> = { ok: 'ok  ', warn: 'warn', fail: 'FAIL' };

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'say what is configured, what is reachable and which system packages are missing',
  usage: '[--config FILE] [--json]',
  async run(argv) {
    const fileArg = argv.indexOf('--config');
    const file = fileArg >= 0 ? argv[fileArg + 1] : undefined;
    const json = argv.includes('--json');
    const loaded = loadConfig(file === undefined ? {} : { file });
    if (!loaded.ok) {
      for (const p of loaded.error) process.stderr.write(`${formatProblem(p)}\n`);
      return 2;
    }
    const { config } = loaded.value;
    const results: Array<{ check: string } & CheckOutcome> = [];
    const signal = AbortSignal.timeout(10_000);
    for (const check of doctorChecks) {
      try {
        for (const o of await check.run(config, signal, { configFile: loaded.value.file, env: process.env })) results.push({ check: check.name, ...o });
      } catch (e) {
        results.push({ check: check.name, status: 'fail', detail: `check crashed: ${(e as Error).message}` });
      }
    }
    const failed = results.some((r) => r.status === 'fail');
    if (json) {
      process.stdout.write(`${JSON.stringify({ version: VERSION, config: { file: loaded.value.file, overrides: loaded.value.overrides, kioskId: config.kiosk.id, dataDir: config.dataDir }, results }, null, 2)}\n`);
    } else {
      process.stdout.write(`adm ${VERSION}: kiosk ${config.kiosk.id} (region ${config.kiosk.regionCode}), config ${loaded.value.file ?? '(defaults)'}${loaded.value.overrides.length ? `, overrides ${loaded.value.overrides.join(' ')}` : ''}\n`);
      for (const r of results) process.stdout.write(`${MARK[r.status]}  ${r.check}: ${r.detail}\n`);
    }
    return failed ? 1 : 0;
  },
};
