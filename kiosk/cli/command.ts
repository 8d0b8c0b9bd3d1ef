import { formatProblem, loadConfig, type LoadedConfig } from '../config/load.ts';

/** A subcommand of `adm`. It returns the exit code; it writes its own output. */
export interface Command {
  name: string;
  summary: string;
  /** Usage line(s) after `adm <name>`. */
  usage: string;
  run(argv: string[]): Promise<number>;
}

/**
 * The configuration in `file` (or the environment's, or the defaults), or null when it has
 * problems: each is written to stderr, then `refusal` if given.
 */
export function configFromFile(file: string | undefined, refusal?: (problems: number) => string): LoadedConfig | null {
  const loaded = loadConfig(file === undefined ? {} : { file });
  if (loaded.ok) return loaded.value;
  for (const p of loaded.error) process.stderr.write(`${formatProblem(p)}\n`);
  if (refusal) process.stderr.write(`${refusal(loaded.error.length)}\n`);
  return null;
}

/** The configuration named by `--config FILE`, as `configFromFile` reads it. */
export function configFromArgv(argv: string[], refusal?: (problems: number) => string): LoadedConfig | null {
  return configFromFile(option(argv, '--config'), refusal);
}

/** `--name value` from an argument list; `undefined` when absent. */
export function option(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}
