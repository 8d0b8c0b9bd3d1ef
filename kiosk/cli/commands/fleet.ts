import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Command } from '../command.ts';
import { COMMAND_ARGS, COMMANDS, commandPrivateKey, generateCommandKeys, type CommandName } from '../../fleet/commands.ts';
import { err, ok, type Result } from '../../../core/result.ts';
import { sendCommand } from '../../fleet/commander.ts';
import { isTopicLevel } from '../../fleet/topics.ts';
import { safeUrl } from '../../fleet/publisher.ts';
import { FleetMonitor } from '../../fleet/monitor/monitor.ts';
import { fleetMetrics } from '../../fleet/monitor/metrics.ts';
import { startDashboard } from '../../fleet/monitor/dashboard.ts';
import { renderFleet } from '../../fleet/monitor/terminal.ts';
import { kioskJson } from '../../fleet/monitor/fleet-view.ts';
import { fleetReportCommand, REPORT_USAGE } from './fleet-report.ts';

const USAGE = `--broker URL [--region CODE] [--username USER] [--password-file FILE] [--session NAME]
                 [--http PORT [--http-host HOST] [--replica NAME]] [--once [--wait-ms MS]] [--json]
       adm fleet command --broker URL --key FILE --region CODE --kiosk ID ${COMMANDS.join('|')} [--timeout-ms MS]
         print-evidence --ledger ID; resolve-print --ledger ID --decision printed|not_printed --operator NAME [--note TEXT]
       adm fleet keygen --out FILE [--force]
       ${REPORT_USAGE}

The password may also come from ADM_FLEET_PASSWORD (never put it on the command line).`;

function fail(message: string, code = 2): number {
  process.stderr.write(`adm fleet: ${message}\n`);
  return code;
}

function password(values: { 'password-file'?: string }): string | undefined {
  if (values['password-file'] !== undefined) return readFileSync(values['password-file'], 'utf8').trim();
  return process.env.ADM_FLEET_PASSWORD || undefined;
}

async function keygen(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { out: { type: 'string' }, force: { type: 'boolean', default: false } } });
  if (values.out === undefined) return fail('keygen needs --out FILE (the private key is written there, mode 0600)');
  if (existsSync(values.out) && !values.force) return fail(`${values.out} exists; refusing to overwrite a fleet key (use --force if you mean it)`);
  const keys = generateCommandKeys();
  writeFileSync(values.out, keys.privatePem, { mode: 0o600 });
  process.stdout.write(
    [
      `private key written to ${values.out} (keep it on the operators' machine, never on a kiosk)`,
      'kiosk configuration (every kiosk of the fleet):',
      JSON.stringify({ fleet: { commandPublicKey: keys.publicBase64 } }, null, 2),
      '',
    ].join('\n'),
  );
  return 0;
}

/** `print-evidence --ledger ID`; `resolve-print --ledger ID --decision printed|not_printed --operator NAME [--note TEXT]`. */
function commandArgs(cmd: CommandName, v: { ledger?: string | undefined; decision?: string | undefined; note?: string | undefined; operator?: string | undefined }): Result<Record<string, unknown> | null, string> {
  if (cmd !== 'print-evidence' && cmd !== 'resolve-print') return ok(null);
  const args = cmd === 'print-evidence' ? { ledgerId: v.ledger } : { ledgerId: v.ledger, decision: v.decision, note: v.note ?? '', operator: v.operator };
  const checked = COMMAND_ARGS[cmd].safeParse(args);
  if (!checked.success) {
    const usage = cmd === 'print-evidence' ? '--ledger ID' : '--ledger ID --decision printed|not_printed --operator NAME [--note TEXT]';
    return err(`${cmd} needs ${usage} (${checked.error.issues[0]?.path.join('.') ?? ''}: ${checked.error.issues[0]?.message ?? 'invalid'})`);
  }
  return ok(checked.data);
}

async function command(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      broker: { type: 'string' },
      key: { type: 'string' },
      region: { type: 'string' },
      kiosk: { type: 'string' },
      username: { type: 'string' },
      'password-file': { type: 'string' },
      'timeout-ms': { type: 'string', default: '15000' },
      ledger: { type: 'string' },
      decision: { type: 'string' },
      note: { type: 'string', default: '' },
      operator: { type: 'string' },
    },
  });
  const cmd = positionals[0];
  if (values.broker === undefined || values.key === undefined || values.region === undefined || values.kiosk === undefined || cmd === undefined) {
    return fail(`usage: adm fleet command --broker URL --key FILE --region CODE --kiosk ID ${COMMANDS.join('|')}`);
  }
  if (!(COMMANDS as readonly string[]).includes(cmd)) return fail(`unknown command "${cmd}"; one of ${COMMANDS.join(', ')}`);
  if (!isTopicLevel(values.region) || !isTopicLevel(values.kiosk)) return fail('--region and --kiosk must be letters, digits, - and _');
  const args = commandArgs(cmd as CommandName, values);
  if (!args.ok) return fail(args.error);
  const timeoutMs = Number(values['timeout-ms']);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 100) return fail('--timeout-ms must be a whole number of at least 100');
  let keyText: string;
  try {
    keyText = readFileSync(values.key, 'utf8');
  } catch (e) {
    return fail(`cannot read the key ${values.key}: ${(e as Error).message}`);
  }
  const key = commandPrivateKey(keyText);
  if (!key.ok) return fail(`${values.key}: ${key.error.message}`);
  const r = await sendCommand({
    url: values.broker,
    username: values.username,
    password: password(values),
    address: { region: values.region, kiosk: values.kiosk },
    cmd: cmd as CommandName,
    ...(args.value ? { args: args.value } : {}),
    privateKey: key.value,
    timeoutMs,
  });
  if (!r.ok) return fail(`${r.error.code}: ${r.error.message}`, 1);
  const { event, diagnostics } = r.value;
  if (event.kind === 'command.refused') {
    process.stdout.write(`${values.region}/${values.kiosk} refused ${cmd}: ${String(event.data.reason)}\n`);
    return 1;
  }
  process.stdout.write(`${values.region}/${values.kiosk} did ${cmd} (nonce ${r.value.nonce})\n`);
  if (diagnostics) process.stdout.write(`${JSON.stringify(diagnostics.report, null, 2)}\n`);
  return 0;
}

