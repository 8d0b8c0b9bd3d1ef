import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { err, ok, type Result } from '../../core/result.ts';
import { formatProblem, loadConfig } from '../config/load.ts';
import { openEmbeddedRegistry, type EmbeddedRegistry } from '../registry/embedded/embedded-registry.ts';

/**
 * Opens the embedded registry at `path` for `adm <command>`, hands it to `work` and closes it after;
 * 1 when it cannot be opened (the reason is on stderr).
 */
export async function onEmbeddedRegistry(command: string, path: string, work: (registry: EmbeddedRegistry) => Promise<number>): Promise<number> {
  const opened = openEmbeddedRegistry({ path });
  if (!opened.ok) {
    process.stderr.write(`adm ${command}: ${opened.error.message}\n`);
    return 1;
  }
  try {
    return await work(opened.value);
  } finally {
    await opened.value.close();
  }
}

/**
 * The embedded registry that `adm render` and `adm verify` read, as the configuration names it
 * (`dataDir` + `registry.path`, or `--registry FILE`). A missing file is reported, never created:
 * an empty registry would only say "not found" about everything.
 */
export function openConfiguredRegistry(options: { configFile?: string; registryFile?: string }): Result<EmbeddedRegistry, string> {
  let path = options.registryFile;
  if (path === undefined) {
    const loaded = loadConfig(options.configFile === undefined ? {} : { file: options.configFile });
    if (!loaded.ok) return err(loaded.error.map(formatProblem).join('\n'));
    const { config } = loaded.value;
    if (config.registry.mode !== 'embedded') return err(`registry.mode is "${config.registry.mode}": this command reads the embedded registry; pass --registry FILE`);
    path = isAbsolute(config.registry.path) ? config.registry.path : join(config.dataDir, config.registry.path);
  }
  if (!existsSync(path)) return err(`no embedded registry at ${path} (create one with 'adm seed', or pass --registry FILE)`);
  const opened = openEmbeddedRegistry({ path });
  if (!opened.ok) return err(`cannot open the registry at ${path}: ${opened.error.message}`);
  return ok(opened.value);
}
