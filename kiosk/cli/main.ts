import type { Command } from './command.ts';
import { VERSION } from '../version.ts';

/**
 * Every `adm` subcommand, loaded only when named: `adm start` must not pay for the benchmark's
 * browser driver or the updater's tar reader. Each area adds its own file under `commands/` and a
 * line here.
 */
const commands: Record<string, () => Promise<Command>> = {
  start: async () => (await import('./commands/start.ts')).startCommand,
  doctor: async () => (await import('./commands/doctor.ts')).doctorCommand,
  bench: async () => (await import('./commands/bench.ts')).benchCommand,
  audit: async () => (await import('./commands/audit.ts')).auditCommand,
  'pin-hash': async () => (await import('./commands/pin-hash.ts')).pinHashCommand,
  render: async () => (await import('./commands/render.ts')).renderCommand,
  verify: async () => (await import('./commands/verify.ts')).verifyCommand,
  update: async () => (await import('./commands/update.ts')).updateCommand,
  bundle: async () => (await import('./commands/update.ts')).bundleCommand,
  fleet: async () => (await import('./commands/fleet.ts')).fleetCommand,
  nik: async () => (await import('./commands/nik.ts')).nikCommand,
  seed: async () => (await import('./commands/seed.ts')).seedCommand,
  demo: async () => (await import('./commands/demo.ts')).demoCommand,
  registry: async () => (await import('./commands/registry.ts')).registryCommand,
  hours: async () => (await import('./commands/hours.ts')).hoursCommand,
};

async function help(): Promise<string> {
  const all = await Promise.all(Object.values(commands).map((load) => load()));
  const width = Math.max(...all.map((c) => c.name.length));
  return [
    `adm ${VERSION}: the ADM kiosk runtime`,
    '',
    'usage: adm <command> [options]',
    '',
    ...all.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run 'adm <command> --help' for a command's options.",
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${await help()}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const load = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!load) {
    process.stderr.write(`adm: unknown command '${name}'\n\n${await help()}\n`);
    return 2;
  }
  const command = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`usage: adm ${command.name} ${command.usage}\n\n${command.summary}\n`);
    return 0;
  }
  return command.run(rest);
}

const code = await main(process.argv.slice(2));
process.exitCode = code;
// A library's stray handle must not keep a finished command (or a stopped kiosk) alive.
setTimeout(() => process.exit(code), 500).unref();