async function monitor(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      broker: { type: 'string' },
      region: { type: 'string' },
      username: { type: 'string' },
      'password-file': { type: 'string' },
      session: { type: 'string' },
      http: { type: 'string' },
      'http-host': { type: 'string', default: '127.0.0.1' },
      replica: { type: 'string' },
      once: { type: 'boolean', default: false },
      'wait-ms': { type: 'string', default: '2000' },
      json: { type: 'boolean', default: false },
    },
  });
  if (values.broker === undefined) return fail(`usage: adm fleet ${USAGE}`);
  if (values.region !== undefined && !/^\d{4}$/.test(values.region)) return fail('--region is a four-digit regency/city code, e.g. 3506');
  const httpPort = values.http === undefined ? null : Number(values.http);
  if (httpPort !== null && (!Number.isInteger(httpPort) || httpPort < 0 || httpPort > 65535)) return fail('--http is a port number');
  const waitMs = Number(values['wait-ms']);
  if (!Number.isInteger(waitMs) || waitMs < 0) return fail('--wait-ms must be a whole number');
  if (values.replica !== undefined && !/^[A-Za-z0-9_.-]{1,40}$/.test(values.replica)) return fail('--replica is a short name: letters, digits, . _ -');

  const m = new FleetMonitor({ url: values.broker, username: values.username, password: password(values), region: values.region, session: values.session });
  const broker = safeUrl(values.broker);
  try {
    await m.ready(AbortSignal.timeout(15_000), { failFast: values.once });
  } catch (e) {
    await m.close();
    return fail((e as Error).message, 1);
  }
  const status = () => ({ status: m.status, lastError: m.lastError, broker });
  const dashboard = httpPort === null ? null : await startDashboard({ view: m.view, metrics: fleetMetrics(m.view, { replica: values.replica, monitor: m }), host: values['http-host'], port: httpPort, monitorStatus: status });
  if (dashboard) process.stderr.write(`adm fleet: dashboard at ${dashboard.url()}/ and Prometheus metrics at ${dashboard.url()}/metrics\n`);

  const screen = () =>
    renderFleet(m.view, {
      now: new Date(),
      columns: process.stdout.columns ?? 160,
      rows: values.once ? 100_000 : (process.stdout.rows ?? 50),
      header: `ADM fleet · ${broker} ${m.status}${m.lastError ? ` (${m.lastError})` : ''} · ${new Date().toISOString()}`,
      color: Boolean(process.stdout.isTTY),
    });

  if (values.once) {
    // Retained state and telemetry arrive right after the subscription; give them a moment.
    await new Promise((r) => setTimeout(r, waitMs));
    process.stdout.write(values.json ? `${JSON.stringify({ summary: m.view.summary(), kiosks: m.view.kiosks().map(kioskJson) })}\n` : `${screen()}\n`);
    await dashboard?.close();
    await m.close();
    return 0;
  }

  return new Promise<number>((resolve) => {
    const tty = Boolean(process.stdout.isTTY);
    const draw = () => process.stdout.write(tty ? `\x1b[H\x1b[2J${screen()}\n` : `${screen()}\n\n`);
    const timer = setInterval(draw, tty ? 1000 : 10_000);
    draw();
    const stop = () => {
      clearInterval(timer);
      void Promise.all([dashboard?.close(), m.close()]).then(() => resolve(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

export const fleetCommand: Command = {
  name: 'fleet',
  summary: 'watch every kiosk of the fleet live (terminal, dashboard, Prometheus), daily reports from Prometheus, send signed commands, make the command key',
  usage: USAGE,
  async run(argv) {
    try {
      if (argv[0] === 'keygen') return await keygen(argv.slice(1));
      if (argv[0] === 'command') return await command(argv.slice(1));
      if (argv[0] === 'report') return await fleetReportCommand(argv.slice(1), fail);
      return await monitor(argv);
    } catch (e) {
      // parseArgs throws for unknown options: a usage error, not a crash.
      const code = (e as { code?: string }).code;
      if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) return fail(`${(e as Error).message}\nusage: adm fleet ${USAGE}`);
      throw e;
    }
  },
};
