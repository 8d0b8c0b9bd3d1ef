import type { Command } from './command.ts';
import { startCommand } from './commands/start.ts';
import { doctorCommand } from './commands/doctor.ts';
import { benchCommand } from './commands/bench.ts';
import { auditCommand } from './commands/audit.ts';
import { pinHashCommand } from './commands/pin-hash.ts';
import { renderCommand } from './commands/render.ts';
import { verifyCommand } from './commands/verify.ts';
import { updateCommand, bundleCommand } from './commands/update.ts';
import { fleetCommand } from './commands/fleet.ts';
import { nikCommand } from './commands/nik.ts';
import { seedCommand } from './commands/seed.ts';
import { demoCommand } from './commands/demo.ts';
import { registryCommand } from './commands/registry.ts';
import { VERSION } from '../version.ts';

/** Every `adm` subcommand; each area adds its own file under `commands/` and a line here. */
const commands: Command[] = [startCommand, doctorCommand, benchCommand, auditCommand, pinHashCommand, renderCommand, verifyCommand, updateCommand, bundleCommand, fleetCommand, nikCommand, seedCommand, demoCommand, registryCommand];

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `adm ${VERSION}: the ADM kiosk runtime`,
    '',
    'usage: adm <command> [options]',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run 'adm <command> --help' for a command's options.",
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${help()}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`adm: unknown command '${name}'\n\n${help()}\n`);
    return 2;
  }
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
