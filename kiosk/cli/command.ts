/** A subcommand of `adm`. It returns the exit code; it writes its own output. */
export interface Command {
  name: string;
  summary: string;
  /** Usage line(s) after `adm <name>`. */
  usage: string;
  run(argv: string[]): Promise<number>;
}
